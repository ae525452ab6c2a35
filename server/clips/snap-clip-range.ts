// A clip's ends move to the nearest word boundary when the transcript has word timings,
// else to the nearest cue boundary, so a clip never starts or stops mid-word.
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

function nearest(values: number[], target: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (best === undefined || Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

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

/**
 * Snaps [start, end] to the nearest span starts/ends. If snapping to the nearest would
 * empty the range (a selection inside one long cue), it widens to the spans that contain
 * the ends instead, so the clip always holds at least one word or cue.
 */
export function snapClipRange(cues: Cue[], start: number, end: number): SnappedRange {
  const { spans, kind } = spansAround(cues, start, end);
  if (spans.length === 0) return { start: roundMs(start), end: roundMs(end), quote: '', snappedTo: 'none' };

  let snappedStart = nearest(
    spans.map((s) => s.start),
    start,
  );
  let snappedEnd = nearest(
    spans.map((s) => s.end),
    end,
  );
  if (snappedStart === undefined || snappedEnd === undefined || snappedEnd <= snappedStart) {
    const containingStart = spans.find((s) => s.end > start) ?? spans[spans.length - 1];
    const containingEnd = [...spans].reverse().find((s) => s.start < end) ?? spans[0];
    snappedStart = containingStart?.start ?? start;
    snappedEnd = Math.max(containingEnd?.end ?? end, containingStart?.end ?? end);
  }
  return {
    start: roundMs(snappedStart),
    end: roundMs(snappedEnd),
    quote: quoteOf(spans, snappedStart, snappedEnd),
    snappedTo: kind,
  };
}
