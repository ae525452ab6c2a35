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
import { collapseWhitespace, countWords } from './parsers/cue-text.ts';
import type { ParseWarning } from './parsers/parser-types.ts';
import { formatClock } from './parsers/timecode.ts';

export const REPETITION_GAP_SECONDS = 0.25;
export const SECONDS_PER_WORD = 0.4;
const MIN_REPAIRED_DURATION = 0.5;
const MAX_REPAIRED_DURATION = 5;

const toMs = (seconds: number): number => Math.round(Math.max(0, seconds) * 1000);
const fromMs = (ms: number): number => ms / 1000;

export function normalizeCues(input: readonly Cue[]): { cues: Cue[]; warnings: ParseWarning[] } {
  const warnings: ParseWarning[] = [];

  // Work in whole milliseconds so comparisons are exact.
  const cleaned: Cue[] = [];
  let empty = 0;
  for (const cue of input) {
    const text = collapseWhitespace(cue.text);
    if (text === '' || !Number.isFinite(cue.start) || !Number.isFinite(cue.end)) {
      empty++;
      continue;
    }
    const speaker = cue.speaker === null ? null : collapseWhitespace(cue.speaker) || null;
    const next: Cue = { start: toMs(cue.start), end: toMs(cue.end), speaker, text };
    const words = cue.words
      ?.filter((w) => w.text.trim() !== '' && Number.isFinite(w.start) && Number.isFinite(w.end))
      .map((w): WordTiming => ({ text: w.text.trim(), start: toMs(w.start), end: toMs(w.end) }));
    if (words && words.length > 0) next.words = words;
    cleaned.push(next);
  }
  if (empty > 0) warnings.push({ message: `dropped ${empty} cue(s) without text` });

  cleaned.sort((a, b) => a.start - b.start);

  const collapsed: Cue[] = [];
  let loopStart: Cue | null = null;
  let loopLength = 0;
  const reportLoop = (): void => {
    if (loopStart && loopLength > 0) {
      warnings.push({
        message: `collapsed ${loopLength + 1} repeated cues "${shorten(loopStart.text)}" at ${formatClock(fromMs(loopStart.start))} (speech-recogniser repetition loop)`,
      });
    }
    loopStart = null;
    loopLength = 0;
  };
  for (const cue of cleaned) {
    const previous = collapsed.at(-1);
    if (
      previous &&
      previous.text === cue.text &&
      previous.speaker === cue.speaker &&
      cue.start <= Math.max(previous.end, previous.start) + REPETITION_GAP_SECONDS * 1000
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
    collapsed.push(cue);
  }
  reportLoop();

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
    cue.end = cue.start + (nextStart === undefined ? estimate : Math.min(estimate, nextStart - cue.start));
  }
  if (repaired > 0) warnings.push({ message: `repaired ${repaired} cue(s) with zero or negative duration` });

  const cues = collapsed.map((cue): Cue => {
    const out: Cue = { start: fromMs(cue.start), end: fromMs(cue.end), speaker: cue.speaker, text: cue.text };
    if (cue.words)
      out.words = cue.words.map((w) => ({ text: w.text, start: fromMs(w.start), end: fromMs(w.end) }));
    return out;
  });
  return { cues, warnings };
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
