// Parses what a listener types into words to find, exact phrases and exclusions.
//   reconnaissance faciale        → two words, all must match; `faciale` is a prefix
//   "exact phrase" or « phrase »  → the words in this order, adjacent, no typos
//   -word, -"phrase"              → passages containing `word` (or the phrase) are left out
// The last bare word is a prefix (as you type) unless the query ends with a space.
// French elided particles (`l’`, `qu’`…) are dropped from bare words: `l’interdiction`
// searches `interdiction`; so are one-letter clitics after an apostrophe (`camera’s`).
// A number typed in digit groups (`1 000`) or a dotted acronym (`C.N.I.L.`) is one word
// (`1000`, `cnil`), which finds it written either way (see spelledApartEnd).
import { ValidationError } from '../../errors.ts';
import {
  foldQueryWord,
  isApostrophe,
  isContractionSuffix,
  joinedTerm,
  spelledApartEnd,
  tokenize,
  type TextToken,
} from '../text-fold.ts';
import { allowedTypos } from '../typo-rules.ts';
import { readNumberRun, type NumberRun } from '../number-words.ts';
import type { ShortenedQuery } from '../search-types.ts';

/**
 * Room for a pasted paragraph (a quote copied with its context): only its first words are
 * searched, and reading the rest once costs little. Beyond this, it is not a quote.
 */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_QUERY_WORDS = 12;
/** Words as the index splits them (`24-7`, `O'Reilly` are two): bounds the search's work. */
export const MAX_QUERY_TOKENS = 2 * MAX_QUERY_WORDS;
/** Words to find from which a query reads as a quote, whose words are said in the order typed. */
export const QUOTE_LIKE_UNITS = 5;
/** Prefixes shorter than this are matched as whole words (a 1-letter prefix matches everything). */
export const MIN_PREFIX_LENGTH = 2;

export interface QueryTerm {
  /** Folded word. */
  text: string;
  /** Matches any word starting with `text` (the last word, typed as a prefix). */
  prefix: boolean;
  /** Typos this word may carry as a whole word (0 for short words). A prefix term matches
   * words starting with it exactly, or the whole word with up to this many typos. */
  maxTypos: number;
  /** Typed as a contraction (`that’s` → `s`): the same contraction in the text matches best. */
  contraction?: string;
  /** Typed after a French elided article (`qu’il` → `qu`): the word said with it matches best. */
  elision?: string;
  /** A number (`trois cents`, `300`, `XXIe`, `50 %`): found said or written either way. */
  number?: TypedNumber;
}

/** A number inside a quoted phrase: its words are phrase[at .. at + words.length - 1]. */
export interface PhraseNumber extends TypedNumber {
  at: number;
}

/** A number typed in digits or words, read by readNumberRun (number-words.ts). */
export interface TypedNumber {
  /** `300`, `21e` (ordinal), `50%` (percentage). */
  key: string;
  /** The words typed, folded (`trois`, `cents`): what a backend that cannot look for
   * each spelling searches. */
  words: string[];
}

export interface ParsedQuery {
  raw: string;
  /** Bare words, folded, deduplicated, in query order. */
  terms: QueryTerm[];
  /** Exact phrases, each a list of folded words (2 or more). */
  phrases: string[][];
  /** Excluded words, folded. */
  excluded: string[];
  /** Only when a phrase holds a number (`"en 2024, 300 sites"`): per phrase, the numbers in
   * it, found said or written either way. */
  phraseNumbers?: PhraseNumber[][];
  /** Excluded phrases (`-"au-dessus des"`), each a list of folded words (2 or more). */
  excludedPhrases?: string[][];
  /** Only when a bare word is typed twice (`de l’expliquer alors de quoi`): the bare words
   * and phrases in the order typed, repeats kept, so a moment can start at the first one. */
  typedWords?: TypedWord[];
  /** Only for a quote-like query (QUOTE_LIKE_UNITS words or more): where each bare word and
   * phrase was typed, so a moment starts where its words line up as typed, not at one of
   * them (misremembered, or common) said a few seconds earlier. */
  typedPositions?: TypedWord[];
  /** Only for a query of more than MAX_QUERY_WORDS words (a pasted quote): its first words,
   * as typed, which are what is searched, and how many words were typed in all. */
  shortened?: ShortenedQuery;
  /** Only when some bare words typed side by side may be one word said (JoinedPair). */
  joinedPairs?: JoinedPair[];
}

/**
 * Two bare words typed side by side that the text may write as one (`video surveillance`
 * or `vidéo-surveillance` typed, `vidéosurveillance` said; `data base`, `database`): a
 * word said so stands for both (as Meilisearch reads its queries, which concatenates
 * adjacent words). Typed apart by a space, each word has MIN_JOINED_PART letters or more:
 * `de passe` is not `dépassé`. Typed with a hyphen, any length (`e-mail`, `email`).
 */
export interface JoinedPair {
  /** The two words' units (terms). */
  first: number;
  second: number;
  /** The word they make, folded (a prefix when the second word is being typed). */
  text: string;
}

/** Letters each of two words typed apart needs to be read as one word said (JoinedPair). */
export const MIN_JOINED_PART = 3;

/** What every answer starts with: the query as typed, and what was searched of a long one. */
export function answeredQuery(q: string, query: ParsedQuery): { query: string; shortened?: ShortenedQuery } {
  return { query: q, ...(query.shortened ? { shortened: query.shortened } : {}) };
}

/** A bare word or a phrase where it was typed: its unit (terms, then phrases, as
 * queryUnitCount) and its place among the words typed (a phrase's: its first word's),
 * counted as a passage's tokens are (an elided `l’` is one, a contraction's `s` none). */
export interface TypedWord {
  unit: number;
  position: number;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', '«': '»', '“': '”', '„': '“' };

/** Number of query units a hit can match: each bare word and each phrase counts one. */
export function queryUnitCount(query: ParsedQuery): number {
  return query.terms.length + query.phrases.length;
}

/** Query words: folded, private-use characters dropped, empty ones skipped. */
/**
 * A one-letter word right after an apostrophe (Dutch `camera’s`, English `it's`), or an
 * English contraction's suffix (`we’re`, `I’ve`): searching it would match every French
 * `s’`/`l’` or every `re`, and highlight it, so it is dropped from bare words.
 */
function isClitic(chunk: string, token: TextToken): boolean {
  return (
    (token.end - token.start === 1 && isApostrophe(chunk[token.start - 1])) ||
    isContractionSuffix(chunk, token)
  );
}

/** Tokens with whitespace before them start a word as people count words (`can't`: one). */
function spokenWordCount(text: string, tokens: readonly TextToken[]): number {
  let count = 0;
  let previousEnd = -1;
  for (const t of tokens) {
    if (previousEnd < 0 || /\s/.test(text.slice(previousEnd, t.start))) count++;
    previousEnd = t.end;
  }
  return count;
}

function queryTokens(text: string): TextToken[] {
  const tokens = tokenize(text)
    .map((t) => ({ ...t, term: foldQueryWord(t.term) }))
    .filter((t) => t.term !== '');
  // `C.N.I.L.` typed: one word, not four letters found (and highlighted) everywhere.
  const out: TextToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const last = spelledApartEnd(text, tokens, i);
    const tok = tokens[i]!;
    if (last === i) out.push(tok);
    else
      out.push({
        term: joinedTerm(tokens, i, last),
        start: tok.start,
        end: tokens[last]!.end,
        elided: false,
      });
    i = last;
  }
  return out;
}

/**
 * A number typed in digit groups (`1 000 000`, with any one space between groups), as the
 * resolver reads one (spelledApartEnd). The query is cut into words at spaces first: its
 * groups are joined before that.
 */
const DIGIT_GROUPS_RE = /(?<![\p{L}\p{N}\p{M}])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\p{L}\p{N}\p{M}])/gu;
const GROUP_SPACE_RE = /[ \u00a0\u202f\u2009]/g;

/**
 * The numbers typed as bare words, by where their first word's chunk starts: runs of whole
 * chunks (`deux mille vingt-quatre`, `300,`, `50 %`), not inside a quoted phrase nor an
 * excluded word.
 */
function typedNumbers(q: string): Map<number, { run: NumberRun; tokens: TextToken[] }> {
  const out = new Map<number, { run: NumberRun; tokens: TextToken[] }>();
  const tokens = queryTokens(q);
  let inQuotes: string | null = null;
  let scanned = 0;
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    // Quotes opened or closed since the last token.
    for (; scanned < tok.start; scanned++) {
      const ch = q[scanned] ?? '';
      if (inQuotes !== null) {
        if (ch === inQuotes) inQuotes = null;
      } else if (QUOTE_PAIRS[ch] !== undefined) inQuotes = QUOTE_PAIRS[ch] ?? null;
    }
    if (inQuotes !== null) continue;
    let chunkStart = tok.start;
    while (chunkStart > 0 && !/\s/.test(q[chunkStart - 1] ?? '')) chunkStart--;
    // The number starts its chunk (`(2024` too); `l’an`, `-300` are not numbers typed.
    if (tokens[k - 1] !== undefined && tokens[k - 1]!.end > chunkStart) continue;
    if (/[-"«“„]/.test(q.slice(chunkStart, tok.start))) continue;
    const run = readNumberRun(q, tokens, k);
    if (run === null) continue;
    const next = tokens[run.last + 1];
    const within = q.slice(tok.start, run.end);
    // Whole chunks only, and no `-word` or quote inside.
    if (next !== undefined && !/\s/.test(q.slice(run.end, next.start))) continue;
    if (/\s[-"«“„]/.test(within)) continue;
    out.set(chunkStart, { run, tokens: tokens.slice(k, run.last + 1) });
    k = run.last;
  }
  return out;
}

/** The numbers of a quoted phrase (`en 2024, 300 sites`: `2024` at 1, `300` at 2). */
function numbersOfPhrase(phraseText: string, tokens: TextToken[]): PhraseNumber[] {
  const out: PhraseNumber[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const run = readNumberRun(phraseText, tokens, k);
    if (run === null) continue;
    out.push({ key: run.key, words: tokens.slice(k, run.last + 1).map((t) => t.term), at: k });
    k = run.last;
  }
  return out;
}

export function codePointCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Queries read lately: one search reads its query 3–4 times (validation, cache key,
 * backend, facets), and a pasted quote costs ~0.2 ms a read. Parsed queries are never changed. */
const recentlyParsed = new Map<string, ParsedQuery>();
const RECENTLY_PARSED_MAX = 32;

export function parseQuery(q: string): ParsedQuery {
  const known = recentlyParsed.get(q);
  if (known !== undefined) return known;
  const parsed = parseQueryText(q);
  if (recentlyParsed.size >= RECENTLY_PARSED_MAX) recentlyParsed.delete(recentlyParsed.keys().next().value!);
  recentlyParsed.set(q, parsed);
  return parsed;
}

function parseQueryText(q: string): ParsedQuery {
  if (typeof q !== 'string') throw new ValidationError('q: expected a string');
  // Counted in characters as a person sees them: an emoji is one, not two UTF-16 units.
  if (q.length > MAX_QUERY_LENGTH && codePointCount(q) > MAX_QUERY_LENGTH) {
    throw new ValidationError(`q: the query is longer than ${MAX_QUERY_LENGTH} characters`, {
      field: 'q',
      maxLength: MAX_QUERY_LENGTH,
    });
  }
  const whole = readQuery(q);
  if (withinWordLimits(whole)) return whole.query;
  // A pasted quote longer than any search takes: its first words are as telling, they hold
  // the moment's start, and they sit whole in some passage. The answer says what was searched.
  const head = longestHeadWithinLimits(q);
  if (head === null) {
    throw new ValidationError(`q: the query has more than ${MAX_QUERY_WORDS} words`, {
      field: 'q',
      maxWords: MAX_QUERY_WORDS,
    });
  }
  // Ending with a space: the last word searched was typed whole, it is no prefix.
  const { query } = readQuery(`${head} `);
  return { ...query, raw: q, shortened: { searched: head.trim(), words: whole.spokenWords } };
}

interface ReadQuery {
  query: ParsedQuery;
  /** Words as people count them: what whitespace separates (`can't`, `24-7`: one each). */
  spokenWords: number;
  /** Words as the index splits them. */
  tokenCount: number;
}

function withinWordLimits(read: Pick<ReadQuery, 'spokenWords' | 'tokenCount'>): boolean {
  return read.spokenWords <= MAX_QUERY_WORDS && read.tokenCount <= MAX_QUERY_TOKENS;
}

/**
 * The longest run of the query's first whitespace-separated chunks that a search takes
 * whole, or null when even its first chunk is too long (`a-b-c-…-y`: 25 tokens).
 */
function longestHeadWithinLimits(q: string): string | null {
  const chunkEnds = [...q.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
  const fits = (count: number): boolean => {
    try {
      return withinWordLimits(readQuery(`${q.slice(0, chunkEnds[count - 1])} `));
    } catch {
      // Nothing to search in those first chunks yet (`« -sauf`): more of them may have.
      return true;
    }
  };
  // Words only add up as chunks are added: the longest head that fits is found by halving,
  // from a first guess of one word per chunk (what a pasted sentence mostly is), so the usual
  // paste is read twice more, not six times.
  const guess = Math.min(MAX_QUERY_WORDS, chunkEnds.length);
  let low = 0;
  let high = chunkEnds.length;
  if (fits(guess)) {
    low = guess;
    if (guess < high && !fits(guess + 1)) high = guess;
  } else high = guess - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? null : q.slice(0, chunkEnds[low - 1]);
}

/** The query read whole, its words counted but not limited. */
function readQuery(q: string): ReadQuery {
  const raw = q;
  q = q.replace(DIGIT_GROUPS_RE, (number) => number.replace(GROUP_SPACE_RE, ''));
  const terms: QueryTerm[] = [];
  const phrases: string[][] = [];
  const phraseNumbers: PhraseNumber[][] = [];
  const excluded: string[] = [];
  const excludedPhrases: string[][] = [];
  const seen = new Set<string>();
  /** Per bare word, the elided article typed before it (null: typed without one, or two). */
  const elisions = new Map<string, string | null>();
  let lastBareTermIndex = -1;
  let lastChunkWasBare = false;
  /** Words as people count them: what whitespace separates (`can't`, `24-7`: one each). */
  let spokenWords = 0;
  let tokenCount = 0;
  const typedWords: TypedWord[] = [];
  let position = 0;
  const joinedPairs: JoinedPair[] = [];
  /** The bare word typed just before (nothing else between), for JoinedPair. */
  let bareBefore: { unit: number; text: string; hyphenAfter: boolean } | null = null;

  /** `exact`: a word in quotes, found only as written (no typo variants). */
  const addTerm = (text: string, exact = false) => {
    if (seen.has(text)) {
      const earlier = terms.find((t) => t.text === text);
      if (exact && earlier) earlier.maxTypos = 0;
      return;
    }
    seen.add(text);
    terms.push({ text, prefix: false, maxTypos: exact ? 0 : allowedTypos(text) });
    lastBareTermIndex = terms.length - 1;
  };

  const numbers = typedNumbers(q);

  let i = 0;
  while (i < q.length) {
    const ch = q[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // `-"…"`: passages holding that phrase are left out (not its words one by one).
    const excludedClose = ch === '-' ? QUOTE_PAIRS[q[i + 1] ?? ''] : undefined;
    if (excludedClose !== undefined) {
      let end = q.indexOf(excludedClose, i + 2);
      if (end < 0) end = q.length;
      const words = queryTokens(q.slice(i + 2, end)).map((t) => t.term);
      if (words.length === 1 && words[0] !== undefined) excluded.push(words[0]);
      else if (words.length > 1) excludedPhrases.push(words.slice(0, MAX_QUERY_WORDS));
      lastChunkWasBare = false;
      bareBefore = null;
      i = end + 1;
      continue;
    }
    const close = QUOTE_PAIRS[ch];
    if (close !== undefined) {
      let end = q.indexOf(close, i + 1);
      if (end < 0) end = q.length;
      const phraseText = q.slice(i + 1, end);
      const phraseTokens = queryTokens(phraseText);
      const words = phraseTokens.map((t) => t.term);
      if (words.length === 1 && words[0] !== undefined) addTerm(words[0], true);
      else if (words.length > 1) {
        // Passages overlap by MAX_QUERY_WORDS - 1 tokens: a longer phrase (12 words with
        // contractions, `we’re` being two tokens) could straddle two passages and be missed.
        // Its first MAX_QUERY_WORDS tokens are as telling, and sit whole in some passage.
        phrases.push(words.slice(0, MAX_QUERY_WORDS));
        phraseNumbers.push(numbersOfPhrase(phraseText, phraseTokens.slice(0, MAX_QUERY_WORDS)));
        // Numbered after every term once all are known (below).
        typedWords.push({ unit: -phrases.length, position });
        spokenWords += spokenWordCount(phraseText, phraseTokens);
        tokenCount += words.length;
      }
      position += phraseTokens.filter((t) => !isContractionSuffix(phraseText, t)).length;
      lastChunkWasBare = false;
      bareBefore = null;
      i = end + 1;
      continue;
    }
    const typed = numbers.get(i);
    if (typed !== undefined) {
      // One term for the number, however many words it was typed in.
      const { run, tokens } = typed;
      const single = tokens.length === 1 ? tokens[0] : undefined;
      const text = single?.term ?? run.key.replace(/%$/, '');
      if (!seen.has(text)) {
        addTerm(text);
        const term = terms[terms.length - 1]!;
        if (!single) term.maxTypos = 0;
      }
      const term = terms.find((t) => t.text === text)!;
      term.number = { key: run.key, words: tokens.map((t) => t.term) };
      lastBareTermIndex = terms.indexOf(term);
      typedWords.push({ unit: lastBareTermIndex, position });
      position += tokens.length;
      tokenCount += tokens.length;
      let end = run.end;
      while (end < q.length && !/\s/.test(q[end] ?? '')) end++;
      spokenWords += q.slice(i, end).split(/\s+/).length;
      lastChunkWasBare = true;
      bareBefore = null;
      i = end;
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end] ?? '')) end++;
    const chunk = q.slice(i, end);
    i = end;
    if (chunk.startsWith('-') && chunk.length > 1) {
      for (const t of queryTokens(chunk.slice(1))) if (!t.elided) excluded.push(t.term);
      lastChunkWasBare = false;
      bareBefore = null;
      continue;
    }
    const tokens = queryTokens(chunk);
    const kept = tokens.filter((t) => !t.elided && !isClitic(chunk, t));
    const searched = kept.length > 0 ? kept : tokens;
    for (const t of searched) addTerm(t.term);
    for (const t of tokens) {
      if (searched.includes(t)) {
        const unit = terms.findIndex((x) => x.text === t.term);
        typedWords.push({ unit, position });
        if (
          bareBefore !== null &&
          bareBefore.unit !== unit &&
          (bareBefore.hyphenAfter ||
            (codePointCount(bareBefore.text) >= MIN_JOINED_PART && codePointCount(t.term) >= MIN_JOINED_PART))
        )
          joinedPairs.push({ first: bareBefore.unit, second: unit, text: bareBefore.text + t.term });
        bareBefore = { unit, text: t.term, hyphenAfter: chunk[t.end] === '-' };
      } else bareBefore = null;
      if (!isContractionSuffix(chunk, t)) position++;
    }
    kept.forEach((t) => {
      const before = tokens[tokens.indexOf(t) - 1];
      const article = before?.elided && before.end + 1 === t.start ? before.term : null;
      elisions.set(t.term, elisions.has(t.term) && elisions.get(t.term) !== article ? null : article);
    });
    for (let k = 1; k < tokens.length; k++) {
      const [before, after] = [tokens[k - 1]!, tokens[k]!];
      if (!isContractionSuffix(chunk, after) || !kept.includes(before)) continue;
      const term = terms.find((t) => t.text === before.term);
      if (term) term.contraction = after.term;
    }
    lastChunkWasBare = tokens.length > 0;
    if (tokens.length > 0) spokenWords++;
    tokenCount += tokens.length;
  }

  for (const term of terms) {
    const article = elisions.get(term.text);
    if (article) term.elision = article;
  }
  const endsWithSpace = /\s$/.test(q);
  const last = terms[lastBareTermIndex];
  if (last && lastChunkWasBare && !endsWithSpace && lastBareTermIndex === terms.length - 1) {
    // A number typed in words (`trois cents`) is whole: its digits are no prefix (`3000`).
    const spelled = last.number !== undefined && last.number.words.join('') !== last.text;
    if ([...last.text].length >= MIN_PREFIX_LENGTH && !spelled) {
      last.prefix = true;
    }
  }
  if (terms.length === 0 && phrases.length === 0) {
    throw new ValidationError(
      excluded.length > 0 || excludedPhrases.length > 0
        ? 'q: a query needs at least one word to find, not only words to exclude'
        : 'q: the query contains no word to search for',
      { field: 'q' },
    );
  }
  for (const word of typedWords) if (word.unit < 0) word.unit = terms.length - word.unit - 1;
  // A word being typed is read as one with the word before once it has a few letters:
  // `video s` is not `vidéos`.
  const joined = joinedPairs.filter(
    (p, k) =>
      (!terms[p.second]!.prefix || codePointCount(terms[p.second]!.text) >= MIN_JOINED_PART) &&
      joinedPairs.findIndex((o) => o.first === p.first && o.second === p.second) === k,
  );
  const typedTwice = new Set(typedWords.map((w) => w.unit)).size < typedWords.length;
  // An excluded word that is also searched for would exclude everything: keep the search.
  const wanted = new Set([...terms.map((t) => t.text), ...phrases.flat()]);
  const wantedPhrases = new Set(phrases.map((p) => p.join(' ')));
  const leftOutPhrases = excludedPhrases.filter((p) => !wantedPhrases.has(p.join(' ')));
  const query: ParsedQuery = {
    raw,
    terms,
    phrases,
    excluded: [...new Set(excluded)].filter((w) => !wanted.has(w)),
    ...(leftOutPhrases.length > 0 ? { excludedPhrases: leftOutPhrases } : {}),
    ...(typedTwice ? { typedWords } : {}),
    ...(terms.length + phrases.length >= QUOTE_LIKE_UNITS ? { typedPositions: typedWords } : {}),
    ...(phraseNumbers.some((n) => n.length > 0) ? { phraseNumbers } : {}),
    ...(joined.length > 0 ? { joinedPairs: joined } : {}),
  };
  return { query, spokenWords, tokenCount };
}
