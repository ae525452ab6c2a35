// The words a listener typed that a moment does not say ("Missing: loi"), shown on a partial
// answer or a pasted quote found with a word misremembered, so the listener sees why the
// moment differs from what they typed. Shared by both backends through resolve-hit.ts.
import { queryUnitCount, type ParsedQuery } from './query/parse-query.ts';
import { foldQueryWord, tokenize, type TextToken } from './text-fold.ts';

/** A query unit (a bare word or a quoted phrase) as the listener typed it. */
interface TypedUnit {
  unit: number;
  /** The words as typed (accents, capitals, apostrophes kept). */
  text: string;
  /** Where it was typed in the query, for the typed order. */
  at: number;
}

/** Tokens of a query typed, folded as the parser folds query words. */
function typedTokens(raw: string): TextToken[] {
  return tokenize(raw)
    .map((t) => ({ ...t, term: foldQueryWord(t.term) }))
    .filter((t) => t.term !== '');
}

/** First run of tokens saying `words` in a row, else -1. */
function runOf(tokens: readonly TextToken[], words: readonly string[]): number {
  if (words.length === 0) return -1;
  for (let i = 0; i + words.length <= tokens.length; i++)
    if (words.every((w, k) => tokens[i + k]!.term === w)) return i;
  return -1;
}

/** Most tokens one typed word may be cut into (`C.N.I.L.`, `1 000 000`). */
const MAX_PARTS = 8;

/** First run of tokens that make `word` joined (`1 000` for `1000`, `C.N.I.L.` for `cnil`). */
function joinedRunOf(tokens: readonly TextToken[], word: string): [number, number] | null {
  for (let i = 0; i < tokens.length; i++) {
    let joined = '';
    for (let j = i; j < tokens.length && j < i + MAX_PARTS; j++) {
      joined += tokens[j]!.term;
      if (joined === word) return [i, j];
      if (!word.startsWith(joined)) break;
    }
  }
  return null;
}

function readTypedUnits(query: ParsedQuery): TypedUnit[] {
  const raw = query.raw;
  const tokens = typedTokens(raw);
  const out: TypedUnit[] = [];
  const typedRun = (unit: number, fallback: string, words: readonly string[]) => {
    let run: [number, number] | null = null;
    const at = runOf(tokens, words);
    if (at >= 0) run = [at, at + words.length - 1];
    else if (words.length === 1) run = joinedRunOf(tokens, words[0]!);
    if (run === null) out.push({ unit, text: fallback, at: Infinity });
    else {
      const start = tokens[run[0]]!.start;
      let end = tokens[run[1]]!.end;
      // A dotted acronym keeps its last dot (`C.N.I.L.`), which no token holds.
      if (run[1] > run[0] && raw[tokens[run[0]]!.end] === '.' && raw[end] === '.') end++;
      out.push({ unit, text: raw.slice(start, end), at: start });
    }
  };
  query.terms.forEach((term, unit) => {
    const words = term.number && term.number.words.length > 1 ? term.number.words : [term.text];
    typedRun(unit, term.text, words);
  });
  query.phrases.forEach((phrase, k) => typedRun(query.terms.length + k, phrase.join(' '), phrase));
  // In the order typed; a unit not found in the text typed (never expected) last.
  return out.sort((a, b) => a.at - b.at || a.unit - b.unit);
}

/** Parsed queries are kept and never changed (parseQuery): each is read once here. */
const typedUnitsOf = new WeakMap<ParsedQuery, TypedUnit[]>();

function typedUnits(query: ParsedQuery): TypedUnit[] {
  let units = typedUnitsOf.get(query);
  if (units === undefined) {
    units = readTypedUnits(query);
    typedUnitsOf.set(query, units);
  }
  return units;
}

/**
 * The query's words (and phrases) a moment does not say, as typed and in the order typed;
 * empty when it says them all. `said`: the units its matches stand for.
 */
export function missingWords(query: ParsedQuery, said: ReadonlySet<number>): string[] {
  if (said.size >= queryUnitCount(query)) return [];
  return typedUnits(query)
    .filter((u) => !said.has(u.unit))
    .map((u) => u.text);
}

/**
 * Missing words of an answer to `from` as typed in `to`, another spelling of the same
 * search (the result cache shares one answer between `Vidéo` and `video`).
 */
export function retypedMissingWords(from: ParsedQuery, to: ParsedQuery): (words: string[]) => string[] {
  const unitOf = new Map(typedUnits(from).map((u) => [u.text, u.unit]));
  const textOf = new Map(typedUnits(to).map((u) => [u.unit, u.text]));
  return (words) => words.map((w) => textOf.get(unitOf.get(w) ?? -1) ?? w);
}
