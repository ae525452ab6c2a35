import { foldText, foldQuery } from './fold-text.ts';

/** Character range [start, end) inside the string it accompanies. */
export interface TextRange {
  start: number;
  end: number;
}

export interface QueryTerm {
  /** Folded word. */
  text: string;
  /** The last word may be unfinished (search as you type): it matches word starts. */
  prefix: boolean;
}

/** The words of a query a reader expects to see highlighted: quotes, `-excluded` words and operators dropped. */
export function queryTerms(query: string): QueryTerm[] {
  const tokens = query.split(/\s+/).filter((token) => token !== '');
  // Only a last word still being typed (not quoted, not followed by a space) is a prefix.
  const typing = !/\s$/.test(query);
  const terms = new Map<string, QueryTerm>();
  tokens.forEach((raw, i) => {
    if (raw.startsWith('-') || raw === 'OR' || raw === 'AND' || raw === 'NOT') return;
    const word = foldQuery(raw.replace(/^["«“]+|["»”.,;:!?]+$/g, ''));
    if (word.length === 0) return;
    const prefix = typing && i === tokens.length - 1 && !/["»”]$/.test(raw);
    terms.set(word, { text: word, prefix: prefix || (terms.get(word)?.prefix ?? false) });
  });
  return [...terms.values()];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (char: string | undefined) => char !== undefined && WORD_CHAR.test(char);

/**
 * Ranges in `text` where the query words occur as whole words (the last, unfinished one
 * also as a word start), folded for case and accents like the server's search. Sorted, merged.
 */
export function findQueryRanges(text: string, terms: readonly QueryTerm[]): TextRange[] {
  if (terms.length === 0 || text === '') return [];
  const { folded, origin } = foldText(text);
  const ranges: TextRange[] = [];
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term.text, from);
      if (at < 0) break;
      from = at + 1;
      const before = folded[at - 1];
      const after = folded[at + term.text.length];
      if (isWordChar(before) && isWordChar(term.text[0])) continue;
      if (!term.prefix && isWordChar(after) && isWordChar(term.text.at(-1))) continue;
      const start = origin[at] ?? 0;
      const last = origin[at + term.text.length - 1] ?? start;
      const next = origin[at + term.text.length] ?? text.length;
      ranges.push({ start, end: next > last ? next : last + 1 });
    }
  }
  return mergeRanges(ranges);
}

export function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
