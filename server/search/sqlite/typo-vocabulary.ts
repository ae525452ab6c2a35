// Typo candidates from the index's own vocabulary. Words are bucketed by first letter
// and length: since a typo never touches the first letter (typo-rules.ts) and changes the
// length by at most the typo count, a query word is compared (bounded edit distance with
// early exit) only with the words of 3 (one typo) or 5 (two typos) buckets.
import type Database from 'better-sqlite3';
import { boundedEditDistance } from '../typo-rules.ts';

export interface TermVariant {
  text: string;
  typos: number;
}

/** Most variants a query word expands into (closest, then most frequent, first). */
export const MAX_VARIANTS_PER_WORD = 24;

/**
 * 32-bit set of the word's letters (hashed). An edit adds at most one letter to the set and
 * removes at most one, so max(|q∖t|, |t∖q|) over these sets is a lower bound of the edit
 * distance: most words are rejected without running the edit distance.
 */
function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) m |= 1 << (Math.imul(word.charCodeAt(i), 0x9e3779b1) >>> 27);
  return m;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

interface Bucket {
  terms: string[];
  masks: number[];
  /** The same words as a set, made on the first `has` in this bucket. */
  set?: Set<string>;
}

export class TypoVocabulary {
  private readonly buckets = new Map<string, Bucket>();
  private readonly cache = new Map<string, TermVariant[]>();
  private readonly longestByLetter = new Map<string, number>();
  private size_ = 0;

  constructor(terms: Iterable<string> = []) {
    this.add(terms);
  }

  /** Adds words (the vocabulary only grows: stale words just match nothing). */
  add(terms: Iterable<string>): void {
    for (const term of terms) {
      const key = bucketKey(term[0] ?? '', term.length);
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = { terms: [], masks: [] };
        this.buckets.set(key, bucket);
      }
      bucket.terms.push(term);
      bucket.masks.push(letterMask(term));
      bucket.set?.add(term);
      const first = term[0] ?? '';
      if (term.length > (this.longestByLetter.get(first) ?? 0)) this.longestByLetter.set(first, term.length);
      this.size_++;
    }
    this.cache.clear();
  }

  get size(): number {
    return this.size_;
  }

  /** Whether `word` is an indexed word (its first letter loaded). */
  has(word: string): boolean {
    const bucket = this.buckets.get(bucketKey(word[0] ?? '', word.length));
    if (!bucket) return false;
    bucket.set ??= new Set(bucket.terms);
    return bucket.set.has(word);
  }

  /**
   * The indexed words starting with `prefix` (the prefix itself included when it is a
   * word), or null when more than `max` do: the caller then asks FTS5 for the prefix.
   */
  completions(prefix: string, max: number): string[] | null {
    const first = prefix[0] ?? '';
    const longest = this.longestByLetter.get(first) ?? 0;
    const out: string[] = [];
    for (let len = prefix.length; len <= longest; len++) {
      const bucket = this.buckets.get(bucketKey(first, len));
      if (!bucket) continue;
      for (const term of bucket.terms) {
        if (!term.startsWith(prefix)) continue;
        if (out.length === max) return null;
        out.push(term);
      }
    }
    return out;
  }

  /** Indexed words within `maxTypos` of `word` (the word itself excluded), closest first. */
  variants(word: string, maxTypos: number): TermVariant[] {
    if (maxTypos <= 0 || word.length === 0) return [];
    const cacheKey = `${maxTypos}:${word}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const first = word[0] ?? '';
    const found: TermVariant[] = [];
    const seen = new Set<string>();
    const mask = letterMask(word);
    for (let len = word.length - maxTypos; len <= word.length + maxTypos; len++) {
      const bucket = this.buckets.get(bucketKey(first, len));
      if (!bucket) continue;
      const { terms, masks } = bucket;
      for (let i = 0; i < terms.length; i++) {
        const m = masks[i] ?? 0;
        if (popcount(mask & ~m) > maxTypos || popcount(m & ~mask) > maxTypos) continue;
        const term = terms[i] ?? '';
        if (term === word || seen.has(term)) continue;
        seen.add(term);
        const d = boundedEditDistance(word, term, maxTypos);
        if (d <= maxTypos) found.push({ text: term, typos: d });
      }
    }
    found.sort(
      (a, b) =>
        a.typos - b.typos ||
        Math.abs(a.text.length - word.length) - Math.abs(b.text.length - word.length) ||
        (a.text < b.text ? -1 : 1),
    );
    const out = found.slice(0, MAX_VARIANTS_PER_WORD);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(cacheKey, out);
    return out;
  }
}

function bucketKey(first: string, length: number): string {
  return `${first}${length}`;
}

/**
 * The vocabulary of search_term, loaded lazily one first letter at a time (a typo never
 * touches the first letter, so a query word needs only its own letter: a cold start reads
 * ~1/20 of the vocabulary), then topped up with the rows added since (the table is
 * insert-only, so rowid tells what is new).
 */
export class TypoVocabularyLoader {
  private readonly vocabulary = new TypoVocabulary();
  private readonly loadedLetters = new Set<string>();
  private lastRowid = -1;
  private readonly maxRowid: Database.Statement<[], number | null>;
  private readonly since: Database.Statement<[number], { id: number; term: string }>;
  private readonly byLetter: Database.Statement<[string, string], string>;

  constructor(db: Database.Database) {
    this.maxRowid = db.prepare<[], number | null>(`SELECT max(rowid) FROM search_term`).pluck();
    this.since = db.prepare(`SELECT rowid AS id, term FROM search_term WHERE rowid > ? ORDER BY rowid`);
    this.byLetter = db
      .prepare<[string, string], string>(`SELECT term FROM search_term WHERE term >= ? AND term < ?`)
      .pluck();
  }

  /** The vocabulary with every word starting with one of `letters` loaded. */
  current(letters: Iterable<string>): TypoVocabulary {
    if (this.lastRowid < 0) this.lastRowid = this.maxRowid.get() ?? 0;
    else {
      const fresh: string[] = [];
      for (const row of this.since.iterate(this.lastRowid)) {
        if (this.loadedLetters.has(row.term[0] ?? '')) fresh.push(row.term);
        this.lastRowid = row.id;
      }
      if (fresh.length > 0) this.vocabulary.add(fresh);
    }
    for (const letter of letters) {
      if (letter === '' || this.loadedLetters.has(letter)) continue;
      const next = String.fromCodePoint((letter.codePointAt(0) ?? 0) + 1);
      this.vocabulary.add(this.byLetter.all(letter, next));
      this.loadedLetters.add(letter);
    }
    return this.vocabulary;
  }
}
