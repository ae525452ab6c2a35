// Pair tokens for phrases made only of glue words ("et de la", "of the", "van de").
//
// FTS5 checks a phrase by walking the postings of every word in it. When every word is a
// glue word, each is in nearly every passage, so a phrase found a few hundred times makes
// FTS5 read the whole index (~30 ms at a million cues). The indexer therefore adds, to the
// `meta` column, one token per pair of adjacent glue words in the passage; such a phrase is
// then searched as the AND of its pair tokens, which are far rarer than the words, and
// the shared resolver keeps only the passages where the words really are side by side.
// A 2-word glue phrase is its pair token exactly; a longer one is at worst a superset.
//
// The list is part of the index format: an index records which version it was built with
// (search_state 'glue_pairs') and searches use pair tokens only when it matches; a reindex
// brings an older index up to date. Phrases keep working either way, only slower.
import { pairId, PAIR_KEY_LIMIT } from '../passages.ts';
import { META_TOKEN_MARK } from './sqlite-passage-codec.ts';

/** Bump when GLUE_WORD_LIST changes: indexes built with another list get no pair search. */
export const GLUE_PAIRS_VERSION = 1;
export const GLUE_PAIRS_STATE_KEY = 'glue_pairs';

/**
 * The function words found in most passages of French, English and Dutch speech, folded.
 * Only these: pair tokens cost ingest time in proportion to the square of these words'
 * share of the text (a first list of ~100 words cost 22 % of a million-cue ingest; this
 * one ~6 %), and a phrase holding a less frequent word walks that word's shorter postings.
 */
const GLUE_WORD_LIST = [
  // French, with the elided l’, d’, c’ (words to the tokenizer) and à folded to a.
  'de la le les l d et des en un une du que qui est a c il pas on je',
  'the of and to in is it that i you',
  'het een van dat',
]
  .join(' ')
  .split(' ');

/** Folded glue word → its pair key (its place in the list). */
const GLUE_KEYS = new Map(GLUE_WORD_LIST.map((w, i) => [w, i]));

/** The pair key of a folded word (−1 when it is not a glue word). */
export function glueKeyOf(folded: string): number {
  return GLUE_KEYS.get(folded) ?? -1;
}

const pairTokens = new Map<number, string>();

/** The `meta` token of two adjacent glue words, by their pairId. */
export function gluePairToken(id: number): string {
  let token = pairTokens.get(id);
  if (token === undefined) {
    const first = GLUE_WORD_LIST[Math.floor(id / PAIR_KEY_LIMIT)] ?? '';
    const second = GLUE_WORD_LIST[id % PAIR_KEY_LIMIT] ?? '';
    token = `${META_TOKEN_MARK}g${first}\ue001${second}`;
    pairTokens.set(id, token);
  }
  return token;
}

/** The pair tokens that find a phrase of folded words, or null when a word is not glue. */
export function phrasePairTokens(words: readonly string[]): string[] | null {
  const keys = words.map(glueKeyOf);
  if (keys.length < 2 || keys.some((k) => k < 0)) return null;
  const tokens = new Set<string>();
  for (let i = 1; i < keys.length; i++) tokens.add(gluePairToken(pairId(keys[i - 1] ?? 0, keys[i] ?? 0)));
  return [...tokens];
}
