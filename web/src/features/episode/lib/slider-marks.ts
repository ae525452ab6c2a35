/**
 * Marks the time slider can show apart: 3 px each on a slider about 500 px wide. More only
 * cost: a word said 1,200 times in an episode gave 1,200 marks, all restyled at each step
 * of the slider, several times a second, and playback stuttered.
 */
export const MAX_SLIDER_MARKS = 300;

/**
 * The times to mark on the slider of an episode of `duration` seconds: the first of those
 * in each 1/`max` of the episode (all of them when the duration is unknown), in time order.
 */
export function sliderMarkTimes(
  times: readonly number[],
  duration: number,
  max: number = MAX_SLIDER_MARKS,
): number[] {
  if (!(duration > 0) || times.length <= max) return [...times];
  const seen = new Set<number>();
  const kept: number[] = [];
  for (const time of [...times].sort((a, b) => a - b)) {
    const slot = Math.min(max - 1, Math.floor((time / duration) * max));
    if (seen.has(slot)) continue;
    seen.add(slot);
    kept.push(time);
  }
  return kept;
}
