import type { PlayerChapter } from '../player-adapter.ts';

function vttTimestamp(seconds: number): string {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(rest, 3)}`;
}

/** A WebVTT chapters track; titles are cue text, so line breaks and `-->` are neutralised. */
export function chaptersToVtt(chapters: readonly PlayerChapter[]): string {
  const blocks = chapters
    .filter((c) => c.end > c.start)
    .map((c, i) => {
      const title = c.title.replace(/\s+/g, ' ').replace(/-->/g, '→').trim() || String(i + 1);
      return `${i + 1}\n${vttTimestamp(c.start)} --> ${vttTimestamp(c.end)}\n${title}`;
    });
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
