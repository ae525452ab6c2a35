// In/out point arithmetic for clip-making: word (or cue) boundaries to nudge to, and ranges.
import type { Cue } from '../../../shared/api/index.ts';

export interface DraftRange {
  start: number | null;
  end: number | null;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** Where words (or, without word timings, cues) start and end, sorted and de-duplicated. */
export function boundaryTimes(cues: readonly Cue[], which: 'start' | 'end'): number[] {
  const times = new Set<number>();
  for (const cue of cues) {
    if (cue.words && cue.words.length > 0) for (const w of cue.words) times.add(w[which]);
    else times.add(cue[which]);
  }
  return [...times].sort((a, b) => a - b);
}

/** The next boundary after `time` (direction 1) or before it (direction -1); `time` if none. */
export function stepToBoundary(boundaries: readonly number[], time: number, direction: 1 | -1): number {
  const epsilon = 0.001;
  if (direction === 1) return boundaries.find((b) => b > time + epsilon) ?? time;
  for (let i = boundaries.length - 1; i >= 0; i--) {
    const b = boundaries[i];
    if (b !== undefined && b < time - epsilon) return b;
  }
  return time;
}

export function clampTime(time: number, duration: number): number {
  return round(Math.min(Math.max(0, time), duration > 0 ? duration : Number.POSITIVE_INFINITY));
}

/** A range from a run of selected cues (inclusive indexes). */
export function rangeFromCueSelection(
  cues: readonly Cue[],
  startIndex: number,
  endIndex: number,
): DraftRange {
  const first = cues[Math.min(startIndex, endIndex)];
  const last = cues[Math.max(startIndex, endIndex)];
  return { start: first?.start ?? null, end: last?.end ?? null };
}

export function isCompleteRange(range: DraftRange): range is { start: number; end: number } {
  return range.start !== null && range.end !== null && range.end > range.start;
}

function nearest(values: readonly number[], target: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (best === undefined || Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

/**
 * The range and quote the server will save (server/clips/snap-clip-range.ts, which the web
 * cannot import), for the preview. Without word timings around the range, each end goes to
 * the nearest cue boundary (widening to the cues holding the ends if that would empty it),
 * so an end a little before a cue's end drops that cue; with them, the range stays as set
 * and the quote keeps the words whose middle is inside.
 */
export function previewClip(
  cues: readonly Cue[],
  start: number,
  end: number,
): { start: number; end: number; quote: string } {
  const near = cues.filter((c) => c.end > start - 30 && c.start < end + 30);
  const timed = near.length > 0 && near.every((c) => c.words && c.words.length > 0);
  if (timed || near.length === 0) return { start, end, quote: previewQuote(cues, start, end) };
  let from = nearest(
    near.map((c) => c.start),
    start,
  );
  let to = nearest(
    near.map((c) => c.end),
    end,
  );
  if (from === undefined || to === undefined || to <= from) {
    const first = near.find((c) => c.end > start) ?? near[near.length - 1];
    const last = [...near].reverse().find((c) => c.start < end) ?? near[0];
    from = first?.start ?? start;
    to = Math.max(last?.end ?? end, first?.end ?? end);
  }
  const inside = (c: Cue) => (c.start + c.end) / 2 >= from && (c.start + c.end) / 2 <= to;
  const quote = near
    .filter(inside)
    .map((c) => c.text.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
  return { start: from, end: to, quote };
}

/**
 * The transcript text of a range, for the preview (the server records the exact quote). With
 * word timings, a cue the range starts or ends inside gives only its words whose middle is in
 * the range, as the saved quote will; without them, the whole cue (the clip snaps to it).
 */
export function previewQuote(cues: readonly Cue[], start: number, end: number): string {
  return cues
    .filter((c) => c.end > start && c.start < end)
    .map((c) => {
      if (!c.words || c.words.length === 0) return c.text;
      const inside = c.words.filter((w) => (w.start + w.end) / 2 >= start && (w.start + w.end) / 2 <= end);
      return inside.length === c.words.length ? c.text : inside.map((w) => w.text).join(' ');
    })
    .filter((text) => text.trim() !== '')
    .join(' ');
}
