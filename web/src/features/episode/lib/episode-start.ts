import { parseMediaFragment, parseTimecode } from '../../../shared/time/index.ts';

export interface EpisodeStart {
  /** Where playback starts (seconds). */
  startAt: number;
  /** A `#t=start,end` link plays only that range. */
  range: { start: number; end: number } | null;
  /** Find-in-transcript text from `?q=`. */
  query: string;
  /** Try to play on arrival: from a search hit, or a link naming a time. */
  autoPlay: boolean;
  /** The time a link asked for when it is past the episode's end (playback starts near the end). */
  pastEnd: number | null;
}

/** Reads `?t=&q=` and the media fragment `#t=start[,end]` (the fragment wins over `?t=`). */
export function readEpisodeStart(search: string, hash: string, historyState: unknown): EpisodeStart {
  const params = new URLSearchParams(search);
  const t = parseTimecode(params.get('t'));
  const fragment = parseMediaFragment(hash);
  const fromHit =
    typeof historyState === 'object' &&
    historyState !== null &&
    (historyState as { autoplay?: unknown }).autoplay === true;
  return {
    startAt: fragment?.start ?? t ?? 0,
    range: fragment && fragment.end !== null ? { start: fragment.start, end: fragment.end } : null,
    query: params.get('q') ?? '',
    autoPlay: fromHit || t !== null || fragment !== null,
    pastEnd: null,
  };
}

/** How long before the end a link past the end starts playing. */
export const PAST_END_LEAD_SECONDS = 5;

/**
 * The start fitted to an episode of `duration` seconds (0: unknown, left as is): a time
 * past the end starts a few seconds before it (and says so), and a range ends at the end.
 */
export function fitEpisodeStart(start: EpisodeStart, duration: number): EpisodeStart {
  if (!(duration > 0)) return start;
  if (start.startAt >= duration) {
    return {
      ...start,
      startAt: Math.max(0, duration - PAST_END_LEAD_SECONDS),
      range: null,
      pastEnd: start.startAt,
    };
  }
  if (start.range && start.range.end > duration)
    return { ...start, range: { ...start.range, end: duration } };
  return start;
}

/** Where the listener was in the episode of this history entry (written as it plays). */
export function readResumeAt(historyState: unknown): number | null {
  if (typeof historyState !== 'object' || historyState === null) return null;
  const at = (historyState as { resumeAt?: unknown }).resumeAt;
  return typeof at === 'number' && Number.isFinite(at) && at > 0 ? at : null;
}

/** Notes in the current history entry where the listener is, keeping what else it holds. */
export function writeResumeAt(time: number): void {
  const state = window.history.state as unknown;
  const kept = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState({ ...kept, resumeAt: time }, '');
}

/**
 * The start of an episode opened again from its history entry (a reload, Back then Forward):
 * where the listener was, not the second the link named. A range still plays its range, and
 * an episode heard to its end starts where the link says.
 */
export function resumeEpisodeStart(
  start: EpisodeStart,
  historyState: unknown,
  duration: number,
): EpisodeStart {
  const at = readResumeAt(historyState);
  if (at === null || start.range || (duration > 0 && at >= duration - 1)) return start;
  return { ...start, startAt: at, pastEnd: null };
}
