// The one resolver shared by every backend: from a passage and where the query matched
// inside it, to the moments a listener sees (time to jump to, speaker, snippet with
// highlight ranges, text before/after), de-duplicated across overlapping passages,
// ranked, and grouped by episode.
//
// RANKING (the same for every backend; a hit's `score` encodes it, higher is better):
//   0. a pasted quote (5 words or more, no phrase): the words said in a row as typed, when
//      all but MAX_MISREMEMBERED_WORDS at most are (the quote, a word or two misremembered,
//      before a passage that holds every word scattered);
//   1. words matched: more distinct query words (a quoted phrase counts as one) first;
//   2. proximity: the matched words closer together first (an exact phrase, or the
//      words side by side, scores best); gaps are counted in words, capped at 99, and a
//      word typed twice but said once counts as one more;
//   3. exactness: fewer typos first, then fewer words matched only as a prefix;
//   4. the backend's own relevance (bm25 for SQLite, Meilisearch's ranking score),
//      normalised to 0..1, breaks the remaining ties.
// Episodes (group=episode) are ordered by their best moment, then by how many moments
// they have. Sort newest/oldest orders by episode date, then by time in the episode.
import type { EpisodeGroup, SearchHit, SearchSort, TextRange } from './search-types.ts';
import type { Passage, PassageSpan } from './passages.ts';
import type { ParsedQuery, TypedWord } from './query/parse-query.ts';
import { queryUnitCount } from './query/parse-query.ts';
import {
  isApostrophe,
  isContractionSuffix,
  isDigitGroupSpace,
  isWordJoiner,
  joinedTerm,
  spelledApartEnd,
  tokenize,
  type TextToken,
} from './text-fold.ts';
import { typosBetween } from './typo-rules.ts';
import { mayStartNumber, readNumberRun, sameNumberWord } from './number-words.ts';
import { missingWords } from './missing-words.ts';

/** One matched word inside a passage text. */
export interface PassageMatch {
  /** [start, end) in the passage text. */
  start: number;
  end: number;
  /** Index of the matched query unit: terms first, then phrases. */
  unit: number;
  /** Token index in the passage (for proximity). */
  token: number;
  typos: number;
  /** Matched only as a prefix of a longer word. */
  prefix: boolean;
  /** Part of an exact phrase. */
  phrase: boolean;
  /** The second of two typed words this one word says (JoinedPair: `surveillance` of
   * `video surveillance`, in `vidéosurveillance`): the same word as the match for the first,
   * at the next typed place, so it counts as a word of its own for both. */
  joinedSecond?: true;
}

/** Which word a match is, for counting each word once: a joined word's two matches are two. */
const wordKey = (m: PassageMatch): number => (m.joinedSecond ? -1 - m.token : m.token);

/** A moment ready to be ranked and merged with the moments of overlapping passages. */
export interface ResolvedMoment {
  hit: SearchHit;
  episodeId: string;
  /** Absolute position of the first and last matched word in the episode (cue*1e6+char). */
  from: number;
  to: number;
  /** How centred the match is in its passage (0..1, 1 = centre): best context wins ties. */
  centring: number;
  /** A pasted quote's words this moment says in a row as typed (quoteRunWords), else 0. */
  quoteWords: number;
}

/** Words apart beyond which two matches are separate moments. */
export const MOMENT_GAP_WORDS = 12;
/** Characters of context kept on each side of the match in the snippet. */
export const SNIPPET_CONTEXT_CHARS = 50;
/** Longest snippet; a longer match span is cut after its start. */
export const MAX_SNIPPET_CHARS = 320;
/** Characters of before/after text. */
export const SIDE_TEXT_CHARS = 90;

/** How one passage word matches one of the query's terms. */
export interface TermMatch {
  unit: number;
  typos: number;
  prefix: boolean;
  /** Matched as the second of two words typed side by side (JoinedPair). */
  joinedSecond?: true;
}

const NO_TERM: readonly TermMatch[] = [];

/**
 * Every query term each word matches, fewest typos first (usually none or one). A word may
 * match two terms: `theory` is both the typed prefix `the` and `theroy` with one typo, and
 * the moment needs it as `theroy` (the words' own `the` follows). Remembered per word: one
 * search meets the same words in passage after passage.
 */
export function createTermMatcher(query: ParsedQuery): (word: string) => readonly TermMatch[] {
  const known = new Map<string, readonly TermMatch[]>();
  // A word matches a term only when it starts with the term's first letter (typo-rules.ts):
  // most words of a passage do not, and are told so without a lookup.
  const firsts = query.terms.map((t) => t.text.charCodeAt(0));
  const someTermEmpty = firsts.some((c) => Number.isNaN(c));
  const joinedPairs = query.joinedPairs ?? [];
  return (word) => {
    if (!someTermEmpty && !firsts.includes(word.charCodeAt(0))) return NO_TERM;
    let found = known.get(word);
    if (found !== undefined) return found;
    let list: TermMatch[] | null = null;
    for (let unit = 0; unit < query.terms.length; unit++) {
      const term = query.terms[unit];
      if (!term) continue;
      let typos = -1;
      let prefix = false;
      if (word === term.text) typos = 0;
      else if (term.prefix && word.startsWith(term.text)) {
        typos = 0;
        prefix = true;
      } else if (term.maxTypos > 0) typos = typosBetween(term.text, word, term.maxTypos);
      if (typos >= 0) (list ??= []).push({ unit, typos, prefix });
    }
    for (const pair of joinedPairs) {
      const whole = word === pair.text;
      if (!whole && !(query.terms[pair.second]?.prefix && word.startsWith(pair.text))) continue;
      // The missing space counts as one typo, on the first word: the words said apart as
      // typed rank first.
      (list ??= []).push(
        { unit: pair.first, typos: 1, prefix: false },
        { unit: pair.second, typos: 0, prefix: !whole, joinedSecond: true },
      );
    }
    found = list === null ? NO_TERM : list.length > 1 ? list.sort((a, b) => a.typos - b.typos) : list;
    known.set(word, found);
    return found;
  };
}

const joinHeadsOf = new WeakMap<ParsedQuery, ReadonlySet<string>>();

/**
 * Every start of a query word (`c`, `ce`, `ces` for `cest`): a word of the text followed by
 * an apostrophe or a hyphen is read together with the next one only when it is one of these.
 */
function joinHeads(query: ParsedQuery): ReadonlySet<string> {
  let heads = joinHeadsOf.get(query);
  if (heads === undefined) {
    const set = new Set<string>();
    for (const t of query.terms) for (let k = 1; k < t.text.length; k++) set.add(t.text.slice(0, k));
    joinHeadsOf.set(query, set);
    heads = set;
  }
  return heads;
}

/** Shortest part of a word typed as one and said as two apart (`opensource`, `open source`). */
export const MIN_SAID_APART_PART = 4;
/** The same for the second part of a word still being typed (`opensou`, `open source`). */
const MIN_SAID_APART_TYPED_TAIL = 3;

/** A typed word read as a first word said and the rest of it said next (SaidApartHeads). */
interface SaidApartReading {
  unit: number;
  rest: string;
  /** The rest is being typed: the next word starts with it. */
  prefix: boolean;
}

const saidApartHeadsOf = new WeakMap<ParsedQuery, ReadonlyMap<string, SaidApartReading[]> | null>();

/**
 * Per first part, how the query's words may be said as two words apart (`opensource` typed,
 * `open source` said, as Meilisearch splits a query word): every cut leaving two parts of
 * MIN_SAID_APART_PART letters or more. Null when no word is long enough (most queries).
 */
function saidApartHeads(query: ParsedQuery): ReadonlyMap<string, SaidApartReading[]> | null {
  let heads = saidApartHeadsOf.get(query);
  if (heads === undefined) {
    const map = new Map<string, SaidApartReading[]>();
    query.terms.forEach((t, unit) => {
      if (t.number) return;
      const minRest = t.prefix ? MIN_SAID_APART_TYPED_TAIL : MIN_SAID_APART_PART;
      for (let k = MIN_SAID_APART_PART; k + minRest <= t.text.length; k++) {
        const head = t.text.slice(0, k);
        const list = map.get(head) ?? [];
        list.push({ unit, rest: t.text.slice(k), prefix: t.prefix });
        map.set(head, list);
      }
    });
    heads = map.size > 0 ? map : null;
    saidApartHeadsOf.set(query, heads);
  }
  return heads;
}

/**
 * `opensource` typed, `open source` said: the word at `i` and the next one, a space apart,
 * read as the typed word, one typo away (the space); marked as one phrase so they are
 * highlighted and ranked together.
 */
function matchSaidApart(
  toks: readonly TextToken[],
  i: number,
  readings: readonly SaidApartReading[],
  out: PassageMatch[],
  suffix: Uint8Array | null,
  wordAt: Int32Array | null,
): void {
  const [tok, next] = [toks[i]!, toks[i + 1]];
  if (next === undefined || next.start !== tok.end + 1 || suffix?.[i + 1] === 1) return;
  for (const { unit, rest, prefix } of readings) {
    const whole = next.term === rest;
    if (!whole && !(prefix && next.term.startsWith(rest))) continue;
    out.push(
      {
        start: tok.start,
        end: tok.end,
        unit,
        token: wordAt === null ? i : wordAt[i]!,
        typos: 1,
        prefix: false,
        phrase: true,
      },
      {
        start: next.start,
        end: next.end,
        unit,
        token: wordAt === null ? i + 1 : wordAt[i + 1]!,
        typos: 0,
        prefix: !whole,
        phrase: true,
      },
    );
  }
}

/** Most words a glued word stands for (`cestadire`: `c’est-à-dire`, four). */
export const MAX_GLUED_PARTS = 4;

/**
 * The last token of the run from toks[i] whose words are written together with an
 * apostrophe or a hyphen between each (`c’est-à-dire`), up to MAX_GLUED_PARTS words.
 */
function gluedRunEnd(text: string, toks: readonly TextToken[], i: number): number {
  let last = i;
  while (last + 1 < toks.length && last + 1 < i + MAX_GLUED_PARTS) {
    const [a, b] = [toks[last]!, toks[last + 1]!];
    if (b.start !== a.end + 1 || !isWordJoiner(text.charCodeAt(a.end))) break;
    last++;
  }
  return last;
}

/**
 * `cest` typed, `c’est` said (`peutetre`, `peut-être`; `cestadire`, `c’est-à-dire`): the
 * word at `i` and the next ones read as one, one typo away from it; marked as one phrase so
 * they are highlighted and ranked together. The words stand for one query term only (the
 * closest, then the longest reading): `que` typed after `questce` is not `Qu’est-ce` too,
 * whose parts would otherwise stand for both terms.
 */
function matchGlued(
  text: string,
  toks: readonly TextToken[],
  i: number,
  out: PassageMatch[],
  firstOfWord: number,
  matchTerm: (word: string) => readonly TermMatch[],
  wordAt: Int32Array | null,
): void {
  const end = gluedRunEnd(text, toks, i);
  let joined = toks[i]!.term;
  let best: TermMatch | undefined;
  let bestLast = i;
  for (let last = i + 1; last <= end; last++) {
    joined += toks[last]!.term;
    for (const found of matchTerm(joined))
      if (
        best === undefined ||
        found.typos < best.typos ||
        (found.typos === best.typos && (best.prefix || !found.prefix))
      ) {
        best = found;
        bestLast = last;
      }
  }
  if (best === undefined) return;
  const { unit, prefix } = best;
  const typos = best.typos + 1;
  // `aujourd` alone, one typo from the typed `aujourdh`, is the first half of this.
  for (let k = out.length - 1; k >= firstOfWord; k--)
    if (out[k]!.unit === unit && !out[k]!.phrase && out[k]!.typos >= typos) out.splice(k, 1);
  for (let k = i; k <= bestLast; k++)
    out.push({
      start: toks[k]!.start,
      end: toks[k]!.end,
      unit,
      token: wordAt === null ? k : wordAt[k]!,
      // Counted once for the word.
      typos: k === i ? typos : 0,
      prefix: k === i && prefix,
      phrase: true,
    });
}

/**
 * `1000` typed, `1 000` said (`rgpd`, `R.G.P.D.`): the run of tokens from `i` read as one
 * word, no typo; marked as one phrase so it is highlighted whole.
 */
function matchSpelledApart(
  text: string,
  toks: readonly TextToken[],
  i: number,
  out: PassageMatch[],
  matchTerm: (word: string) => readonly TermMatch[],
  wordAt: Int32Array | null,
): void {
  const last = spelledApartEnd(text, toks, i);
  if (last <= i) return;
  for (const found of matchTerm(joinedTerm(toks, i, last)))
    for (let k = i; k <= last; k++)
      out.push({
        start: toks[k]!.start,
        end: toks[k]!.end,
        unit: found.unit,
        token: wordAt === null ? k : wordAt[k]!,
        // Counted once for the word, as for a word written whole.
        typos: k === i ? found.typos : 0,
        prefix: k === i && found.prefix,
        phrase: true,
      });
}

/**
 * How many tokens from toks[i], joined by apostrophes or hyphens, are `word` typed without
 * them (`cest` for `c’est`, `cestadire` for `c’est-à-dire`), in a quoted phrase; 0 if none.
 */
function gluedWordLength(text: string, toks: readonly TextToken[], i: number, word: string): number {
  const end = gluedRunEnd(text, toks, i);
  let joined = toks[i]?.term ?? '';
  for (let k = i + 1; k <= end && word.startsWith(joined); k++) {
    joined += toks[k]!.term;
    if (joined === word) return k - i + 1;
  }
  return 0;
}

/** The token before toks[i] when it is the elided article `article` (`l` of `l’État`). */
function elidedBefore(
  text: string,
  toks: readonly TextToken[],
  i: number,
  article: string,
): TextToken | undefined {
  const before = toks[i - 1];
  return before?.term === article && before.end + 1 === toks[i]!.start && isApostrophe(text[before.end])
    ? before
    : undefined;
}

/**
 * `300` typed, `trois cents` said (`deux mille vingt-quatre` and `2024`, `XXIe` and `21e`,
 * `50 %` and `cinquante pour cent`): each whole number of the text read as the query's
 * numbers are, its words marked as one phrase so the moment starts at its first word.
 * A number typed without `%` finds it said with one too.
 */
function matchNumbers(
  text: string,
  toks: readonly TextToken[],
  query: ParsedQuery,
  out: PassageMatch[],
  wordAt: Int32Array | null,
): void {
  const numbers: [number, string][] = [];
  query.terms.forEach((t, unit) => {
    if (t.number) numbers.push([unit, t.number.key]);
  });
  if (numbers.length === 0) return;
  // The words of a number are marked as one phrase: the moment starts at its first word.
  const markNumberWord = (k: number, unit: number, end: number) =>
    out.push({
      start: toks[k]!.start,
      end,
      unit,
      token: wordAt === null ? k : wordAt[k]!,
      typos: 0,
      prefix: false,
      phrase: true,
    });
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (!mayStartNumber(text, tok)) continue;
    const run = readNumberRun(text, toks, i);
    if (run === null) continue;
    for (const [unit, key] of numbers) {
      const same = run.key === key || run.key === `${key}%`;
      // The word said as typed (`trois`, `3 000` for `3000`) is read as the whole number
      // instead, `%` and `pour cent` included; with `50 %` typed, a `50` said without it is
      // another number.
      if (same || key.endsWith('%'))
        for (let m = out.length - 1; m >= 0 && out[m]!.start >= tok.start; m--)
          if (out[m]!.unit === unit && out[m]!.start < run.end) out.splice(m, 1);
      if (!same) continue;
      for (let k = i; k <= run.last; k++) markNumberWord(k, unit, k === run.last ? run.end : toks[k]!.end);
    }
    // Whole numbers only: `vingt-quatre` of `deux mille vingt-quatre` is not 24.
    i = run.last;
  }
  // Words typed as said, part of a longer number or not (`three thousand` of `three
  // thousand five hundred`), as before numbers were read: side by side.
  query.terms.forEach((term, unit) => {
    const words = term.number?.words;
    if (words === undefined || words.length < 2) return;
    for (let i = 0; i + words.length <= toks.length; i++) {
      if (toks[i]!.term !== words[0] || out.some((m) => m.unit === unit && m.start === toks[i]!.start))
        continue;
      if (!words.every((w, k) => sameNumberWord(toks[i + k]!.term, w))) continue;
      for (let k = i; k < i + words.length; k++) markNumberWord(k, unit, toks[k]!.end);
    }
  });
}

/** Finds every word of the passage text that matches the query (terms and phrases). */
export function locateMatches(
  text: string,
  query: ParsedQuery,
  tokens?: TextToken[],
  matchTerm: (word: string) => readonly TermMatch[] = createTermMatcher(query),
): PassageMatch[] {
  const toks = tokens ?? tokenize(text);
  const out: PassageMatch[] = [];
  // Word positions as a listener counts them: a contraction's suffix (the `s` of `that’s`)
  // is part of the word before it, so `that’s right` has no gap between its two words.
  // Most passages have none: the arrays are made only for one that has.
  let wordAt: Int32Array | null = null;
  let suffix: Uint8Array | null = null;
  for (let i = 1; i < toks.length; i++) {
    if (!isContractionSuffix(text, toks[i]!)) continue;
    if (suffix === null || wordAt === null) {
      suffix = new Uint8Array(toks.length);
      wordAt = new Int32Array(toks.length);
      for (let k = 0; k < toks.length; k++) wordAt[k] = k;
    }
    suffix[i] = 1;
  }
  if (suffix !== null && wordAt !== null) {
    for (let i = 0, w = -1; i < toks.length; i++) wordAt[i] = suffix[i] === 1 ? w : ++w;
  }

  if (query.terms.length > 0) {
    const heads = joinHeads(query);
    const apartHeads = saidApartHeads(query);
    for (let i = 0; i < toks.length; i++) {
      const tok = toks[i];
      if (!tok || (suffix !== null && suffix[i] === 1)) continue;
      const nextIsSuffix = suffix !== null && suffix[i + 1] === 1;
      // The highlight covers the whole contraction (`don’t`, not `don`).
      const end = nextIsSuffix ? toks[i + 1]!.end : tok.end;
      // `dont` typed matches `don’t` said: the word and its suffix read as one.
      const joined = nextIsSuffix ? matchTerm(tok.term + toks[i + 1]!.term) : NO_TERM;
      const firstOfWord = out.length;
      for (const found of joined.length > 0 ? [...matchTerm(tok.term), ...joined] : matchTerm(tok.term)) {
        // `that’s` typed, `that` said: a near miss, ranked after `that’s` said.
        const { contraction, elision } = query.terms[found.unit] ?? {};
        const missed = contraction !== undefined && (!nextIsSuffix || toks[i + 1]!.term !== contraction);
        // `l’interdiction` typed, `une interdiction` said: the same, ranked after `l’interdiction`
        // said, which is highlighted whole.
        const article = elision === undefined ? undefined : elidedBefore(text, toks, i, elision);
        out.push({
          start: article?.start ?? tok.start,
          end,
          unit: found.unit,
          token: wordAt === null ? i : wordAt[i]!,
          typos: found.typos + (missed ? 1 : 0) + (elision !== undefined && article === undefined ? 1 : 0),
          prefix: found.prefix,
          phrase: false,
          ...(found.joinedSecond ? { joinedSecond: true as const } : {}),
        });
      }
      // Most words end at a plain space, not inside a number's digit groups: nothing more.
      const gap = text.charCodeAt(tok.end);
      const first = tok.term.charCodeAt(0);
      if (gap === 0x20 && (first < 0x30 || first > 0x39)) {
        const readings = apartHeads?.get(tok.term);
        if (readings !== undefined) matchSaidApart(toks, i, readings, out, suffix, wordAt);
        continue;
      }
      if (!heads.has(tok.term)) continue;
      if (!nextIsSuffix && isWordJoiner(gap)) matchGlued(text, toks, i, out, firstOfWord, matchTerm, wordAt);
      else if (gap === 0x2e || (isDigitGroupSpace(gap) && first >= 0x30 && first <= 0x39))
        matchSpelledApart(text, toks, i, out, matchTerm, wordAt);
    }
  }
  matchNumbers(text, toks, query, out, wordAt);
  query.phrases.forEach((phrase, p) => {
    const unit = query.terms.length + p;
    // `"en 2024, 300 sites"`: a number of the phrase said either way.
    const numbers = query.phraseNumbers?.[p];
    const numberAt = numbers && numbers.length > 0 ? new Map(numbers.map((n) => [n.at, n])) : null;
    for (let i = 0; i < toks.length; i++) {
      // Token after the phrase read so far: a phrase word may be a word written apart.
      let next = i;
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) {
        const tok = toks[next];
        const word = phrase[k]!;
        const number = numberAt?.get(k);
        const run =
          number && tok !== undefined && mayStartNumber(text, tok) ? readNumberRun(text, toks, next) : null;
        if (number && run && (run.key === number.key || run.key === `${number.key}%`)) {
          next = run.last + 1;
          k += number.words.length - 1;
        } else if (tok === undefined) ok = false;
        else if (tok.term === word) next++;
        else if (tok.term.charCodeAt(0) !== word.charCodeAt(0)) ok = false;
        else {
          const last = spelledApartEnd(text, toks, next);
          if (last > next && joinedTerm(toks, next, last) === word) next = last + 1;
          else {
            const glued = gluedWordLength(text, toks, next, word);
            if (glued > 0) next += glued;
            else ok = false;
          }
        }
      }
      if (!ok) continue;
      for (let k = i; k < next; k++) {
        const tok = toks[k];
        if (tok)
          out.push({
            start: tok.start,
            end: tok.end,
            unit,
            token: wordAt === null ? k : wordAt[k]!,
            typos: 0,
            prefix: false,
            phrase: true,
          });
      }
      i = next - 1;
    }
  });
  out.sort((a, b) => a.start - b.start || a.unit - b.unit);
  return out;
}

interface RankParts {
  /** A pasted quote's words said as typed (quoteRunWords), else 0. */
  quoteWords: number;
  matchedWords: number;
  proximity: number;
  typos: number;
  prefixes: number;
  backendScore: number;
}

/** One number that orders hits by the ranking rules above (higher is better). */
export function rankScore(p: RankParts): number {
  const proximity = Math.min(Math.max(p.proximity, 0), 99);
  const typos = Math.min(p.typos, 49);
  const prefixes = Math.min(p.prefixes, 49);
  const backend = Math.min(Math.max(p.backendScore, 0), 1);
  return (
    Math.min(p.quoteWords, 99) * 1e9 +
    p.matchedWords * 1e7 +
    (99 - proximity) * 1e5 +
    (49 - typos) * 1e3 +
    (49 - prefixes) * 10 +
    backend * 9.99
  );
}

/**
 * Words typed twice that a moment says once (`oui oui vous pouvez`, said `oui, vous
 * pouvez`: one): each counts as a gap, so the moment saying the quote as typed ranks first.
 */
function missingRepeats(matches: PassageMatch[], typed: readonly TypedWord[] | undefined): number {
  if (typed === undefined) return 0;
  const said = new Map<number, number>();
  const lastOfUnit = new Map<number, PassageMatch>();
  for (const m of matches) {
    if (!continuesPhrase(lastOfUnit.get(m.unit), m)) said.set(m.unit, (said.get(m.unit) ?? 0) + 1);
    lastOfUnit.set(m.unit, m);
  }
  let missing = 0;
  for (const { unit } of typed) {
    const left = said.get(unit);
    // A word the moment does not say at all is counted by matchedWords already.
    if (left === undefined) continue;
    if (left > 0) said.set(unit, left - 1);
    else missing++;
  }
  return missing;
}

function rankPartsOf(
  matches: PassageMatch[],
  backendScore: number,
  typed: readonly TypedWord[] | undefined,
  quoteWords: number,
): RankParts {
  const units = new Set(matches.map((m) => m.unit));
  const tokens = new Set(matches.map((m) => m.token));
  const first = matches[0]?.token ?? 0;
  const last = matches[matches.length - 1]?.token ?? 0;
  return {
    quoteWords,
    matchedWords: units.size,
    proximity: last - first + 1 - tokens.size + missingRepeats(matches, typed),
    typos: matches.reduce((n, m) => n + m.typos, 0),
    prefixes: matches.filter((m) => m.prefix).length,
    backendScore,
  };
}

const unitsIn = (ms: PassageMatch[]) => new Set(ms.map((m) => m.unit)).size;

/** True when `b` continues the same occurrence of a phrase as `a`. */
function continuesPhrase(a: PassageMatch | undefined, b: PassageMatch | undefined): boolean {
  // The same word position: `it` and the `s` of `it’s`.
  const next = !!a && !!b && (b.token === a.token + 1 || (b.token === a.token && b.start > a.start));
  return next && a.phrase && b.phrase && a.unit === b.unit;
}

/** Splits sorted matches where more than MOMENT_GAP_WORDS words separate two of them. */
function splitAtGaps(matches: PassageMatch[]): PassageMatch[][] {
  const runs: PassageMatch[][] = [];
  let current: PassageMatch[] = [];
  for (const m of matches) {
    const prev = current[current.length - 1];
    if (prev !== undefined && !continuesPhrase(prev, m) && m.token - prev.token > MOMENT_GAP_WORDS) {
      runs.push(current);
      current = [];
    }
    current.push(m);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * Which word stands for which query unit, each word standing for one unit at most (a
 * word matching two terms cannot be both): unit → index in `window`, by augmenting paths.
 */
function assignUnits(window: PassageMatch[]): Map<number, number> {
  const byUnit = new Map<number, number[]>();
  window.forEach((m, i) => {
    const list = byUnit.get(m.unit);
    if (list) list.push(i);
    else byUnit.set(m.unit, [i]);
  });
  const unitOfToken = new Map<number, number>();
  const chosen = new Map<number, number>();
  const tryUnit = (unit: number, seen: Set<number>): boolean => {
    for (const i of byUnit.get(unit) ?? []) {
      const token = wordKey(window[i]!);
      if (seen.has(token)) continue;
      seen.add(token);
      const holder = unitOfToken.get(token);
      if (holder === undefined || tryUnit(holder, seen)) {
        unitOfToken.set(token, unit);
        chosen.set(unit, i);
        return true;
      }
    }
    return false;
  };
  for (const unit of byUnit.keys()) tryUnit(unit, new Set());
  return chosen;
}

/** Whether some word in the window matches two units (then coverage needs assignUnits). */
function sharesWords(matches: PassageMatch[]): boolean {
  for (let i = 1; i < matches.length; i++) {
    const [a, b] = [matches[i - 1]!, matches[i]!];
    if (a.token !== b.token) continue;
    // A joined word's two matches alone are two words (JoinedPair).
    const joinedAlone =
      !a.joinedSecond !== !b.joinedSecond &&
      matches[i - 2]?.token !== a.token &&
      matches[i + 1]?.token !== b.token;
    if (!joinedAlone) return true;
  }
  return false;
}

/**
 * How loose a window is: the words it spans, plus one when its words are not in the order
 * they were typed (`chiffrement … journalistes` typed in that order is the quote, not
 * `journalistes … chiffrement` one word tighter).
 */
function windowCost(matches: PassageMatch[], from: number, to: number): number {
  const span = matches[to]!.token - matches[from]!.token;
  let lastUnit = -1;
  const seen = new Set<number>();
  for (let i = from; i <= to; i++) {
    const unit = matches[i]!.unit;
    // A word matching two units is read as its first (the order check is only a tie-break).
    if (seen.has(unit) || (i > from && wordKey(matches[i - 1]!) === wordKey(matches[i]!))) continue;
    if (unit < lastUnit) return span + 1;
    seen.add(unit);
    lastUnit = unit;
  }
  return span;
}

/**
 * The index of the match next to matches[at] (before it, step -1; after it, +1) that stands
 * where the typed words put `want`: `gap` words away, give or take one (`lexpliquer` typed is
 * one word, `l’expliquer` said two); the closest to that place. -1 when there is none.
 */
function matchAtTypedGap(
  matches: PassageMatch[],
  at: number,
  step: 1 | -1,
  gap: number,
  want: number,
): number {
  const expected = matches[at]!.token + step * gap;
  let found = -1;
  for (let i = at + step; i >= 0 && i < matches.length; i += step) {
    const m = matches[i]!;
    if (step * (m.token - expected) > 1) break;
    // The same word is not the next typed word, unless it says both (JoinedPair).
    const sameWord = m.token === matches[at]!.token && !(m.joinedSecond && !matches[at]!.joinedSecond);
    if (m.unit !== want || Math.abs(m.token - expected) > 1 || sameWord) continue;
    if (found < 0 || Math.abs(m.token - expected) < Math.abs(matches[found]!.token - expected)) found = i;
  }
  return found;
}

/**
 * How far the words typed before (step -1) or after (+1) typed[slot], said at matches[at],
 * go on standing where they were typed: the index of the last of them and its slot.
 */
function typedRunEnd(
  matches: PassageMatch[],
  at: number,
  step: 1 | -1,
  typed: readonly TypedWord[],
  slot: number,
): [number, number] {
  let cur = at;
  let j = slot;
  while (j + step >= 0 && j + step < typed.length) {
    const next = typed[j + step]!;
    const i = matchAtTypedGap(matches, cur, step, Math.abs(next.position - typed[j]!.position), next.unit);
    if (i < 0) break;
    cur = i;
    j += step;
  }
  return [cur, j];
}

/**
 * A word typed twice leaves the tightest window without one of its occurrences: `de
 * l’expliquer alors de quoi` has every word in `l’expliquer alors de quoi`, which starts a
 * word late. The window's first word is read as the typed word that lines up the most typed
 * words around it where they were typed (`salut salut marc`: the second `salut`, since
 * `marc` follows it); the typed words before and after it that stand so widen [from, to].
 */
function widenToTypedWords(
  matches: PassageMatch[],
  [from, to]: [number, number],
  typed: readonly TypedWord[],
): [number, number] {
  let best: [number, number] = [from, to];
  let bestAligned = 0;
  typed.forEach((word, slot) => {
    if (word.unit !== matches[from]!.unit) return;
    const [first, firstSlot] = typedRunEnd(matches, from, -1, typed, slot);
    const [last, lastSlot] = typedRunEnd(matches, from, 1, typed, slot);
    if (lastSlot - firstSlot + 1 > bestAligned) {
      bestAligned = lastSlot - firstSlot + 1;
      best = [first, Math.max(to, last)];
    }
  });
  return best;
}

/**
 * [from, to] of the smallest run of matches that covers `need` units with distinct words,
 * widened to whole phrase occurrences and, when a word was typed twice, to the typed words
 * said just before or after it as typed; null when the matches cannot.
 */
function smallestCoveringRange(
  matches: PassageMatch[],
  need: number,
  typed?: readonly TypedWord[],
): [number, number] | null {
  const shared = sharesWords(matches);
  const covers = (from: number, to: number, units: number) =>
    units >= need && (!shared || assignUnits(matches.slice(from, to + 1)).size >= need);
  const counts = new Map<number, number>();
  let best: [number, number] | null = null;
  let bestCost = Infinity;
  let from = 0;
  for (let to = 0; to < matches.length; to++) {
    const u = matches[to]!.unit;
    counts.set(u, (counts.get(u) ?? 0) + 1);
    while (from <= to && covers(from, to, counts.size)) {
      // The order check costs a pass over the window: only for a span that could win.
      const span = matches[to]!.token - matches[from]!.token;
      const cost = span < bestCost ? windowCost(matches, from, to) : Infinity;
      if (best === null || cost < bestCost) {
        best = [from, to];
        bestCost = cost;
      }
      const fu = matches[from]!.unit;
      const c = (counts.get(fu) ?? 1) - 1;
      if (c === 0) counts.delete(fu);
      else counts.set(fu, c);
      from++;
    }
  }
  if (best === null) return null;
  const range = wholePhrases(matches, best);
  // From the phrase's first word, where it was typed.
  return typed === undefined ? range : wholePhrases(matches, widenToTypedWords(matches, range, typed));
}

/** [from, to] widened to whole phrase occurrences. */
function wholePhrases(matches: PassageMatch[], [from, to]: [number, number]): [number, number] {
  while (from > 0 && continuesPhrase(matches[from - 1], matches[from])) from--;
  while (to < matches.length - 1 && continuesPhrase(matches[to], matches[to + 1])) to++;
  return [from, to];
}

/**
 * A window's matches with one match per word: a word that matched two units keeps the one
 * it stands for, so it is highlighted, counted and ranked once.
 */
function oneMatchPerWord(window: PassageMatch[]): PassageMatch[] {
  if (!sharesWords(window)) return window;
  const standsFor = new Set(assignUnits(window).values());
  // Per word, the index of the match kept: the one it stands for, else the fewest typos.
  const kept = new Map<number, number>();
  window.forEach((m, i) => {
    const k = kept.get(wordKey(m));
    if (k === undefined || standsFor.has(i) || (!standsFor.has(k) && m.typos < window[k]!.typos))
      kept.set(wordKey(m), i);
  });
  return window.filter((m, i) => kept.get(wordKey(m)) === i);
}

/** Smallest run of matches that covers every unit present (whole phrase occurrences kept). */
function smallestCoveringWindow(matches: PassageMatch[], typed?: readonly TypedWord[]): PassageMatch[] {
  const range = smallestCoveringRange(matches, unitsIn(matches), typed);
  return oneMatchPerWord(range ? matches.slice(range[0], range[1] + 1) : matches);
}

/** One word (or one phrase occurrence) per moment: what the windows give for one unit. */
function occurrences(run: PassageMatch[]): PassageMatch[][] {
  const out: PassageMatch[][] = [];
  for (const m of run) {
    const last = out[out.length - 1];
    if (last && continuesPhrase(last[last.length - 1], m)) last.push(m);
    else out.push([m]);
  }
  return out;
}

/**
 * Every moment of a run that covers all `need` units: the tightest window first (the words
 * said closest together), then the tightest ones left of it and right of it. A window
 * closed as soon as every word was seen once would start at a common word said just
 * before the quote (`of … I think one of the`), seconds too early.
 */
function coveringWindows(run: PassageMatch[], need: number, typed?: readonly TypedWord[]): PassageMatch[][] {
  // `vous vous` typed: one moment where it is said so, not one per `vous`.
  if (need === 1 && !sharesWords(run) && typed === undefined) return occurrences(run);
  if (unitsIn(run) < need) return [];
  const range = smallestCoveringRange(run, need, typed);
  if (range === null) return [];
  const [from, to] = range;
  return [
    ...coveringWindows(run.slice(0, from), need, typed),
    oneMatchPerWord(run.slice(from, to + 1)),
    ...coveringWindows(run.slice(to + 1), need, typed),
  ];
}

/**
 * The groups of matches that make moments in one passage. With `requireAll`, a moment
 * must match every query unit (phrase or word); otherwise the runs matching the most
 * units are moments (partial answers). `typed`: the query's words in the order typed, when
 * one is typed twice (ParsedQuery.typedWords).
 */
export function momentMatchGroups(
  matches: PassageMatch[],
  unitCount: number,
  requireAll: boolean,
  typed?: readonly TypedWord[],
): PassageMatch[][] {
  if (matches.length === 0) return [];
  const runs = splitAtGaps(matches);
  const whole = runs.flatMap((run) => coveringWindows(run, unitCount, typed));
  if (whole.length > 0) return whole;
  if (requireAll) {
    // Every word is there, but further apart than a moment's gap: one loose moment.
    const loose = smallestCoveringRange(matches, unitCount, typed);
    return loose === null ? [] : [oneMatchPerWord(matches.slice(loose[0], loose[1] + 1))];
  }
  const bestUnits = Math.max(...runs.map(unitsIn));
  return runs.filter((c) => unitsIn(c) === bestUnits).map((run) => smallestCoveringWindow(run, typed));
}

function spanAt(passage: Passage, pos: number): PassageSpan | undefined {
  let found: PassageSpan | undefined;
  for (const s of passage.spans) {
    if (s.charStart <= pos) found = s;
    else break;
  }
  return found;
}

/** Where the first matched word is spoken: its word timing, else its cue's start. */
function startTimeAt(span: PassageSpan, pos: number): number {
  if (span.words) {
    let t: number | undefined;
    for (const w of span.words) {
      if (w.charStart <= pos) t = w.start;
      else break;
    }
    if (t !== undefined) return t;
  }
  return span.start;
}

/** Where the last matched word ends: its word timing, else its cue's end. */
function endTimeAt(span: PassageSpan, pos: number): number {
  if (span.words) {
    for (const w of span.words) if (w.charEnd >= pos) return w.end;
  }
  return span.end;
}

function absolutePosition(span: PassageSpan, pos: number): number {
  return span.cue * 1e6 + span.cueTextOffset + (pos - span.charStart);
}

/** A passage's character offset as a position in its episode (the unit of `ResolvedMoment.from`). */
export function episodePosition(passage: Passage, pos: number): number {
  const span = spanAt(passage, pos);
  return span ? absolutePosition(span, pos) : -1;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
/** How far a cut may move to reach a space (text without spaces is cut anywhere). */
const MAX_SNAP = 40;

/** Moves a cut back to the start of a whitespace-separated word (never inside `Qu’est`). */
function snapStart(text: string, pos: number): number {
  const p0 = Math.max(0, pos);
  let p = p0;
  while (p > 0 && !isSpace(text[p - 1]) && p0 - p < MAX_SNAP) p--;
  return p;
}

/** Moves a cut forward to the end of a whitespace-separated word. */
function snapEnd(text: string, pos: number): number {
  const p0 = Math.min(text.length, pos);
  let p = p0;
  while (p < text.length && !isSpace(text[p]) && p - p0 < MAX_SNAP) p++;
  return p;
}

/**
 * How far (in words) a word of a quote may drift from where the word before it puts it, as
 * typed: one (`lexpliquer` typed is one word, `l’expliquer` said two; a word left out).
 */
const TYPED_PLACE_SLACK = 1;

/** Fewest typed words said in a row, as typed, that make a moment read as the quote pasted. */
export const QUOTE_RUN_MIN_WORDS = 4;
/** Most typed words a quote's moment may leave out (misremembered) and still read as it. */
export const MAX_MISREMEMBERED_WORDS = 2;

interface TypedChain {
  /** Typed words in the chain. */
  words: number;
  /** First and last match of the chain, as indexes into the group. */
  from: number;
  to: number;
}

/**
 * The chain of a group's matches that stand where they were typed: each match reads as one
 * typed word (a word typed twice, either place), that is at one offset from where it was
 * typed; the chain is the run of matches whose offsets agree, each within TYPED_PLACE_SLACK
 * of the one before, that holds the most typed words (then drifts least). A phrase (or a
 * word said in parts, `twimlai.com`) is one typed word, at its first word's place.
 */
function typedChain(group: PassageMatch[], positions: readonly TypedWord[]): TypedChain | null {
  if (group.length === 0) return null;
  const placesOf = new Map<number, number[]>();
  for (const { unit, position } of positions) {
    const list = placesOf.get(unit);
    if (list) list.push(position);
    else placesOf.set(unit, [position]);
  }
  // Each match read as each place its word was typed at: the offset it puts the quote at.
  const readings = group.map((m) =>
    (placesOf.get(m.unit) ?? []).map((place) => ({ place, offset: m.token - place })),
  );
  // Of two chains with as many words, the one that drifts less is the quote as typed.
  let best = { words: 0, drift: 0, from: 0, to: group.length - 1 };
  readings.forEach((starts, i) => {
    // A chain starts at a phrase's first word: its next words are that typed word still.
    if (i > 0 && continuesPhrase(group[i - 1], group[i])) return;
    for (const start of starts) {
      let offset = start.offset;
      let drift = 0;
      let last = i;
      // A word typed twice takes each of its places once (`de … alors de`).
      const places = new Set([start.place]);
      const units = new Set([group[i]!.unit]);
      for (let j = i + 1; j < group.length; j++) {
        if (continuesPhrase(group[j - 1], group[j])) continue;
        const next = readings[j]!.find(
          (r) => !places.has(r.place) && Math.abs(r.offset - offset) <= TYPED_PLACE_SLACK,
        );
        if (next === undefined) continue;
        places.add(next.place);
        units.add(group[j]!.unit);
        drift += Math.abs(next.offset - offset);
        offset = next.offset;
        last = j;
      }
      if (units.size > best.words || (units.size === best.words && drift < best.drift))
        best = { words: units.size, drift, from: i, to: last };
    }
  });
  return best;
}

/**
 * A quote's moment without the words at its edges that are not where the rest put them as
 * typed: `something` misremembered among a quote's words, and said seven words before it,
 * would start the moment seconds early. The moment is placed from its typed chain's first
 * match to its last, a phrase (or a number said in words, a word said in parts) whole.
 * Unchanged when no chain holds 3 words.
 */
function withoutStrayEdges(group: PassageMatch[], chain: TypedChain | null): PassageMatch[] {
  if (chain === null || group.length < 4 || chain.words < 3) return group;
  let { from, to } = chain;
  while (from > 0 && continuesPhrase(group[from - 1], group[from])) from--;
  while (to + 1 < group.length && continuesPhrase(group[to], group[to + 1])) to++;
  return from === 0 && to === group.length - 1 ? group : group.slice(from, to + 1);
}

/** The matches from a group's first word to its last, every reading of each word (in token order). */
function inSpanOf(all: readonly PassageMatch[], group: readonly PassageMatch[]): PassageMatch[] {
  let from = Infinity;
  let to = -Infinity;
  for (const m of group) {
    from = Math.min(from, m.token);
    to = Math.max(to, m.token);
  }
  return all.filter((m) => m.token >= from && m.token <= to);
}

/**
 * Typed words a moment says in a row as typed, when they are enough to read as the quote
 * pasted (at most MAX_MISREMEMBERED_WORDS of its words left out or misremembered); else 0.
 * A pasted quote is ranked on it before the words matched: the quote said with one word
 * misremembered comes before a passage that holds every word, scattered.
 */
function quoteRunWords(chain: TypedChain | null, positions: readonly TypedWord[] | undefined): number {
  if (chain === null || positions === undefined) return 0;
  const units = new Set(positions.map((p) => p.unit)).size;
  return chain.words >= QUOTE_RUN_MIN_WORDS && chain.words >= units - MAX_MISREMEMBERED_WORDS
    ? chain.words
    : 0;
}

/**
 * Resolves one group of matches of a passage into a moment: ranked on all its matches,
 * placed (start, snippet, highlights) on those standing as typed.
 */
export function resolveMoment(
  passage: Passage,
  matched: PassageMatch[],
  backendScore: number,
  typed?: readonly TypedWord[],
  positions?: readonly TypedWord[],
  /** Every match of the passage (a quote's words said as typed are counted on them). */
  passageMatches?: readonly PassageMatch[],
): ResolvedMoment | null {
  const chain = positions === undefined ? null : typedChain(matched, positions);
  const group = withoutStrayEdges(matched, chain);
  const first = group[0];
  if (!first) return null;
  const last = group.reduce((a, b) => (b.end > a.end ? b : a), first);
  const firstSpan = spanAt(passage, first.start);
  const lastSpan = spanAt(passage, last.end - 1);
  if (!firstSpan || !lastSpan) return null;
  const text = passage.text;

  let snippetStart = snapStart(text, first.start - SNIPPET_CONTEXT_CHARS);
  let snippetEnd = snapEnd(text, last.end + SNIPPET_CONTEXT_CHARS);
  if (snippetEnd - snippetStart > MAX_SNIPPET_CHARS) {
    snippetStart = snapStart(text, Math.max(snippetStart, first.start - 30));
    snippetEnd = Math.max(snapEnd(text, snippetStart + MAX_SNIPPET_CHARS), Math.min(last.end, text.length));
    if (snippetEnd - snippetStart > MAX_SNIPPET_CHARS)
      snippetEnd = snapEnd(text, snippetStart + MAX_SNIPPET_CHARS);
  }
  // Trim whitespace at the cut while keeping offsets right.
  while (snippetStart < first.start && /\s/.test(text[snippetStart] ?? '')) snippetStart++;
  while (snippetEnd > last.end && /\s/.test(text[snippetEnd - 1] ?? '')) snippetEnd--;
  const snippet = text.slice(snippetStart, snippetEnd);

  const highlights: TextRange[] = [];
  let prevMatch: PassageMatch | undefined;
  for (const m of group) {
    if (m.end > snippetEnd || m.start < snippetStart) continue;
    const r = { start: m.start - snippetStart, end: m.end - snippetStart };
    const prev = highlights[highlights.length - 1];
    const samePhrase =
      prevMatch?.phrase && m.phrase && prevMatch.unit === m.unit && m.token === prevMatch.token + 1;
    // Words of one phrase are highlighted as one range.
    if (prev && (r.start <= prev.end || samePhrase)) prev.end = Math.max(prev.end, r.end);
    else highlights.push(r);
    prevMatch = m;
  }

  const beforeStart = snapStart(text, snippetStart - SIDE_TEXT_CHARS);
  const before = text.slice(beforeStart, snippetStart).trim();
  const afterEnd = snapEnd(text, snippetEnd + SIDE_TEXT_CHARS);
  const after = text.slice(snippetEnd, afterEnd).trim();

  // Counted on every match in the moment's span: a said word matching two typed words
  // (`think` and `thing`, one typo apart) is one match in the group, kept as either, and
  // kept as the other it breaks the run said as typed.
  const quoteWords = quoteRunWords(
    positions && passageMatches ? typedChain(inSpanOf(passageMatches, matched), positions) : chain,
    positions,
  );
  const parts = rankPartsOf(matched, backendScore, typed, quoteWords);
  const centre = (first.start + last.end) / 2 / Math.max(1, text.length);
  const hit: SearchHit = {
    episode: passage.episode,
    start: startTimeAt(firstSpan, first.start),
    end: Math.max(endTimeAt(lastSpan, last.end), startTimeAt(firstSpan, first.start)),
    speaker: firstSpan.speaker,
    snippet,
    highlights,
    before,
    after,
    matchedWords: parts.matchedWords,
    score: rankScore(parts),
  };
  return {
    hit,
    episodeId: passage.episodeId,
    from: absolutePosition(firstSpan, first.start),
    to: absolutePosition(lastSpan, last.end),
    centring: 1 - Math.abs(centre - 0.5) * 2,
    quoteWords,
  };
}

/**
 * Every moment of a passage for a query. `backendScore` is the backend's relevance for
 * the passage, normalised to 0..1. With `requireAll` false, clusters matching only some
 * words are moments too (partial answers).
 */
export function resolvePassageMoments(
  passage: Passage,
  query: ParsedQuery,
  options: { backendScore: number; requireAll: boolean; matches?: PassageMatch[] },
): ResolvedMoment[] {
  const matches = options.matches ?? locateMatches(passage.text, query);
  const groups = momentMatchGroups(matches, queryUnitCount(query), options.requireAll, query.typedWords);
  const out: ResolvedMoment[] = [];
  for (const g of groups) {
    const m = resolveMoment(
      passage,
      g,
      options.backendScore,
      query.typedWords,
      query.typedPositions,
      matches,
    );
    if (!m) continue;
    const missing = missingWords(query, new Set(g.map((match) => match.unit)));
    if (missing.length > 0) m.hit.missingWords = missing;
    out.push(m);
  }
  return out;
}

/** Score without the backend's part (which differs between passages for the same words). */
const wordsScore = (m: ResolvedMoment) => Math.floor(m.hit.score / 10);

/**
 * Of two passages' versions of one moment: the one matching better, else the one with the
 * match nearest its centre (most context before and after), keeping the best backend score.
 */
function better(a: ResolvedMoment, b: ResolvedMoment): ResolvedMoment {
  if (wordsScore(a) !== wordsScore(b)) return wordsScore(a) > wordsScore(b) ? a : b;
  const kept = a.centring >= b.centring ? a : b;
  const score = Math.max(a.hit.score, b.hit.score);
  return kept.hit.score === score ? kept : { ...kept, hit: { ...kept.hit, score } };
}

/**
 * Merges the moments of one episode that overlapping passages found for the same words
 * (their matched ranges overlap), or that start at the same second (a word said twice in
 * one cue without word timings: both resolve to the cue's start, and a listener would see
 * the same result twice), keeping the best-ranked, best-centred one.
 * Returns them in no particular order.
 */
export function mergeMoments(moments: ResolvedMoment[]): ResolvedMoment[] {
  const byEpisode = new Map<string, ResolvedMoment[]>();
  for (const m of moments) {
    const list = byEpisode.get(m.episodeId);
    if (list) list.push(m);
    else byEpisode.set(m.episodeId, [m]);
  }
  const out: ResolvedMoment[] = [];
  for (const list of byEpisode.values()) {
    list.sort((a, b) => a.from - b.from || b.to - a.to);
    let current: ResolvedMoment | undefined;
    let currentTo = -1;
    for (const m of list) {
      if (current && (m.from <= currentTo || m.hit.start === current.hit.start)) {
        current = better(current, m);
        currentTo = Math.max(currentTo, m.to);
      } else {
        if (current) out.push(current);
        current = m;
        currentTo = m.to;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

function dateKey(hit: SearchHit): string {
  return hit.episode.date ?? '';
}

/** Orders hits: by rank (relevance), or by episode date then time (newest/oldest). */
export function compareHits(sort: SearchSort): (a: SearchHit, b: SearchHit) => number {
  const byRank = (a: SearchHit, b: SearchHit) =>
    b.score - a.score || a.episode.id.localeCompare(b.episode.id) || a.start - b.start;
  if (sort === 'relevance') return byRank;
  const dir = sort === 'newest' ? -1 : 1;
  return (a, b) => {
    const da = dateKey(a);
    const db = dateKey(b);
    if (da !== db) {
      // Undated episodes go last either way.
      if (da === '') return 1;
      if (db === '') return -1;
      return da < db ? -dir : dir;
    }
    return a.episode.id.localeCompare(b.episode.id) || a.start - b.start;
  };
}

/** De-duplicated moments as a flat list, best first (or by date). */
export function flatHits(moments: ResolvedMoment[], sort: SearchSort): SearchHit[] {
  return mergeMoments(moments)
    .map((m) => m.hit)
    .sort(compareHits(sort));
}

/**
 * Groups moments by episode: every moment of each episode in time order, episodes best
 * first (best moment, then count) or by date.
 */
export function groupByEpisode(moments: ResolvedMoment[], sort: SearchSort): EpisodeGroup[] {
  const groups = new Map<string, EpisodeGroup>();
  for (const m of mergeMoments(moments)) {
    const g = groups.get(m.episodeId);
    if (g) {
      g.moments.push(m.hit);
      g.count++;
      g.score = Math.max(g.score, m.hit.score);
    } else
      groups.set(m.episodeId, { episode: m.hit.episode, count: 1, moments: [m.hit], score: m.hit.score });
  }
  const list = [...groups.values()];
  for (const g of list) g.moments.sort((a, b) => a.start - b.start);
  if (sort === 'relevance') {
    // The best moment's words first (the backend's share of the score, which differs from
    // passage to passage, would decide almost every tie), then how many moments.
    const words = (g: EpisodeGroup) => Math.floor(g.score / 10);
    list.sort(
      (a, b) =>
        words(b) - words(a) ||
        b.count - a.count ||
        b.score - a.score ||
        a.episode.id.localeCompare(b.episode.id),
    );
  } else {
    const cmp = compareHits(sort);
    list.sort((a, b) => {
      const x = a.moments[0];
      const y = b.moments[0];
      return x && y ? cmp(x, y) : 0;
    });
  }
  return list;
}
