// A pasted quote with a word or two misremembered (`something` typed for a word said): the
// passage that says it holds every typed word but those, so a search for every word never
// reads it, and a passage holding them all, scattered, is the answer (or, when none does,
// one holding all but one, scattered). Both backends then also read the passages holding
// all but one, then all but two, of the typed words, a few per subset of them (the subset
// without the misremembered words is the quote's own, and rare), and keep their moments
// that say the quote as typed: ranked on the words said as typed (resolve-hit.ts), they
// come before the scattered ones.
import type { ParsedQuery } from './query/parse-query.ts';
import { MAX_MISREMEMBERED_WORDS, QUOTE_RUN_MIN_WORDS } from './resolve-hit.ts';
import type { SearchRequest } from './search-types.ts';

/** Passages read per subset of the typed words. */
export const QUOTE_RECALL_PER_SUBSET = 6;
/** Most subsets read per level (all but two of 12 words: 66). */
const MAX_SUBSETS = 64;

/** Every subset of `items` of size `size`, in order, at most MAX_SUBSETS (queries are short). */
export function subsetsOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  const pick = (start: number, acc: T[]) => {
    if (acc.length === size) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < items.length && out.length < MAX_SUBSETS; i++)
      pick(i + 1, [...acc, items[i] as T]);
  };
  pick(0, []);
  return out;
}

/** A quote-like query of bare words, ranked: one a misremembered word can hide the quote of. */
export function recallsPastedQuote(query: ParsedQuery, request: SearchRequest): boolean {
  return (
    query.typedPositions !== undefined &&
    query.phrases.length === 0 &&
    request.sort === 'relevance' &&
    request.facetsOnly !== true
  );
}

/**
 * The levels of subsets to read (of the query's terms: all typed words but one, then but
 * two) while a level can still give a moment saying more words as typed than the best
 * found. A generator, so that the embedded backend reads a level at once and Meilisearch
 * with a request: each backend reads the subsets it is given, resolves the passages it had
 * not read (every word optional) and passes their moments back to `next`. It returns the
 * moments that say the quote better than any found before.
 */
export function* quoteRecallLevels<T>(
  query: ParsedQuery,
  found: Iterable<T>,
  /** The typed words a moment says in a row (ResolvedMoment.quoteWords). */
  quoteWordsOf: (moment: T) => number,
): Generator<ParsedQuery['terms'][], T[], T[]> {
  let best = 0;
  for (const m of found) best = Math.max(best, quoteWordsOf(m));
  const recalled: T[] = [];
  for (let drop = 1; drop <= MAX_MISREMEMBERED_WORDS; drop++) {
    const keep = query.terms.length - drop;
    // A moment from these passages says at most `keep` words as typed: no better.
    if (keep < QUOTE_RUN_MIN_WORDS || keep <= best) break;
    const level = (yield subsetsOf(query.terms, keep)).filter((m) => quoteWordsOf(m) > best);
    recalled.push(...level);
    for (const m of level) best = Math.max(best, quoteWordsOf(m));
  }
  return recalled;
}
