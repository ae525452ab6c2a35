// From Meilisearch's `_matchesPosition` to the shared resolver's PassageMatch list.
//
// Meilisearch documents `start`/`length` in UTF-8 bytes, but some versions report `length`
// (and older ones `start`) in characters (meilisearch#3938, #5429). So a position is read
// both ways, snapped to the word it falls in, and never allowed to reach past the shorter
// reading. The word is then checked against the query by the shared rules
// (locateMatches): a match Meilisearch accepts but the contract does not (e.g. a typo on
// the first letter) is dropped, so both backends report the same words.
import type { ParsedQuery } from '../query/parse-query.ts';
import { locateMatches, type PassageMatch } from '../resolve-hit.ts';
import { tokenize, type TextToken } from '../text-fold.ts';

export interface MeiliMatchPosition {
  start: number;
  length: number;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * The UTF-16 index of a UTF-8 byte offset in `text`, or null when the offset falls inside
 * a character or past the end.
 */
export function utf8OffsetToIndex(text: string, byteOffset: number): number | null {
  if (byteOffset < 0) return null;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    if (bytes === byteOffset) return i;
    if (bytes > byteOffset) return null;
    const cp = text.codePointAt(i) ?? 0;
    bytes += utf8Length(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return bytes === byteOffset ? i : null;
}

/** Index of the token containing char `pos`, or -1. Tokens are sorted by start. */
function tokenAt(tokens: readonly TextToken[], pos: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (!t) break;
    if (pos < t.start) hi = mid - 1;
    else if (pos >= t.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Token indexes Meilisearch reported as matched, reading each position as bytes first and
 * as characters second. With `plausible` (the tokens the query can match), a reading that
 * lands on no plausible token is skipped for the next one.
 */
export function matchedTokenIndexes(
  text: string,
  positions: readonly MeiliMatchPosition[],
  tokens: readonly TextToken[] = tokenize(text),
  plausible?: ReadonlySet<number>,
): Set<number> {
  const out = new Set<number>();
  for (const p of positions) {
    const byteStart = utf8OffsetToIndex(text, p.start);
    const byteEnd = utf8OffsetToIndex(text, p.start + p.length);
    const readings: [number, number][] = [];
    if (byteStart !== null) {
      // Length may be bytes (documented) or characters (reported bug): the shorter end is
      // always inside the matched word.
      const charEnd = byteStart + p.length;
      readings.push([byteStart, Math.min(byteEnd ?? charEnd, charEnd)]);
    }
    readings.push([p.start, p.start + p.length]);
    for (const [start, end] of readings) {
      const first = tokenAt(tokens, start);
      if (first < 0) continue;
      let last = first;
      while (last + 1 < tokens.length && (tokens[last + 1]?.start ?? Infinity) < end) last++;
      const covered: number[] = [];
      for (let t = first; t <= last; t++) covered.push(t);
      if (plausible && !covered.some((t) => plausible.has(t))) continue;
      for (const t of covered) out.add(t);
      break;
    }
  }
  return out;
}

/**
 * The shared resolver's matches for a passage, restricted to the words Meilisearch
 * reported. When Meilisearch reported nothing usable for the text (no positions at all),
 * the shared rules alone decide — the passage was still a hit.
 */
export function meiliPassageMatches(
  text: string,
  positions: readonly MeiliMatchPosition[] | undefined,
  query: ParsedQuery,
): PassageMatch[] {
  const tokens = tokenize(text);
  const located = locateMatches(text, query, tokens);
  if (!positions || positions.length === 0) return located;
  const reported = matchedTokenIndexes(text, positions, tokens, new Set(located.map((m) => m.token)));
  return located.filter((m) => reported.has(m.token));
}

/** True when the passage holds an excluded word or phrase (Meilisearch excludes these too; checked again with the shared folding). */
export function containsExcludedWord(text: string, query: ParsedQuery): boolean {
  const phrases = query.excludedPhrases ?? [];
  if (query.excluded.length === 0 && phrases.length === 0) return false;
  const excluded = new Set(query.excluded);
  const terms = tokenize(text).map((t) => t.term);
  return terms.some(
    (term, i) => excluded.has(term) || phrases.some((p) => p.every((w, k) => terms[i + k] === w)),
  );
}
