import type { Cue } from '../../../shared/api/index.ts';

/**
 * Index of the cue being spoken at `time`: the last cue started at or before it. Between
 * cues the previous one stays current, so the highlight does not flicker in pauses.
 * -1 before the first cue. Cues are sorted by start (ingest guarantees it).
 */
export function findActiveCueIndex(cues: readonly Pick<Cue, 'start' | 'end'>[], time: number): number {
  let low = 0;
  let high = cues.length - 1;
  let found = -1;
  // A seek lands a few ms before the cue start it aimed at (float rounding, keyframes).
  const target = time + 0.05;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((cues[mid]?.start ?? Infinity) <= target) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
