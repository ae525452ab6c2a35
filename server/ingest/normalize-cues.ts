// One pass every parsed transcript goes through before it is stored, whatever its format:
// - text whitespace collapsed, speaker trimmed; cues left with no text dropped;
// - times rounded to the millisecond (negative times clamped to 0);
// - sorted by start (stable: cues starting together keep their file order);
// - repetition loops collapsed: a cue with the same text and speaker as the previous
//   one that starts within 0.25 s of its end (or overlaps it), the way speech
//   recognisers repeat "Yeah." for seconds, becomes one cue spanning them all;
// - zero or negative durations repaired: the cue ends at its last word when it has word
//   timings, else at the next later cue's start, capped at an estimate of its reading
//   time (0.4 s per word = 150 words/min, between 0.5 s and 5 s) so one cue before a long
//   silence does not swallow it;
// - genuine overlaps (crosstalk: different text or speaker) are kept as they are.
import type { Cue, WordTiming } from '../model/types.ts';
import { collapseWhitespace, countWords, detachedString } from './parsers/cue-text.ts';
import type { ParseWarning } from './parsers/parser-types.ts';
import { formatClock } from './parsers/timecode.ts';

export const REPETITION_GAP_SECONDS = 0.25;
export const SECONDS_PER_WORD = 0.4;
const MIN_REPAIRED_DURATION = 0.5;
const MAX_REPAIRED_DURATION = 5;

const toMs = (seconds: number): number => Math.round(Math.max(0, seconds) * 1000);
/** Seconds rounded to the millisecond; toMs of such a value is exact, so comparisons are too. */
const roundToMs = (seconds: number): number => toMs(seconds) / 1000;

/**
 * Normalises the parser's cues in place (the objects and the array are reused, the array
 * cut to the cues kept): a long recording's cues are the largest thing its ingest holds,
 * and a copy per step (times in ms, then back in seconds) held three of them at once.
 */
export function normalizeCues(input: Cue[]): { cues: Cue[]; warnings: ParseWarning[] } {
  const warnings: ParseWarning[] = [];

  let kept = 0;
  let empty = 0;
  for (const cue of input) {
    const text = collapseWhitespace(cue.text);
    if (text === '' || !Number.isFinite(cue.start) || !Number.isFinite(cue.end)) {
      empty++;
      continue;
    }
    // Copies, so the cues do not keep the file's whole text alive (see detachedString).
    cue.text = detachedString(text);
    cue.speaker = cue.speaker === null ? null : detachedString(collapseWhitespace(cue.speaker)) || null;
    cue.start = roundToMs(cue.start);
    cue.end = roundToMs(cue.end);
    if (cue.words) {
      const words = cue.words.every(isTimedWord) ? cue.words : cue.words.filter(isTimedWord);
      for (const w of words) {
        w.text = w.text.trim();
        w.start = roundToMs(w.start);
        w.end = roundToMs(w.end);
      }
      if (words.length > 0) cue.words = words;
      else delete cue.words;
    }
    input[kept++] = cue;
  }
  input.length = kept;
  if (empty > 0) warnings.push({ message: `dropped ${empty} cue(s) without text` });

  input.sort((a, b) => a.start - b.start);

  let collapsedCount = 0;
  let loopStart: Cue | null = null;
  let loopLength = 0;
  const reportLoop = (): void => {
    if (loopStart && loopLength > 0) {
      warnings.push({
        message: `collapsed ${loopLength + 1} repeated cues "${shorten(loopStart.text)}" at ${formatClock(loopStart.start)} (speech-recogniser repetition loop)`,
      });
    }
    loopStart = null;
    loopLength = 0;
  };
  for (const cue of input) {
    const previous = collapsedCount > 0 ? input[collapsedCount - 1] : undefined;
    if (
      previous &&
      previous.text === cue.text &&
      previous.speaker === cue.speaker &&
      toMs(cue.start) <= Math.max(toMs(previous.end), toMs(previous.start)) + REPETITION_GAP_SECONDS * 1000
    ) {
      previous.end = Math.max(previous.end, cue.end);
      if (loopStart !== previous) {
        reportLoop();
        loopStart = previous;
      }
      loopLength++;
      continue;
    }
    reportLoop();
    input[collapsedCount++] = cue;
  }
  reportLoop();
  input.length = collapsedCount;
  const collapsed = input;

  let repaired = 0;
  let nextLaterIndex = 0;
  for (const [index, cue] of collapsed.entries()) {
    if (cue.end > cue.start) continue;
    repaired++;
    const lastWordEnd = cue.words?.reduce((max, w) => Math.max(max, w.end), 0) ?? 0;
    if (lastWordEnd > cue.start) {
      cue.end = lastWordEnd;
      continue;
    }
    if (nextLaterIndex <= index) nextLaterIndex = index + 1;
    while (nextLaterIndex < collapsed.length && (collapsed[nextLaterIndex]?.start ?? 0) <= cue.start)
      nextLaterIndex++;
    const estimate = Math.round(
      1000 *
        Math.min(
          MAX_REPAIRED_DURATION,
          Math.max(MIN_REPAIRED_DURATION, countWords(cue.text) * SECONDS_PER_WORD),
        ),
    );
    const nextStart = collapsed[nextLaterIndex]?.start;
    const start = toMs(cue.start);
    cue.end =
      (start + (nextStart === undefined ? estimate : Math.min(estimate, toMs(nextStart) - start))) / 1000;
  }
  if (repaired > 0) warnings.push({ message: `repaired ${repaired} cue(s) with zero or negative duration` });

  return { cues: collapsed, warnings };
}

function isTimedWord(w: WordTiming): boolean {
  return w.text.trim() !== '' && Number.isFinite(w.start) && Number.isFinite(w.end);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
