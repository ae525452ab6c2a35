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
  };
}
