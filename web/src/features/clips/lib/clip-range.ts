// In/out point arithmetic for clip-making: word (or cue) boundaries to nudge to, and ranges.
import type { Cue } from '../../../shared/api/index.ts';
import { estimateWordTimes } from '../../../../../server/clips/estimate-word-times.ts';
import { LONG_CUE_SECONDS, snapClipRange } from '../../../../../server/clips/snap-clip-range.ts';

export interface DraftRange {
  start: number | null;
  end: number | null;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/**
 * Where words (or, without word timings, cues) start and end, sorted and de-duplicated. In a
 * line over 15 s without word timings (a timestamped-text turn), where its words are estimated
 * to be said too, so "a word later" is a word later, not the end of the turn minutes away.
 */
export function boundaryTimes(cues: readonly Cue[], which: 'start' | 'end'): number[] {
  const times = new Set<number>();
  const long: Cue[] = [];
  for (const cue of cues) {
    if (cue.words && cue.words.length > 0) for (const w of cue.words) times.add(w[which]);
    else {
      times.add(cue[which]);
      if (cue.end - cue.start > LONG_CUE_SECONDS) long.push(cue);
    }
  }
  for (const words of estimateWordTimes(long).values()) for (const w of words) times.add(w[which]);
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

/**
 * The range and quote the server will save, for the preview: the server's own snapping
 * (server/clips/snap-clip-range.ts, pure). `widenedToLines` says the clip grew to whole
 * transcript lines, so the clip maker can say why it is longer than the range set; `estimated`
 * that an end stays inside a long line without word timings and the quote is estimated.
 */
export function previewClip(
  cues: readonly Cue[],
  start: number,
  end: number,
): { start: number; end: number; quote: string; widenedToLines: boolean; estimated: boolean } {
  const saved = snapClipRange(cues, start, end);
  return {
    start: saved.start,
    end: saved.end,
    quote: saved.quote,
    widenedToLines: saved.snappedTo === 'cues' && (saved.start < start - 0.001 || saved.end > end + 0.001),
    estimated: saved.snappedTo === 'estimated',
  };
}
