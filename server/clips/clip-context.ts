// Everything around a clip that pages, citations and exports need: its episode, show,
// the cues of its range, the speaker and the public links.
import type { Config } from '../config/env.ts';
import type { Clip, Cue, Episode, Show } from '../model/types.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import { NotFoundError } from '../errors.ts';
import type { CitationSource } from './format-citation.ts';
import { formatTimeRange } from './format-timecode.ts';

export interface ClipLinks {
  page: string;
  embed: string;
  card: string;
  oembed: string;
  /** The stateless link that plays the same range on the episode page. */
  episodeRange: string;
  audio: string;
}

export interface ClipContext {
  clip: Clip;
  episode: Episode;
  show: Show | null;
  /** Cues overlapping the clip's range, with their original times. */
  cues: Cue[];
  /** Everyone heard in the range, in order of appearance, comma-separated. */
  speaker: string | null;
  range: string;
  links: ClipLinks;
  citationSource: CitationSource;
  /** The episode's transcript was edited after the clip was cut (its quote is the stored one). */
  transcriptChanged: boolean;
}

/** The public base URL: configured, else the origin the request came to. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl'>, requestUrl: string): string {
  return (config.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}

const trimMs = (t: number) => String(Math.round(t * 1000) / 1000);

export function clipLinks(base: string, clip: Clip): ClipLinks {
  const id = encodeURIComponent(clip.id);
  return {
    page: `${base}/clips/${id}`,
    embed: `${base}/embed/clips/${id}`,
    card: `${base}/api/clips/${id}/card.png`,
    oembed: `${base}/oembed?url=${encodeURIComponent(`${base}/clips/${id}`)}&format=json`,
    episodeRange: `${base}/episodes/${encodeURIComponent(clip.episodeId)}#t=${trimMs(clip.start)},${trimMs(clip.end)}`,
    audio: `${base}/api/clips/${id}/export/audio`,
  };
}

export function episodePageUrl(base: string, episode: Episode): string {
  return episode.url ?? `${base}/episodes/${encodeURIComponent(episode.id)}`;
}

/** Everyone heard in the range, in order of appearance (empty when the transcript names nobody). */
function speakersInRange(cues: Cue[], start: number, end: number): string[] {
  const names: string[] = [];
  for (const cue of [...cues].sort((a, b) => a.start - b.start)) {
    if (!cue.speaker || Math.min(cue.end, end) - Math.max(cue.start, start) <= 0) continue;
    if (!names.includes(cue.speaker)) names.push(cue.speaker);
  }
  return names;
}

export async function loadClipContext(store: ArchiveStore, clip: Clip, base: string): Promise<ClipContext> {
  const episode = await store.getEpisode(clip.episodeId);
  if (!episode) throw new NotFoundError('Episode', clip.episodeId);
  const [show, allCues] = await Promise.all([store.getShow(episode.showId), store.getCues(episode.id)]);
  const cues = allCues.filter((c) => c.end > clip.start && c.start < clip.end);
  return {
    clip,
    episode,
    show,
    cues,
    // Everyone quoted is credited, not only the one heard longest.
    speaker: speakersInRange(cues, clip.start, clip.end).join(', ') || null,
    range: formatTimeRange(clip.start, clip.end),
    links: clipLinks(base, clip),
    citationSource: { clip, episode, show, episodeUrl: episodePageUrl(base, episode) },
    transcriptChanged: episode.revision !== clip.revision,
  };
}
