// A clip's ends move outward to word boundaries when the transcript has word timings, else to
// cue boundaries, so a clip never starts or stops mid-word and never loses any of the range
// the educator chose: an end inside a word (or cue) goes to that word's (cue's) edge, an end
// in a silence between them stays where it is.
// Except inside a long line without word timings (a timestamped-text turn of minutes): there
// the cue's edge can be minutes away, and a 20 s clip would become the whole 3 min turn. An
// end more than NEAR_EDGE_SECONDS inside such a line stays where it was put, and the quote is
// the words estimated to be said in the range (estimate-word-times.ts).
// Pure (no node import): the clip maker runs it to preview the clip the server will save.
import type { Cue } from '../model/types.ts';
import { estimateWordTimes, wordsInside } from './estimate-word-times.ts';

export interface SnappedRange {
  start: number;
  end: number;
  /** The transcript text spoken inside the range. */
  quote: string;
  /**
   * What the ends were snapped to; 'estimated': an end was kept inside a long line without
   * word timings, so the quote is the words estimated to be said in the range.
   */
  snappedTo: 'words' | 'cues' | 'none' | 'estimated';
}

/**
 * A line longer than this is a turn or a paragraph, not a caption: subtitle lines last at
 * most ~7 s and a spoken sentence rarely more than 15 s, while timestamped text gives one cue
 * per stretch between markers, often minutes. Lines up to 15 s keep widening to their edges
 * (a clip grows by less than the line, as before: a 0–1 s range in a 14 s line is the line).
 */
export const LONG_CUE_SECONDS = 15;
/**
 * Within this of a long line's edge an end still goes out to it: the edge is a time the
 * transcript vouches for, better than an estimate, and costs a few words at most.
 */
export const NEAR_EDGE_SECONDS = 3;

interface Span {
  start: number;
  end: number;
  text: string;
}

const roundMs = (t: number) => Math.round(t * 1000) / 1000;
/** An end within a millisecond of a boundary is on it (times are kept to the millisecond). */
const EPSILON = 0.001;

/** Words when every cue overlapping the range has word timings, else whole cues. */
function spansAround(
  cues: readonly Cue[],
  start: number,
  end: number,
): { spans: Span[]; kind: 'words' | 'cues' } {
  const near = cues.filter((c) => c.end > start - 30 && c.start < end + 30);
  const withWords = near.filter((c) => c.words && c.words.length > 0);
  if (near.length > 0 && withWords.length === near.length) {
    return { spans: near.flatMap((c) => c.words ?? []).map((w) => ({ ...w })), kind: 'words' };
  }
  return { spans: near.map((c) => ({ start: c.start, end: c.end, text: c.text })), kind: 'cues' };
}

function quoteOf(spans: Span[], start: number, end: number): string {
  return spans
    .filter((s) => {
      const mid = (s.start + s.end) / 2;
      return mid >= start && mid <= end;
    })
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** [start, end] widened so that every span it cuts into is whole. */
export function widenToSpans(
  spans: readonly { start: number; end: number }[],
  start: number,
  end: number,
): { start: number; end: number } {
  let from = start;
  let to = end;
  for (const s of spans) {
    if (s.start < start - EPSILON && s.end > start + EPSILON) from = Math.min(from, s.start);
    if (s.start < end - EPSILON && s.end > end + EPSILON) to = Math.max(to, s.end);
  }
  return { start: from, end: to };
}

/** Whether `time` is inside a line without word timings longer than LONG_CUE_SECONDS. */
export function inLongUntimedCue(cues: readonly Cue[], time: number): boolean {
  return cues.some(
    (c) =>
      !(c.words && c.words.length > 0) &&
      c.end - c.start > LONG_CUE_SECONDS &&
      c.start < time - EPSILON &&
      c.end > time + EPSILON,
  );
}

/**
 * The quote of [start, end] when it may cut lines without word timings: whole lines inside
 * it, and of a line it cuts, the words (timed, else estimated) whose middle is inside.
 */
function quoteCuttingLines(near: readonly Cue[], start: number, end: number): string {
  const estimated = estimateWordTimes(near.filter((c) => c.start < start - EPSILON || c.end > end + EPSILON));
  const spans = near.flatMap((c): Span[] => {
    if (c.start >= start - EPSILON && c.end <= end + EPSILON) return [c];
    const words = c.words && c.words.length > 0 ? c.words : (estimated.get(c) ?? []);
    return wordsInside(words, start, end);
  });
  return quoteOf(spans, start, end);
}

/**
 * Widens [start, end] outward to the words (or, without word timings, cues) it cuts into.
 * A range that already starts and ends on boundaries, or in silences, is kept as it is; an
 * end deep inside a long line without word timings too (see LONG_CUE_SECONDS).
 */
export function snapClipRange(cues: readonly Cue[], start: number, end: number): SnappedRange {
  const { spans, kind } = spansAround(cues, start, end);
  if (spans.length === 0) return { start: roundMs(start), end: roundMs(end), quote: '', snappedTo: 'none' };
  const widened = widenToSpans(spans, start, end);
  if (kind === 'cues') {
    const keepStart = start - widened.start > NEAR_EDGE_SECONDS && inLongUntimedCue(cues, start);
    const keepEnd = widened.end - end > NEAR_EDGE_SECONDS && inLongUntimedCue(cues, end);
    if (keepStart || keepEnd) {
      const from = keepStart ? start : widened.start;
      const to = keepEnd ? end : widened.end;
      const near = cues.filter((c) => c.end > from && c.start < to);
      return {
        start: roundMs(from),
        end: roundMs(to),
        quote: quoteCuttingLines(near, from, to),
        snappedTo: 'estimated',
      };
    }
  }
  return {
    start: roundMs(widened.start),
    end: roundMs(widened.end),
    quote: quoteOf(spans, widened.start, widened.end),
    snappedTo: kind,
  };
}
