// Sample tokens: a random, fixed share of the passages, findable with one FTS5 token.
//
// A common word's match set is too large to read whole on every search (FTS5 reads every
// posting: 12 ms for `de` at a million cues), and its first passages in rowid order all
// come from the episodes indexed first. To estimate totals and facets, and to draw
// candidates from the whole archive, a search reads the set AND a sample token instead:
// level k is carried by one passage in 2^k, chosen by a hash of the rowid, so the passages
// it keeps are spread over every episode and every position in an episode, and
// `expr AND level k` lets FTS5 skip through the word's postings (about 1 µs per passage
// kept). Levels are nested: a passage at level k also carries every level below it, about
// one token per passage in all.
//
// The levels are part of the index format, as glue pairs are: an index records that every
// passage carries them (search_state 'sample_levels'), and a reindex brings an older index
// up to date. Without them, searches fall back to reading the set (sqlite-search-backend.ts).
import { META_TOKEN_MARK } from './sqlite-passage-codec.ts';

/** Bump when the hash or the tokens change: indexes built otherwise are not sampled by level. */
export const SAMPLE_LEVELS_VERSION = 1;
export const SAMPLE_LEVELS_STATE_KEY = 'sample_levels';
/** Level 14 keeps one passage in 16,384: a few hundred even in a set of 10 million. */
export const MAX_SAMPLE_LEVEL = 14;

const levelTokens = Array.from({ length: MAX_SAMPLE_LEVEL + 1 }, (_, k) => `${META_TOKEN_MARK}r${k}`);

/** The `meta` token of sample level k (1…MAX_SAMPLE_LEVEL). */
export function sampleLevelToken(level: number): string {
  return levelTokens[level] ?? '';
}

/**
 * The deepest sample level of a passage: the trailing zero bits of a 32-bit mix of its
 * rowid (murmur3's finaliser), so each level halves the one below it, independently of
 * where the passage sits in its episode.
 */
export function sampleLevelOf(rowid: number): number {
  const h = rowidHash(rowid);
  if (h === 0) return MAX_SAMPLE_LEVEL;
  return Math.min(MAX_SAMPLE_LEVEL, 31 - Math.clz32(h & -h));
}

/** A 32-bit mix of a rowid (murmur3's finaliser): the same rowid, the same number. */
export function rowidHash(rowid: number): number {
  let h = (Math.imul(Math.floor(rowid / 2 ** 32), 0x9e3779b1) ^ (rowid >>> 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The sample tokens a passage carries in `meta` (' '-prefixed, empty for half of them). */
export function sampleLevelTokens(rowid: number): string {
  let out = '';
  for (let k = 1, top = sampleLevelOf(rowid); k <= top; k++) out += ` ${levelTokens[k]}`;
  return out;
}

/**
 * The level whose sample of a set of `size` passages holds closest to `target` of them
 * (between 0.71 and 1.41 times it; 0: the whole set).
 */
export function sampleLevelFor(size: number, target: number): number {
  let level = 0;
  while (level < MAX_SAMPLE_LEVEL && size / 2 ** (level + 0.5) >= target) level++;
  return level;
}
