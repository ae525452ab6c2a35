// Text folding and tokenization shared by every search backend and by the query parser,
// so a word is the same word wherever it is compared.
//
// Rules (kept equal to SQLite FTS5 `unicode61 remove_diacritics 2` with `ʼ` as an extra
// separator, so the embedded index and this module split and fold words the same way):
// - a word is a run of letters, digits, combining marks or private-use code points;
//   everything else (spaces, punctuation, hyphens, every apostrophe `' ’ ‘ ʼ ′ ´`)
//   separates words. So French elision splits by itself: `l’interdiction` → `l`,
//   `interdiction`, and `interdiction` finds it.
// - folding: lowercase, NFKD, combining marks removed (`Élève` → `eleve`). That is
//   foldWord, the index's own form, where `œ`/`æ` stay letters of their own (FTS5 keeps
//   them). Words compared with a query (tokenize, foldQueryWord) also spell them out
//   (`cœur` → `coeur`), as French keyboards type them and as Meilisearch folds them;
//   ftsSpellings gives back the forms the embedded index may hold.

/** Every character treated as an apostrophe (all are word separators). */
export const APOSTROPHES = ["'", '’', '‘', 'ʼ', '′', '´', '`'] as const;

const APOSTROPHE_SET = new Set<string>(APOSTROPHES);
const APOSTROPHE_CODES = new Set<number>(APOSTROPHES.map((a) => a.charCodeAt(0)));

/** French elided particles: `l’`, `d’`, `qu’`… Dropped from bare query words. */
export const FRENCH_ELISIONS: ReadonlySet<string> = new Set([
  'l',
  'd',
  'j',
  'qu',
  'n',
  's',
  'c',
  'm',
  't',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
]);

export interface TextToken {
  /** Folded form, as indexed and compared. */
  term: string;
  /** [start, end) in the ORIGINAL text, in UTF-16 code units. */
  start: number;
  end: number;
  /** True for a French elided particle followed by an apostrophe (`l` in `l’école`). */
  elided: boolean;
}

// Private-use characters are kept inside words (as FTS5 does) but never searched for:
// the embedded index marks its filter tokens with one.
const PRIVATE_USE_RE = /\p{Co}/gu;
const MARKS_RE = /\p{M}/gu;
// Printable ASCII and spaces: the fast path (no normalisation needed).
const ASCII_RE = /^[\t-\r -~]*$/;

// Searches fold the same words over and over (every candidate passage is tokenized):
// short non-ASCII words are folded once (NFKD is the costly part).
const foldMemo = new Map<string, string>();
const FOLD_MEMO_MAX_ENTRIES = 50_000;
const FOLD_MEMO_MAX_LENGTH = 40;

/** Folds one word (or any string) as the index does: lowercase, diacritics removed. */
export function foldWord(word: string): string {
  return ASCII_RE.test(word) ? word.toLowerCase() : foldNonAscii(word);
}

// Compared words, with ligatures spelled out: memoised apart (tokenizing reads this one).
const matchMemo = new Map<string, string>();
const LIGATURE_RE = /[œæ]/;
const LIGATURES_RE = /[œæ]/g;

/** Like foldNonAscii, with `œ`/`æ` spelled `oe`/`ae`: the form words are compared in. */
function foldNonAsciiForMatch(word: string): string {
  let folded = matchMemo.get(word);
  if (folded === undefined) {
    folded = foldNonAscii(word);
    if (LIGATURE_RE.test(folded)) folded = folded.replace(LIGATURES_RE, (l) => (l === 'œ' ? 'oe' : 'ae'));
    if (word.length > FOLD_MEMO_MAX_LENGTH) return folded;
    if (matchMemo.size >= FOLD_MEMO_MAX_ENTRIES) matchMemo.clear();
    matchMemo.set(word, folded);
  }
  return folded;
}

/** Most `oe`/`ae` of one word given both spellings by ftsSpellings (2^n forms). */
const MAX_LIGATURE_SPOTS = 2;

/**
 * The forms a compared word (`coeur`) may have in the embedded index, whose words keep
 * `œ`/`æ`: the word itself first, then with its first `oe`/`ae` written as ligatures.
 */
export function ftsSpellings(word: string): string[] {
  const spots: number[] = [];
  for (
    let i = word.indexOf('e', 1);
    i > 0 && spots.length < MAX_LIGATURE_SPOTS;
    i = word.indexOf('e', i + 1)
  ) {
    const before = word.charCodeAt(i - 1);
    if (before === 0x6f || before === 0x61) spots.push(i - 1); // `o`, `a`
  }
  if (spots.length === 0) return [word];
  const out: string[] = [];
  for (let mask = 0; mask < 1 << spots.length; mask++) {
    let spelled = '';
    let from = 0;
    spots.forEach((at, k) => {
      if ((mask & (1 << k)) === 0) return;
      spelled += word.slice(from, at) + (word[at] === 'o' ? 'œ' : 'æ');
      from = at + 2;
    });
    out.push(spelled + word.slice(from));
  }
  return out;
}

function foldNonAscii(word: string): string {
  if (word.length > FOLD_MEMO_MAX_LENGTH) return word.toLowerCase().normalize('NFKD').replace(MARKS_RE, '');
  let folded = foldMemo.get(word);
  if (folded === undefined) {
    folded = word.toLowerCase().normalize('NFKD').replace(MARKS_RE, '');
    if (foldMemo.size >= FOLD_MEMO_MAX_ENTRIES) foldMemo.clear();
    foldMemo.set(word, folded);
  }
  return folded;
}

/** Folds a word typed in a query: as tokenize does, without private-use characters. */
export function foldQueryWord(word: string): string {
  return (ASCII_RE.test(word) ? word.toLowerCase() : foldNonAsciiForMatch(word)).replace(PRIVATE_USE_RE, '');
}

/** Folds free text: like foldWord, and every apostrophe variant becomes `'`. */
export function foldText(text: string): string {
  let out = foldWord(text);
  if (!ASCII_RE.test(out)) {
    out = Array.from(out, (ch) => (APOSTROPHE_SET.has(ch) ? "'" : ch)).join('');
  }
  return out;
}

/**
 * A name as written with each apostrophe (the same one throughout): `N'Diaye` typed finds
 * `N’Diaye` stored, where the stored form is matched exactly (a speaker's filter token).
 */
export function apostropheSpellings(name: string): string[] {
  if (!Array.from(name).some((ch) => APOSTROPHE_SET.has(ch))) return [name];
  return APOSTROPHES.map((a) => Array.from(name, (ch) => (APOSTROPHE_SET.has(ch) ? a : ch)).join(''));
}

/**
 * An apostrophe or a hyphen between two words (`c’est`, `peut-être`): written words a
 * listener may type as one (`cest`, `peutetre`).
 */
export function isWordJoiner(code: number): boolean {
  // Cheapest first: this runs for the gap after most words of a passage (a space, mostly).
  if (code === 0x20) return false;
  return (
    code === 0x2d ||
    code === 0x2019 ||
    code === 0x27 ||
    code === 0x2010 ||
    code === 0x2011 ||
    APOSTROPHE_CODES.has(code)
  );
}

/** A space written between a number's digit groups (`1 000`): plain, no-break, narrow, thin. */
export function isDigitGroupSpace(code: number): boolean {
  return code === 0x20 || code === 0xa0 || code === 0x202f || code === 0x2009;
}

/** Whether `term` is `min` to `max` ASCII digits. */
function isDigits(term: string, min: number, max: number): boolean {
  if (term.length < min || term.length > max) return false;
  for (let k = 0; k < term.length; k++) {
    const c = term.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** One folded letter `a`–`z` (an acronym's letter once folded: `É` is `e`). */
function isOneLetter(term: string): boolean {
  const c = term.charCodeAt(0);
  return term.length === 1 && c >= 0x61 && c <= 0x7a;
}

/** Whether tokens[k + 1] follows tokens[k] in the same run of one word written apart. */
function continuesApart(text: string, tokens: readonly TextToken[], k: number, dotted: boolean): boolean {
  const cur = tokens[k];
  const next = tokens[k + 1];
  if (cur === undefined || next === undefined || next.start !== cur.end + 1) return false;
  const gap = text.charCodeAt(cur.end);
  return dotted
    ? gap === 0x2e && isOneLetter(next.term)
    : isDigitGroupSpace(gap) && isDigits(next.term, 3, 3);
}

/**
 * The last token of one word written apart that starts at tokens[i], else `i`: a number in
 * digit groups (`1 000 000`: 1–3 digits, then groups of 3 after one space each) or a dotted
 * acronym (`R.G.P.D.`). Listeners type them whole (`1000000`, `rgpd`), as the text may
 * write them too. Only whole runs: the `000 000` of `1 000 000` starts none.
 */
export function spelledApartEnd(text: string, tokens: readonly TextToken[], i: number): number {
  const tok = tokens[i];
  if (tok === undefined) return i;
  const gap = text.charCodeAt(tok.end);
  // Cheapest test first: most words are followed by a space and are not numbers.
  const dotted = gap === 0x2e;
  if (dotted ? !isOneLetter(tok.term) : !isDigitGroupSpace(gap) || !isDigits(tok.term, 1, 3)) return i;
  // Inside a run already (`G` of `R.G.P.D.`, the second `000` of `1 000 000`).
  const before = tokens[i - 1];
  if (
    before !== undefined &&
    continuesApart(text, tokens, i - 1, dotted) &&
    (dotted ? isOneLetter(before.term) : isDigits(before.term, 1, 3))
  )
    return i;
  let last = i;
  while (continuesApart(text, tokens, last, dotted)) last++;
  return last;
}

/** The folded words of tokens[from..to] as one (`1 000` → `1000`). */
export function joinedTerm(tokens: readonly TextToken[], from: number, to: number): string {
  let term = '';
  for (let k = from; k <= to; k++) term += tokens[k]!.term;
  return term;
}

/** Longest number searched in its digit groups (a phone or ID number is seldom grouped so). */
const MAX_SPELLED_APART_DIGITS = 15;
/** Longest acronym searched with dots (`c.n.i.l.`, `r.g.p.d.`, `o.n.u.`). */
const MAX_ACRONYM_LETTERS = 6;

/**
 * The words a word typed whole may be written apart as in the text: a number of 4 digits
 * or more in its digit groups (`1000000` → `1 000 000`), a short run of letters as a
 * dotted acronym (`rgpd` → `r g p d`); null for any other word.
 */
export function spelledApartParts(word: string): string[] | null {
  if (isDigits(word, 4, MAX_SPELLED_APART_DIGITS)) {
    const parts: string[] = [];
    const head = word.length % 3 || 3;
    parts.push(word.slice(0, head));
    for (let k = head; k < word.length; k += 3) parts.push(word.slice(k, k + 3));
    return parts;
  }
  if (word.length < 2 || word.length > MAX_ACRONYM_LETTERS) return null;
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c < 0x61 || c > 0x7a) return null;
  }
  return word.split('');
}

export function isApostrophe(ch: string | undefined): boolean {
  return ch !== undefined && APOSTROPHE_SET.has(ch);
}

// Word characters by UTF-16 unit below U+10000, filled as they are met: 0 not yet seen,
// 1 part of a word, 2 a separator. One table lookup per character instead of a Unicode
// property regex per word (tokenizing was the costliest step of resolving a passage).
const WORD_CHAR_RE = /^[\p{L}\p{N}\p{M}\p{Co}]$/u;
const bmpWordClass = new Uint8Array(0x10000);

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);
  // `ʼ` (U+02BC) is a letter to Unicode but an apostrophe to readers: a separator.
  if (cp === 0x2bc) return false;
  if (cp >= 0x10000) return WORD_CHAR_RE.test(String.fromCodePoint(cp));
  let known = bmpWordClass[cp] ?? 0;
  if (known === 0) {
    // A lone surrogate is a code point of its own (category Cs): a separator.
    known = WORD_CHAR_RE.test(String.fromCharCode(cp)) ? 1 : 2;
    bmpWordClass[cp] = known;
  }
  return known === 1;
}

/**
 * Calls `visit` with the [start, end) of each word of `text` from `from` on, in order,
 * and whether the word is all ASCII and already lowercase; `visit` returns true to stop.
 * The one reading of the word rules above that every tokenizing path shares.
 */
export function scanWords(
  text: string,
  from: number,
  visit: (start: number, end: number, ascii: boolean, lowercase: boolean) => boolean | void,
): void {
  const n = text.length;
  let start = -1;
  let ascii = true;
  let lowercase = true;
  for (let i = from; i <= n;) {
    let width = 1;
    let inWord = false;
    let cp = 0;
    if (i < n) {
      cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      inWord = isWordCodePoint(cp);
    }
    if (inWord) {
      if (start < 0) {
        start = i;
        ascii = true;
        lowercase = true;
      }
      if (cp >= 0x80) ascii = false;
      else if (cp >= 0x41 && cp <= 0x5a) lowercase = false;
    } else if (start >= 0) {
      if (visit(start, i, ascii, lowercase) === true) return;
      start = -1;
    }
    i += width;
  }
}

/** Splits text into folded words (ligatures spelled out) with their offsets in the original text. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  scanWords(text, 0, (start, end, ascii, lowercase) => {
    const word = text.slice(start, end);
    // An ASCII word only needs lowercasing; the rest are folded (and memoised).
    const term = !ascii ? foldNonAsciiForMatch(word) : lowercase ? word : word.toLowerCase();
    if (term !== '') tokens.push({ term, start, end, elided: isElided(text, term, end) });
  });
  return tokens;
}

/**
 * What follows the apostrophe of an English (or Dutch) contraction: `it’s`, `can’t`,
 * `we’re`, `I’ve`, `you’ll`, `I’d`, `I’m`, `camera’s`. Tokenized as a word of its own, it
 * is part of the word before it for a listener: not a word to search for, nor a gap.
 */
export const CONTRACTION_SUFFIXES: ReadonlySet<string> = new Set(['s', 't', 'd', 'm', 're', 've', 'll']);

/**
 * English contractions people type without their apostrophe (`dont know`, `its not`),
 * folded, as the word and suffix the text holds: `dont` → [`don`, `t`]. Only forms that
 * are rarely words of their own, plus `its` and `ill`, whose two readings are both wanted.
 */
export const CONTRACTIONS_WITHOUT_APOSTROPHE: ReadonlyMap<string, readonly [string, string]> = new Map(
  (
    "don't can't won't isn't aren't wasn't weren't doesn't didn't couldn't shouldn't wouldn't haven't " +
    "hasn't hadn't ain't mustn't needn't it's that's what's there's here's he's she's who's let's where's " +
    "how's you're they're what're who're i've you've we've they've could've should've would've might've " +
    "must've i'll you'll they'll it'll that'll there'll i'm you'd they'd i'd"
  )
    .split(' ')
    .map((form) => {
      const [word = '', suffix = ''] = form.split("'");
      return [word + suffix, [word, suffix] as const] as const;
    }),
);

/** True when `token` is a contraction's suffix: right after an apostrophe that follows a letter. */
export function isContractionSuffix(text: string, token: TextToken): boolean {
  // Cheapest test first: almost every word follows a space, not an apostrophe.
  return (
    token.start >= 2 &&
    APOSTROPHE_CODES.has(text.charCodeAt(token.start - 1)) &&
    CONTRACTION_SUFFIXES.has(token.term) &&
    !/\s/.test(text[token.start - 2] ?? ' ')
  );
}

/** A French elided particle: followed by an apostrophe and more text (`l` in `l’école`). */
function isElided(text: string, term: string, end: number): boolean {
  return end + 1 < text.length && APOSTROPHE_CODES.has(text.charCodeAt(end)) && FRENCH_ELISIONS.has(term);
}
