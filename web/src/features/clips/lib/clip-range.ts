// In/out point arithmetic for clip-making: word (or cue) boundaries to nudge to, and ranges.
import type { Cue } from '../../../shared/api/index.ts';
import { estimateWordTimes, wordsInside } from '../../../../../server/clips/estimate-word-times.ts';

export interface DraftRange {
  start: number | null;
  end: number | null;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** As the server's snap-clip-range.ts: a line longer than this is a turn, not a caption. */
const LONG_CUE_SECONDS = 15;

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

/** Within this of a long line's edge an end still goes out to it. */
const NEAR_EDGE_SECONDS = 3;

function inLongUntimedCue(cues: readonly Cue[], time: number): boolean {
  return cues.some(
    (c) =>
      !(c.words && c.words.length > 0) &&
      c.end - c.start > LONG_CUE_SECONDS &&
      c.start < time - 0.001 &&
      c.end > time + 0.001,
  );
}

/**
 * The range and quote the server will save (server/clips/snap-clip-range.ts, which the web
 * cannot import), for the preview. Each end inside a word (without word timings around the
 * range: inside a cue) moves out to its edge, so the clip never loses any of the range set;
 * an end in a silence stays. `widenedToLines` says the clip grew to whole transcript lines,
 * so the clip maker can say why it is longer than the range set. An end more than 3 s inside
 * a line over 15 s long without word timings (a timestamped-text turn) stays where it is set,
 * and the quote is the words estimated to be said in the range: `estimated` says so.
 */
export function previewClip(
  cues: readonly Cue[],
  start: number,
  end: number,
): { start: number; end: number; quote: string; widenedToLines: boolean; estimated: boolean } {
  const near = cues.filter((c) => c.end > start - 30 && c.start < end + 30);
  const timed = near.length > 0 && near.every((c) => c.words && c.words.length > 0);
  const spans = timed
    ? near.flatMap((c) => c.words ?? [])
    : near.map((c) => ({ start: c.start, end: c.end, text: c.text }));
  const epsilon = 0.001;
  let from = start;
  let to = end;
  for (const s of spans) {
    if (s.start < start - epsilon && s.end > start + epsilon) from = Math.min(from, s.start);
    if (s.start < end - epsilon && s.end > end + epsilon) to = Math.max(to, s.end);
  }
  if (!timed && near.length > 0) {
    const keepStart = start - from > NEAR_EDGE_SECONDS && inLongUntimedCue(cues, start);
    const keepEnd = to - end > NEAR_EDGE_SECONDS && inLongUntimedCue(cues, end);
    if (keepStart || keepEnd) {
      if (keepStart) from = start;
      if (keepEnd) to = end;
      return {
        start: round(from),
        end: round(to),
        quote: quoteCuttingLines(cues, from, to),
        widenedToLines: false,
        estimated: true,
      };
    }
  }
  from = round(from);
  to = round(to);
  const widenedToLines = !timed && near.length > 0 && (from < start - epsilon || to > end + epsilon);
  if (timed || near.length === 0)
    return { start: from, end: to, quote: previewQuote(cues, from, to), widenedToLines, estimated: false };
  const inside = (c: Cue) => (c.start + c.end) / 2 >= from && (c.start + c.end) / 2 <= to;
  const quote = near
    .filter(inside)
    .map((c) => c.text.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
  return { start: from, end: to, quote, widenedToLines, estimated: false };
}

/**
 * The quote of a range that cuts lines without word timings: whole lines inside it, and of
 * a line it cuts, the words (timed, else estimated) whose middle is inside.
 */
function quoteCuttingLines(cues: readonly Cue[], start: number, end: number): string {
  const near = cues.filter((c) => c.end > start && c.start < end);
  const cut = (c: Cue) => c.start < start - 0.001 || c.end > end + 0.001;
  const estimated = estimateWordTimes(near.filter(cut));
  return near
    .flatMap((c) => {
      if (!cut(c)) return [c.text];
      const words = c.words && c.words.length > 0 ? c.words : (estimated.get(c) ?? []);
      return wordsInside(words, start, end).map((w) => w.text);
    })
    .map((text) => text.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
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
