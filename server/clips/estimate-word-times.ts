// Where the words of a transcript line without word timings are probably said, for clips cut
// inside a long line (a timestamped-text turn of minutes): the clip keeps the range chosen and
// quotes, and captions, the words estimated to fall inside it. The clip maker's preview runs this
// same module (lint lets web/ import it: it is pure, with no server dependency), so what it shows
// is what the server saves.
import type { WordTiming } from '../model/types.ts';

/** A cue as both sides hold it (the server's model, the web's API answer). */
interface TimedLine {
  start: number;
  end: number;
  text: string;
  words?: readonly unknown[] | null;
}

/**
 * A word's share of its line's time: its letters and digits, plus one for the gap after it.
 * Saying a word takes about as long as its syllables, which follow its letters far more
 * closely than a flat share per word would ("de" vs "reconnaissance"); the +1 gives
 * punctuation-only tokens and one-letter words ("à", "a") a moment of their own.
 */
function wordWeight(word: string): number {
  return (word.match(/[\p{L}\p{N}]/gu)?.length ?? 0) + 1;
}

const roundMs = (t: number) => Math.round(t * 1000) / 1000;

/**
 * Estimated word timings of the cues without any, by cue (cues with word timings are left
 * out). Untimed cues sharing one interval — the paragraphs between the same two markers of a
 * timestamped text, which all span it — are said one after the other, so their words are
 * spread over that interval together, in order.
 */
export function estimateWordTimes<C extends TimedLine>(cues: readonly C[]): Map<C, WordTiming[]> {
  const groups = new Map<string, C[]>();
  for (const cue of cues) {
    if (cue.words && cue.words.length > 0) continue;
    const key = `${cue.start}|${cue.end}`;
    const group = groups.get(key);
    if (group) group.push(cue);
    else groups.set(key, [cue]);
  }
  const out = new Map<C, WordTiming[]>();
  for (const group of groups.values()) {
    const { start, end } = group[0]!;
    const tokens = group.map((cue) => cue.text.split(/\s+/).filter(Boolean));
    const total = tokens.flat().reduce((sum, word) => sum + wordWeight(word), 0);
    const perWeight = total > 0 ? (end - start) / total : 0;
    let at = start;
    group.forEach((cue, i) => {
      out.set(
        cue,
        tokens[i]!.map((text) => {
          const from = at;
          at += wordWeight(text) * perWeight;
          return { text, start: roundMs(from), end: roundMs(at) };
        }),
      );
    });
  }
  return out;
}

/** The words of `words` whose middle is in [start, end] (how a clip's quote is cut everywhere). */
export function wordsInside<W extends { start: number; end: number }>(
  words: readonly W[],
  start: number,
  end: number,
): W[] {
  return words.filter((w) => (w.start + w.end) / 2 >= start && (w.start + w.end) / 2 <= end);
}
