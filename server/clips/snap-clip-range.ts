// A clip's ends move outward to word boundaries when the transcript has word timings, else to
// cue boundaries, so a clip never starts or stops mid-word and never loses any of the range
// the educator chose: an end inside a word (or cue) goes to that word's (cue's) edge, an end
// in a silence between them stays where it is.
import type { Cue } from '../model/types.ts';

export interface SnappedRange {
  start: number;
  end: number;
  /** The transcript text spoken inside the range. */
  quote: string;
  /** What the ends were snapped to. */
  snappedTo: 'words' | 'cues' | 'none';
}

interface Span {
  start: number;
  end: number;
  text: string;
}

const roundMs = (t: number) => Math.round(t * 1000) / 1000;
/** An end within a millisecond of a boundary is on it (times are kept to the millisecond). */
const EPSILON = 0.001;

/** Words when every cue overlapping the range has word timings, else whole cues. */
function spansAround(cues: Cue[], start: number, end: number): { spans: Span[]; kind: 'words' | 'cues' } {
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

/**
 * Widens [start, end] outward to the words (or, without word timings, cues) it cuts into.
 * A range that already starts and ends on boundaries, or in silences, is kept as it is.
 */
export function snapClipRange(cues: Cue[], start: number, end: number): SnappedRange {
  const { spans, kind } = spansAround(cues, start, end);
  if (spans.length === 0) return { start: roundMs(start), end: roundMs(end), quote: '', snappedTo: 'none' };
  const widened = widenToSpans(spans, start, end);
  return {
    start: roundMs(widened.start),
    end: roundMs(widened.end),
    quote: quoteOf(spans, widened.start, widened.end),
    snappedTo: kind,
  };
}
