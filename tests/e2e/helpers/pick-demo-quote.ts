// Picks, from the running archive, a quote that starts at a cue's first word and runs on
// into the next cue, so tests never hard-code transcript text or times.
import type { Cue } from '../../../server/model/types.ts';

export interface CrossCueQuote {
  episodeId: string;
  /** What a user types: words of cue i, then the first words of cue i + 1. */
  quote: string;
  /** Where the quote is spoken: the start of cue i. */
  expectedStart: number;
  cues: Cue[];
  duration: number;
}

interface EpisodeList {
  items: Array<{ id: string; mediaUrl: string | null; duration: number }>;
}

const words = (text: string) =>
  text
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);

export async function pickCrossCueQuote(baseUrl: string, minStart = 8): Promise<CrossCueQuote> {
  const list = (await (await fetch(`${baseUrl}/api/episodes?limit=100`)).json()) as EpisodeList;
  for (const item of list.items) {
    if (!item.mediaUrl) continue;
    const detail = (await (await fetch(`${baseUrl}/api/episodes/${encodeURIComponent(item.id)}`)).json()) as {
      cues: Cue[];
    };
    const cues = detail.cues;
    for (let i = 0; i + 1 < cues.length; i++) {
      const cue = cues[i]!;
      const next = cues[i + 1]!;
      const first = words(cue.text);
      const second = words(next.text);
      // Long enough to be specific, short enough to be typed; well inside the media.
      if (cue.start < minStart || first.length < 4 || first.length > 9 || second.length < 3) continue;
      if (next.start - cue.end > 1.5 || first.some((w) => w.length < 2) || /\d/.test(cue.text)) continue;
      const quote = [...first, ...second.slice(0, 3)].join(' ');
      // The quote must lead back to this moment only: check with the real search.
      const search = (await (
        await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(`"${quote}"`)}&limit=5`)
      ).json()) as { hits: Array<{ episode: { id: string }; start: number }> };
      const hit = search.hits[0];
      if (search.hits.length !== 1 || hit?.episode.id !== item.id || Math.abs(hit.start - cue.start) > 0.3)
        continue;
      return { episodeId: item.id, quote, expectedStart: cue.start, cues, duration: item.duration };
    }
  }
  throw new Error('The demo archive has no cue pair to build a cross-cue quote from');
}
