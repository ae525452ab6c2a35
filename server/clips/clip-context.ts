// Everything around a clip that pages, citations and exports need: its episode, show,
// the cues of its range, the speaker and the public links.
import type { Config } from '../config/env.ts';
import type { Clip, Cue, Episode, EpisodeAtCut, Show } from '../model/types.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import { GoneError } from '../errors.ts';
import { cuesInRange } from './clip-captions.ts';
import { inLongUntimedCue } from './snap-clip-range.ts';
import type { CitationSource } from './format-citation.ts';
import { formatTimeRange } from './format-timecode.ts';

export interface ClipLinks {
  page: string;
  embed: string;
  card: string;
  oembed: string;
  /** The stateless link that plays the same range on the episode page; absent once the episode is gone. */
  episodeRange?: string;
  /** The audio export; absent once the episode is gone (it would answer 410). */
  audio?: string;
}

/** The episode fields a clip shows and cites: the live episode's, or those kept at cut time. */
export type ClipEpisode = Pick<
  Episode,
  | 'id'
  | 'showId'
  | 'title'
  | 'date'
  | 'language'
  | 'media'
  | 'mediaType'
  | 'url'
  | 'license'
  | 'duration'
  | 'revision'
>;

export interface ClipContext {
  clip: Clip;
  /** When the episode is gone: rebuilt from the clip's stored details, without media. */
  episode: ClipEpisode;
  show: Show | null;
  /** The cues of the clip's range, cut to it (see cuesInRange), with their original times. */
  cues: Cue[];
  /** Everyone heard in the range, in order of appearance, comma-separated. */
  speaker: string | null;
  range: string;
  links: ClipLinks;
  citationSource: CitationSource;
  /** The episode's transcript was edited after the clip was cut (its quote is the stored one). */
  transcriptChanged: boolean;
  /** The episode left the archive: no media, no transcript; quote and citation as stored. */
  episodeGone: boolean;
  /**
   * An end of the clip is inside a long line without word timings (snap-clip-range.ts), so
   * its quote is the words estimated to be said in the range.
   */
  quoteEstimated: boolean;
}

/** The public base URL: configured, else the origin the request came to. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl'>, requestUrl: string): string {
  return (config.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}

const trimMs = (t: number) => String(Math.round(t * 1000) / 1000);

/** The clip's public links; those that need its episode are left out once it is gone. */
export function clipLinks(base: string, clip: Clip, episodeGone = false): ClipLinks {
  const id = encodeURIComponent(clip.id);
  const own = {
    page: `${base}/clips/${id}`,
    embed: `${base}/embed/clips/${id}`,
    card: `${base}/api/clips/${id}/card.png`,
    oembed: `${base}/oembed?url=${encodeURIComponent(`${base}/clips/${id}`)}&format=json`,
  };
  if (episodeGone) return own;
  return {
    ...own,
    episodeRange: `${base}/episodes/${encodeURIComponent(clip.episodeId)}#t=${trimMs(clip.start)},${trimMs(clip.end)}`,
    audio: `${base}/api/clips/${id}/export/audio`,
  };
}

export function episodePageUrl(base: string, episode: Pick<Episode, 'id' | 'url'>): string {
  return episode.url ?? `${base}/episodes/${encodeURIComponent(episode.id)}`;
}

/** Everyone heard in the range, in order of appearance (empty when the transcript names nobody). */
export function speakersInRange(cues: Cue[], start: number, end: number): string[] {
  const names: string[] = [];
  for (const cue of [...cues].sort((a, b) => a.start - b.start)) {
    if (!cue.speaker || Math.min(cue.end, end) - Math.max(cue.start, start) <= 0) continue;
    if (!names.includes(cue.speaker)) names.push(cue.speaker);
  }
  return names;
}

/** What a clip keeps of its episode and show when it is cut. */
export function episodeAtCut(
  episode: Episode,
  show: Show | null,
  cues: Cue[],
  start: number,
  end: number,
): EpisodeAtCut {
  return {
    showId: episode.showId,
    showTitle: show?.title ?? episode.showId,
    showUrl: show?.url ?? null,
    title: episode.title,
    date: episode.date,
    language: episode.language,
    speakers: speakersInRange(cues, start, end),
    mediaType: episode.mediaType,
    url: episode.url,
    license: episode.license ?? show?.license ?? null,
    duration: episode.duration,
    source: episode.source,
  };
}

/**
 * A clip whose episode left the archive, told from what it stored at cut time. A clip whose
 * episode was gone before clips stored anything still has its quote and range; its show
 * is guessed from the episode id (`<show>--<file>`).
 */
async function goneClipContext(store: ArchiveStore, clip: Clip, base: string): Promise<ClipContext> {
  const kept = clip.episodeAtCut;
  const showId = kept?.showId ?? clip.episodeId.split('--')[0] ?? clip.episodeId;
  const liveShow = kept ? null : await store.getShow(showId);
  const episode: ClipEpisode = {
    id: clip.episodeId,
    showId,
    title: kept?.title ?? clip.episodeId,
    date: kept?.date ?? null,
    language: kept?.language ?? null,
    media: null,
    mediaType: kept?.mediaType ?? null,
    url: kept?.url ?? null,
    license: kept ? kept.license : (liveShow?.license ?? null),
    duration: kept?.duration ?? clip.end,
    revision: clip.revision,
  };
  const show: Show | null = kept
    ? {
        id: showId,
        title: kept.showTitle,
        description: null,
        language: null,
        url: kept.showUrl,
        image: null,
        license: null,
      }
    : liveShow;
  const links = clipLinks(base, clip, true);
  return {
    clip,
    episode,
    show,
    cues: [],
    speaker: kept?.speakers.join(', ') || null,
    range: formatTimeRange(clip.start, clip.end),
    links,
    // The archive's episode page is gone: the clip page is what still answers.
    citationSource: { clip, episode, show, episodeUrl: episode.url ?? links.page },
    transcriptChanged: false,
    episodeGone: true,
    quoteEstimated: false,
  };
}

export async function loadClipContext(store: ArchiveStore, clip: Clip, base: string): Promise<ClipContext> {
  const episode = await store.getEpisode(clip.episodeId);
  if (!episode) return goneClipContext(store, clip, base);
  const [show, allCues] = await Promise.all([store.getShow(episode.showId), store.getCues(episode.id)]);
  // What the clip says: a cue it starts or ends inside keeps only the words of the range.
  const cues = cuesInRange(allCues, clip.start, clip.end);
  const transcriptChanged = episode.revision !== clip.revision;
  // Once the transcript changed (cues moved, say), the stored quote keeps the speakers
  // heard when it was cut: the new timings may put someone else in the range.
  const keptSpeakers = transcriptChanged ? clip.episodeAtCut?.speakers : undefined;
  return {
    clip,
    episode,
    show,
    cues,
    // Everyone quoted is credited, not only the one heard longest.
    speaker: (keptSpeakers ?? speakersInRange(cues, clip.start, clip.end)).join(', ') || null,
    range: formatTimeRange(clip.start, clip.end),
    links: clipLinks(base, clip),
    citationSource: { clip, episode, show, episodeUrl: episodePageUrl(base, episode) },
    transcriptChanged,
    episodeGone: false,
    quoteEstimated: inLongUntimedCue(allCues, clip.start) || inLongUntimedCue(allCues, clip.end),
  };
}

/** Said wherever a clip's episode is gone (Markdown, pack handout and offline page). */
export const episodeGoneNotice =
  'This episode is no longer in the archive: the quote and its citation are as they were when the clip was cut.';

/** Refuses an export that needs what left with the episode: its media or its transcript. */
export function assertEpisodeInArchive(ctx: ClipContext, needs: 'media' | 'transcript'): void {
  if (!ctx.episodeGone) return;
  const what =
    needs === 'media'
      ? 'its media is gone, so the clip cannot be cut'
      : 'its transcript is gone, so there are no captions';
  throw new GoneError(
    `The episode of this clip (${ctx.clip.episodeId}) is no longer in the archive: ${what}. The quote, its citation and the Markdown export still work.`,
    { episodeId: ctx.clip.episodeId, missing: needs },
  );
}
