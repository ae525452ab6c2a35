// Text folding and tokenization shared by every search backend and by the query parser,
// so a word is the same word wherever it is compared.
//
// Rules (kept equal to SQLite FTS5 `unicode61 remove_diacritics 2` with `ʼ` as an extra
// separator, so the embedded index and this module split and fold words the same way):
// - a word is a run of letters, digits, combining marks or private-use code points;
//   everything else (spaces, punctuation, hyphens, every apostrophe `' ’ ‘ ʼ ′ ´`)
//   separates words. So French elision splits by itself: `l’interdiction` → `l`,
//   `interdiction`, and `interdiction` finds it.
// - folding: lowercase, NFKD, combining marks removed (`Élève` → `eleve`).
//   `œ`/`æ` are kept as written (FTS5 does not expand them either).

/** Every character treated as an apostrophe (all are word separators). */
export const APOSTROPHES = ["'", '’', '‘', 'ʼ', '′', '´', '`'] as const;

const APOSTROPHE_SET = new Set<string>(APOSTROPHES);

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

// `ʼ` (U+02BC) is a letter to Unicode but an apostrophe to readers: excluded.
const WORD_RE = /(?:(?!\u02bc)[\p{L}\p{N}\p{M}\p{Co}])+/gu;
// Private-use characters are kept inside words (as FTS5 does) but never searched for:
// the embedded index marks its filter tokens with one.
const PRIVATE_USE_RE = /\p{Co}/gu;
const MARKS_RE = /\p{M}/gu;
// Printable ASCII and spaces: the fast path (no normalisation needed).
const ASCII_RE = /^[\t-\r -~]*$/;
// Stops at the first other character (the anchored form backtracks over the whole text).
const NON_ASCII_RE = /[^\t-\r -~]/;

// Searches fold the same words over and over (every candidate passage is tokenized):
// short non-ASCII words are folded once (NFKD is the costly part).
const foldMemo = new Map<string, string>();
const FOLD_MEMO_MAX_ENTRIES = 50_000;
const FOLD_MEMO_MAX_LENGTH = 40;

/** Folds one word (or any string): lowercase, diacritics removed, apostrophes unified. */
export function foldWord(word: string): string {
  if (ASCII_RE.test(word)) return word.toLowerCase();
  if (word.length > FOLD_MEMO_MAX_LENGTH) return word.toLowerCase().normalize('NFKD').replace(MARKS_RE, '');
  let folded = foldMemo.get(word);
  if (folded === undefined) {
    folded = word.toLowerCase().normalize('NFKD').replace(MARKS_RE, '');
    if (foldMemo.size >= FOLD_MEMO_MAX_ENTRIES) foldMemo.clear();
    foldMemo.set(word, folded);
  }
  return folded;
}

/** Folds a word typed in a query: like foldWord, without private-use characters. */
export function foldQueryWord(word: string): string {
  return foldWord(word).replace(PRIVATE_USE_RE, '');
}

/** Folds free text: like foldWord, and every apostrophe variant becomes `'`. */
export function foldText(text: string): string {
  let out = foldWord(text);
  if (!ASCII_RE.test(out)) {
    out = Array.from(out, (ch) => (APOSTROPHE_SET.has(ch) ? "'" : ch)).join('');
  }
  return out;
}

export function isApostrophe(ch: string | undefined): boolean {
  return ch !== undefined && APOSTROPHE_SET.has(ch);
}

// In ASCII text a word is a run of ASCII letters and digits.
const ASCII_WORD_RE = /[a-z0-9]+/g;

/** Splits text into folded words with their offsets in the original text. */
export function tokenize(text: string): TextToken[] {
  // Every candidate passage of a search is tokenized: ASCII text (most English speech) is
  // lowercased once and needs no per-word folding.
  if (!NON_ASCII_RE.test(text)) return tokenizeAscii(text);
  const tokens: TextToken[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const term = foldWord(m[0]);
    if (term === '') continue;
    tokens.push({ term, start, end, elided: isElided(text, term, end) });
  }
  return tokens;
}

function tokenizeAscii(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  const lower = text.toLowerCase();
  ASCII_WORD_RE.lastIndex = 0;
  for (let m = ASCII_WORD_RE.exec(lower); m !== null; m = ASCII_WORD_RE.exec(lower)) {
    const term = m[0];
    const end = m.index + term.length;
    tokens.push({ term, start: m.index, end, elided: isElided(text, term, end) });
  }
  return tokens;
}

/** A French elided particle: followed by an apostrophe and more text (`l` in `l’école`). */
function isElided(text: string, term: string, end: number): boolean {
  return isApostrophe(text[end]) && FRENCH_ELISIONS.has(term) && end + 1 < text.length;
}

/** Folded words of a text, without offsets (cheaper when offsets are not needed). */
export function foldedWords(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}

/** Word count as the tokenizer sees it (used to size passages). */
export function countWords(text: string): number {
  WORD_RE.lastIndex = 0;
  let n = 0;
  while (WORD_RE.exec(text) !== null) n++;
  return n;
}
