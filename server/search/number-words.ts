// Numbers said in words or written in digits are the same number to a listener: a quote
// remembered as `en 2024, 300 sites` may be transcribed `en deux mille vingt-quatre, trois
// cents sites`, or the other way round. This module reads a number from a run of words
// (French or English words, digits with or without their digit groups, an ordinal such
// as `1er`, `2e`, `deuxième`, `XXIe`, `21st`, a percentage `50 %`, `cinquante pour cent`)
// and gives it one key: `2024` (cardinal), `21e` (ordinal), `50%` (percentage). The query
// parser reads typed numbers so, the resolver reads the passage text so (a moment lands
// on the first word of the number said), and the embedded backend searches each spelling
// of the key (numberSpellings). The index itself is unchanged.
//
// Only whole runs are read: `vingt-quatre` inside `deux mille vingt-quatre` is not 24.
// `un`, `une` and `one` alone are articles or pronouns, not numbers; `second`/`seconde`
// alone are units of time.
import { isDigitGroupSpace, type TextToken } from './text-fold.ts';

type WordClass = 'zero' | 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' | 'million' | 'billion';

interface NumberWord {
  lang: 'fr' | 'en';
  kind: WordClass;
  value: number;
  /** An ordinal word (`deuxième`, `twenty-first`'s `first`): the run ends with it. */
  ordinal: boolean;
}

/** French cardinal words, folded, as said (both `vingt` and `vingts`, `cent` and `cents`). */
const FR_CARDINALS: readonly (readonly [string, WordClass, number])[] = [
  ['zero', 'zero', 0],
  ['un', 'unit', 1],
  ['une', 'unit', 1],
  ['deux', 'unit', 2],
  ['trois', 'unit', 3],
  ['quatre', 'unit', 4],
  ['cinq', 'unit', 5],
  ['six', 'unit', 6],
  ['sept', 'unit', 7],
  ['huit', 'unit', 8],
  ['neuf', 'unit', 9],
  ['dix', 'teen', 10],
  ['onze', 'teen', 11],
  ['douze', 'teen', 12],
  ['treize', 'teen', 13],
  ['quatorze', 'teen', 14],
  ['quinze', 'teen', 15],
  ['seize', 'teen', 16],
  ['vingt', 'tens', 20],
  ['vingts', 'tens', 20],
  ['trente', 'tens', 30],
  ['quarante', 'tens', 40],
  ['cinquante', 'tens', 50],
  ['soixante', 'tens', 60],
  ['septante', 'tens', 70],
  ['huitante', 'tens', 80],
  ['octante', 'tens', 80],
  ['nonante', 'tens', 90],
  ['cent', 'hundred', 100],
  ['cents', 'hundred', 100],
  ['mille', 'thousand', 1000],
  ['mil', 'thousand', 1000],
  ['million', 'million', 1e6],
  ['millions', 'million', 1e6],
  ['milliard', 'billion', 1e9],
  ['milliards', 'billion', 1e9],
];

const EN_CARDINALS: readonly (readonly [string, WordClass, number])[] = [
  ['zero', 'zero', 0],
  ['one', 'unit', 1],
  ['two', 'unit', 2],
  ['three', 'unit', 3],
  ['four', 'unit', 4],
  ['five', 'unit', 5],
  ['six', 'unit', 6],
  ['seven', 'unit', 7],
  ['eight', 'unit', 8],
  ['nine', 'unit', 9],
  ['ten', 'teen', 10],
  ['eleven', 'teen', 11],
  ['twelve', 'teen', 12],
  ['thirteen', 'teen', 13],
  ['fourteen', 'teen', 14],
  ['fifteen', 'teen', 15],
  ['sixteen', 'teen', 16],
  ['seventeen', 'teen', 17],
  ['eighteen', 'teen', 18],
  ['nineteen', 'teen', 19],
  ['twenty', 'tens', 20],
  ['thirty', 'tens', 30],
  ['forty', 'tens', 40],
  ['fifty', 'tens', 50],
  ['sixty', 'tens', 60],
  ['seventy', 'tens', 70],
  ['eighty', 'tens', 80],
  ['ninety', 'tens', 90],
  ['hundred', 'hundred', 100],
  ['thousand', 'thousand', 1000],
  ['million', 'million', 1e6],
  ['billion', 'billion', 1e9],
];

/** `deux` → `deuxieme`, `cinq` → `cinquieme`, `neuf` → `neuvieme`, `vingts` → `vingtieme`. */
function frOrdinalWord(word: string): string {
  const stem = word
    .replace(/(vingt|cent|million|milliard)s$/, '$1')
    .replace(/e$/, '')
    .replace(/q$/, 'qu')
    .replace(/f$/, 'v');
  return `${stem}ieme`;
}

const EN_ORDINAL_IRREGULAR: Readonly<Record<string, string>> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** `four` → `fourth`, `twenty` → `twentieth`, `one` → `first`. */
function enOrdinalWord(word: string): string {
  return EN_ORDINAL_IRREGULAR[word] ?? (word.endsWith('y') ? `${word.slice(0, -1)}ieth` : `${word}th`);
}

/** Number words by language (`six`, `zero`, `million` are both French and English). */
const WORDS_BY_LANG = { fr: new Map<string, NumberWord>(), en: new Map<string, NumberWord>() };
for (const [lang, table, ordinalOf] of [
  ['fr', FR_CARDINALS, frOrdinalWord],
  ['en', EN_CARDINALS, enOrdinalWord],
] as const) {
  const words = WORDS_BY_LANG[lang];
  for (const [word, kind, value] of table) {
    words.set(word, { lang, kind, value, ordinal: false });
    if (kind !== 'zero' && word !== 'une' && word !== 'mil' && !words.has(ordinalOf(word)))
      words.set(ordinalOf(word), { lang, kind, value, ordinal: true });
  }
}
// `premier`, `première` stand for `unième` alone (`vingt et unième` keeps `unième`).
const FIRST_ALONE = new Set(['premier', 'premiere', 'premiers', 'premieres']);
/** Every word that may start a number, for the cheap test of mayStartNumber. */
const STARTING_WORDS: ReadonlySet<string> = new Set([
  ...WORDS_BY_LANG.fr.keys(),
  ...WORDS_BY_LANG.en.keys(),
  ...FIRST_ALONE,
]);

/** A word's reading in either language (French first). */
function numberWord(word: string): NumberWord | undefined {
  return WORDS_BY_LANG.fr.get(word) ?? WORDS_BY_LANG.en.get(word);
}
/** Words never read as a number on their own (articles, pronouns, units of time). */
const NOT_ALONE = new Set(['un', 'une', 'one', 'mil', 'second']);

/** Suffixes of an ordinal written in digits (`1er`, `2e`, `2ème`, `21st`), folded. */
const DIGIT_ORDINAL_RE = /^(\d+)(er|re|ere|e|eme|ieme|st|nd|rd|th)$/;
/** An ordinal in Roman numerals (`XXIe`, `IIIe`, `Ier`): letters I, V, X only (up to 39). */
const ROMAN_ORDINAL_RE = /^([ivx]+)(e|è|ème|eme|ᵉ|er|ᵉʳ)$/i;
const ROMAN_VALUES: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10 };

/** The value of a Roman numeral written the usual way (`xxi`), else null (`iiii`, `vx`). */
function romanValue(roman: string): number | null {
  let value = 0;
  for (let k = 0; k < roman.length; k++) {
    const v = ROMAN_VALUES[roman[k]!] ?? 0;
    const next = ROMAN_VALUES[roman[k + 1] ?? ''] ?? 0;
    value += v < next ? -v : v;
  }
  return value > 0 && toRoman(value) === roman ? value : null;
}

function toRoman(n: number): string {
  let out = '';
  let rest = n;
  for (const [v, s] of [
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ] as const)
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  return out;
}

/**
 * The ordinal a Roman numeral written as such stands for: capitals then a suffix
 * (`XXIe`, `Ier`). `Le`, `Ce`, `Vie` are words: one capital alone only for V and X
 * (`Ve République`), and never a capitalised word.
 */
function romanOrdinal(written: string): number | null {
  const m = ROMAN_ORDINAL_RE.exec(written);
  if (!m) return null;
  const roman = m[1]!.toLowerCase();
  const suffix = m[2]!;
  // Typed in lower case (`xxie siecle`): only with an `x`, which no French word has there.
  if (m[1] !== m[1]!.toUpperCase() && !(roman.includes('x') && roman.length >= 2)) return null;
  if (suffix !== suffix.toLowerCase()) return null;
  const first = suffix === 'er' || suffix === 'ᵉʳ';
  const value = romanValue(roman);
  if (value === null || (roman.length === 1 && roman !== 'v' && roman !== 'x' && !first)) return null;
  if (first !== (value === 1)) return null;
  return value;
}

/** A number read from the text: its key, its last token, and where it ends in the text. */
export interface NumberRun {
  /** `2024`, `21e` (ordinal), `50%` (percentage). */
  key: string;
  /** Index of the run's last token. */
  last: number;
  /** End of the run in the text (after a `%` written after the number). */
  end: number;
}

const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;

function allDigits(term: string): boolean {
  if (term.length === 0) return false;
  for (let k = 0; k < term.length; k++) if (!isAsciiDigit(term.charCodeAt(k))) return false;
  return true;
}

/** Whether the text between two tokens joins words of one number: spaces or a hyphen. */
function joinsNumberWords(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    // A hyphen right after the word (`vingt-quatre`): after a space, `-quatre` is a word left out.
    const hyphen = (c === 0x2d || c === 0x2010 || c === 0x2011) && k === from;
    if (!(hyphen || isDigitGroupSpace(c) || c === 0x09)) return false;
  }
  return true;
}

const PLURAL_NUMBER_WORD_RE = /^(vingt|cent|million|milliard)s$/;

/** The same word of a number: `cent` and `cents`, `vingt` and `vingts`, written either way. */
export function sameNumberWord(said: string, typed: string): boolean {
  return (
    said === typed || said.replace(PLURAL_NUMBER_WORD_RE, '$1') === typed.replace(PLURAL_NUMBER_WORD_RE, '$1')
  );
}

/** Whether toks[k] may start a number (cheap: most words do not). */
export function mayStartNumber(text: string, tok: TextToken): boolean {
  const c = tok.term.charCodeAt(0);
  if (isAsciiDigit(c)) return true;
  if (STARTING_WORDS.has(tok.term)) return true;
  const written = text.charCodeAt(tok.start);
  return written === 0x49 || written === 0x56 || written === 0x58 || written === 0x78; // I V X x
}

/** Digits without their leading zeros (`007` → `7`), the form keys are in. */
function canonicalDigits(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/**
 * The number a run of tokens starting at toks[i] reads as, or null. Digits with their
 * groups (`3 000`, `3,000`), then `millions`/`milliards` (`3 millions`); number words as
 * French or English says them (`quatre-vingt-dix`, `vingt et un`, `two hundred and five`,
 * `twenty twenty-four` for a year); an ordinal (`1er`, `XXIe`, `vingt et unième`); then
 * `%`, `pour cent`, `percent` or `per cent` make it a percentage.
 */
export function readNumberRun(text: string, toks: readonly TextToken[], i: number): NumberRun | null {
  const tok = toks[i];
  if (tok === undefined || !mayStartNumber(text, tok)) return null;
  let key: string;
  let last = i;
  let cardinal = true;
  const digitOrdinal = DIGIT_ORDINAL_RE.exec(tok.term);
  const roman = digitOrdinal ? null : romanOrdinal(text.slice(tok.start, tok.end));
  if (digitOrdinal) {
    key = `${canonicalDigits(digitOrdinal[1]!)}e`;
    cardinal = false;
  } else if (roman !== null) {
    key = `${roman}e`;
    cardinal = false;
  } else if (allDigits(tok.term)) {
    let digits = tok.term;
    // Digit groups after a space (`3 000`) or a comma (`3,000`), three digits each.
    if (tok.term.length <= 3) {
      for (let k = i + 1; k < toks.length; k++) {
        const [a, b] = [toks[k - 1]!, toks[k]!];
        const gap = text.charCodeAt(a.end);
        if (b.start !== a.end + 1 || b.term.length !== 3 || !allDigits(b.term)) break;
        if (!(isDigitGroupSpace(gap) || gap === 0x2c)) break;
        // `3,000` groups, not `3, 000` nor `1,5`; a comma group ending in `,5` is a decimal.
        digits += b.term;
        last = k;
      }
    }
    const scale = toks[last + 1];
    const scaleWord = scale && joinsNumberWords(text, toks[last]!.end, scale.start) && numberWord(scale.term);
    if (scaleWord && !scaleWord.ordinal && (scaleWord.kind === 'million' || scaleWord.kind === 'billion')) {
      digits += scaleWord.kind === 'million' ? '000000' : '000000000';
      last++;
    }
    key = canonicalDigits(digits);
  } else {
    const spelled = readSpelledNumber(text, toks, i);
    if (spelled === null) return null;
    last = spelled.last;
    key = spelled.ordinal ? `${spelled.value}e` : String(spelled.value);
    cardinal = !spelled.ordinal;
  }
  const end = toks[last]!.end;
  if (cardinal) {
    // `50 %`, `50%`: the sign is no word of its own.
    let k = end;
    if (isDigitGroupSpace(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === 0x25) return { key: `${key}%`, last, end: k + 1 };
    const next = toks[last + 1];
    const after = toks[last + 2];
    if (next && joinsNumberWords(text, end, next.start)) {
      if (next.term === 'percent' || next.term === 'pourcent')
        return { key: `${key}%`, last: last + 1, end: next.end };
      if (
        (next.term === 'pour' || next.term === 'per') &&
        after?.term === 'cent' &&
        joinsNumberWords(text, next.end, after.start)
      )
        return { key: `${key}%`, last: last + 2, end: after.end };
    }
  }
  return { key, last, end };
}

/** A number said in words from toks[i]: its value, its last token, ordinal or not. */
function readSpelledNumber(
  text: string,
  toks: readonly TextToken[],
  i: number,
): { value: number; last: number; ordinal: boolean } | null {
  const first = toks[i]!;
  if (FIRST_ALONE.has(first.term)) return { value: 1, last: i, ordinal: true };
  const fr = readSpelledIn('fr', text, toks, i);
  const en = readSpelledIn('en', text, toks, i);
  const best = fr === null || (en !== null && en.last > fr.last) ? en : fr;
  if (best === null) return null;
  if (best.last === i && NOT_ALONE.has(first.term)) return null;
  return best;
}

function readSpelledIn(
  lang: 'fr' | 'en',
  text: string,
  toks: readonly TextToken[],
  i: number,
): { value: number; last: number; ordinal: boolean } | null {
  const words = WORDS_BY_LANG[lang];
  const head = words.get(toks[i]!.term);
  if (head === undefined) return null;
  let total = 0;
  let group = 0;
  let yearHigh = -1;
  let last = -1;
  let lastKind: WordClass | null = null;
  let lastWord = '';
  let ordinal = false;
  const wordAt = (k: number): NumberWord | undefined => {
    const t = toks[k];
    const before = toks[k - 1];
    if (t === undefined || before === undefined || !joinsNumberWords(text, before.end, t.start))
      return undefined;
    return words.get(t.term);
  };
  for (let k = i; k < toks.length && !ordinal; k++) {
    let w = k === i ? head : wordAt(k);
    let at = k;
    if (w === undefined && k > i) {
      // `vingt et un`, `soixante et onze`, `two hundred and five`, `twenty oh five` (a year).
      const connector = toks[k]?.term;
      const next = wordAt(k + 1);
      const joins = toks[k] !== undefined && joinsNumberWords(text, toks[k - 1]!.end, toks[k]!.start);
      if (!joins || next === undefined) break;
      if (lang === 'fr' && connector === 'et') {
        const tens = group % 100;
        if (!(lastKind === 'tens' && tens >= 20 && (next.value === 1 || next.value === 11))) break;
      } else if (lang === 'en' && connector === 'and') {
        if (
          !(lastKind === 'hundred' || lastKind === 'thousand' || lastKind === 'million') ||
          next.value >= 100
        )
          break;
      } else if (lang === 'en' && (connector === 'oh' || connector === 'o')) {
        if (!(yearHigh < 0 && total === 0 && group >= 15 && group <= 20 && next.kind === 'unit')) break;
        yearHigh = group;
        group = 0;
      } else break;
      w = next;
      at = k + 1;
    }
    if (w === undefined) break;
    const rest = group % 100;
    const afterUnitOrTeen = lastKind === 'unit' || lastKind === 'teen';
    // An English year said in two halves: `fifteen` to `twenty` then `oh five`, `eighty-four`…
    const splitsEnglishYear =
      lang === 'en' && yearHigh < 0 && total === 0 && group >= 15 && group <= 20 && lastKind !== 'hundred';
    let ok = true;
    switch (w.kind) {
      case 'zero':
        ok = k === i;
        break;
      case 'unit':
        // After nothing, a hundred or a scale; after tens (`vingt-deux`, `twenty-two`);
        // `dix-sept`, `soixante-dix-huit`.
        if (lastWord === 'dix') ok = w.value >= 7;
        else ok = !afterUnitOrTeen && (rest === 0 || rest >= 20);
        if (ok) group += w.value;
        break;
      case 'teen':
        if (rest === 0 && !afterUnitOrTeen) group += w.value;
        else if (lang === 'fr' && (rest === 60 || rest === 80) && lastKind === 'tens') group += w.value;
        else if (splitsEnglishYear) {
          yearHigh = group;
          group = w.value;
        } else ok = false;
        break;
      case 'tens':
        if (lang === 'fr' && w.value === 20 && lastWord === 'quatre' && rest === 4) group += 76;
        else if (rest === 0 && !afterUnitOrTeen) group += w.value;
        else if (splitsEnglishYear) {
          // `nineteen eighty-four`, `twenty twenty-four`.
          yearHigh = group;
          group = w.value;
        } else ok = false;
        break;
      case 'hundred':
        ok = group < 100 && yearHigh < 0 && !(lang === 'fr' && group === 1);
        if (ok) group = Math.max(group, 1) * 100;
        break;
      case 'thousand':
        ok = yearHigh < 0 && total % 1e6 === 0 && !(lang === 'fr' && group === 1);
        if (ok) {
          total += Math.max(group, 1) * 1000;
          group = 0;
        }
        break;
      case 'million':
      case 'billion': {
        ok = yearHigh < 0 && group > 0 && total % (w.value * 1000) === 0 && (total === 0 || total > w.value);
        if (ok) {
          total += group * w.value;
          group = 0;
        }
        break;
      }
    }
    if (!ok) break;
    last = at;
    k = at;
    lastKind = w.kind;
    lastWord = toks[at]!.term;
    ordinal = w.ordinal;
  }
  if (last < 0) return null;
  if (yearHigh >= 0 && group === 0) return null;
  const value = yearHigh >= 0 ? yearHigh * 100 + group : total + group;
  return { value, last, ordinal };
}

// ---------------------------------------------------------------------------------------
// Spellings of a key, for a backend that must look for each (FTS5: one phrase each).

const FR_UNIT_WORDS = ['zero', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'];
const FR_TEEN_WORDS = ['dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const FR_TENS_WORDS = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];
const EN_UNIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEEN_WORDS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS_WORDS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** French words for 1–99 (`soixante et onze`, `quatre vingt dix`); Belgian forms too when asked. */
function frBelowHundred(n: number, belgian: boolean, last: boolean): string[] {
  if (n < 10) return [FR_UNIT_WORDS[n]!];
  if (n < 17) return [FR_TEEN_WORDS[n - 10]!];
  if (n < 20) return ['dix', FR_UNIT_WORDS[n - 10]!];
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  if (belgian && (tens === 7 || tens === 9)) {
    const word = tens === 7 ? 'septante' : 'nonante';
    return unit === 0 ? [word] : unit === 1 ? [word, 'et', 'un'] : [word, FR_UNIT_WORDS[unit]!];
  }
  if (tens === 7 || tens === 9) {
    const base = tens === 7 ? ['soixante'] : ['quatre', 'vingt'];
    const rest = n - (tens === 7 ? 60 : 80);
    return tens === 7 && rest === 11
      ? [...base, 'et', 'onze']
      : [...base, ...frBelowHundred(rest, false, last)];
  }
  if (tens === 8)
    return unit === 0 ? ['quatre', last ? 'vingts' : 'vingt'] : ['quatre', 'vingt', FR_UNIT_WORDS[unit]!];
  const word = FR_TENS_WORDS[tens]!;
  return unit === 0 ? [word] : unit === 1 ? [word, 'et', 'un'] : [word, FR_UNIT_WORDS[unit]!];
}

/** French words for 1–999. */
function frBelowThousand(n: number, belgian: boolean, last: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) {
    if (hundreds > 1) out.push(FR_UNIT_WORDS[hundreds]!);
    out.push(hundreds > 1 && rest === 0 && last ? 'cents' : 'cent');
  }
  if (rest > 0) out.push(...frBelowHundred(rest, belgian, last));
  return out;
}

/** French words for n (up to 999 999 999 999). */
function frWords(n: number, belgian = false): string[] {
  if (n === 0) return ['zero'];
  const out: string[] = [];
  const billions = Math.floor(n / 1e9);
  const millions = Math.floor((n % 1e9) / 1e6);
  const thousands = Math.floor((n % 1e6) / 1000);
  const rest = n % 1000;
  if (billions > 0)
    out.push(...frBelowThousand(billions, belgian, false), billions > 1 ? 'milliards' : 'milliard');
  if (millions > 0)
    out.push(...frBelowThousand(millions, belgian, false), millions > 1 ? 'millions' : 'million');
  if (thousands > 0) {
    if (thousands > 1) out.push(...frBelowThousand(thousands, belgian, false));
    out.push('mille');
  }
  if (rest > 0) out.push(...frBelowThousand(rest, belgian, true));
  return out;
}

function enBelowHundred(n: number): string[] {
  if (n < 10) return [EN_UNIT_WORDS[n]!];
  if (n < 20) return [EN_TEEN_WORDS[n - 10]!];
  const unit = n % 10;
  const word = EN_TENS_WORDS[Math.floor(n / 10)]!;
  return unit === 0 ? [word] : [word, EN_UNIT_WORDS[unit]!];
}

function enBelowThousand(n: number, and: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) out.push(EN_UNIT_WORDS[hundreds]!, 'hundred');
  if (hundreds > 0 && rest > 0 && and) out.push('and');
  if (rest > 0) out.push(...enBelowHundred(rest));
  return out;
}

/** English words for n; `and` before the last group's tens (`two thousand and twenty four`). */
function enWords(n: number, and: boolean): string[] {
  if (n === 0) return ['zero'];
  const out: string[] = [];
  const scales: [number, string][] = [
    [1e9, 'billion'],
    [1e6, 'million'],
    [1000, 'thousand'],
  ];
  let rest = n;
  for (const [size, word] of scales) {
    const count = Math.floor(rest / size);
    if (count > 0) out.push(...enBelowThousand(count, false), word);
    rest %= size;
  }
  if (rest > 0) {
    if (and && out.length > 0 && rest < 100) out.push('and');
    out.push(...enBelowThousand(rest, and));
  }
  return out;
}

/** Numbers spelled out at most (larger ones are written in digits). */
const MAX_SPELLED = 999_999_999_999;
/**
 * Words of a spelling looked for at most: a number said in more (a phone or ID number
 * typed whole, `0612345678`) is not said in words, and each word is one more FTS5 walk.
 */
const MAX_SPELLED_WORDS = 8;

/** The cardinal spellings of n in words: French (with Belgian forms), English, a year as said. */
function cardinalWordSpellings(n: number): string[][] {
  if (n > MAX_SPELLED) return [];
  const out: string[][] = [frWords(n)];
  const tens = Math.floor((n % 100) / 10);
  if (tens === 7 || tens === 9) out.push(frWords(n, true));
  // `quatre-vingt` and `deux cent` written without their `s` as often as with it.
  const plain = frWords(n).map((w) => (w === 'vingts' ? 'vingt' : w === 'cents' ? 'cent' : w));
  out.push(plain);
  out.push(enWords(n, false), enWords(n, true));
  if (n >= 1500 && n < 2100 && n % 100 !== 0) {
    const high = enBelowHundred(Math.floor(n / 100));
    const low = n % 100;
    out.push([...high, ...(low < 10 ? ['oh', EN_UNIT_WORDS[low]!] : enBelowHundred(low))]);
  }
  return out.filter((words) => words.length <= MAX_SPELLED_WORDS);
}

/** The English ordinal suffix of n (`1st`, `2nd`, `11th`). */
function enOrdinalSuffix(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
}

/** Roman ordinals that are also common words or contraction suffixes (`ve`, `vie`). */
const ROMAN_SKIPPED = new Set([5, 6]);

/**
 * Every way the text may write the number of `key` (see readNumberRun), as folded tokens
 * side by side: digits, French and English words, ordinals, percentages. Words the resolver
 * never reads as a number alone (`un`) are left out. Deduplicated, the digits first.
 */
export function numberSpellings(key: string): string[][] {
  const m = /^(\d+)(e|%)?$/.exec(key);
  if (!m) return [];
  const digits = m[1]!;
  const n = Number(digits);
  const out: string[][] = [];
  if (m[2] === 'e') {
    if (n === 1) out.push(['1er'], ['1re'], ['1ere'], ['premier'], ['premiere'], ['first'], ['1st'], ['ier']);
    else {
      out.push([`${digits}e`], [`${digits}eme`], [`${digits}${enOrdinalSuffix(n)}`]);
      for (const words of cardinalWordSpellings(n)) {
        const lastWord = words[words.length - 1]!;
        const word = numberWord(lastWord);
        if (word === undefined || words.includes('oh')) continue;
        const ordinal = word.lang === 'fr' ? frOrdinalWord(lastWord) : enOrdinalWord(lastWord);
        out.push([...words.slice(0, -1), ordinal]);
      }
      if (n < 40 && !ROMAN_SKIPPED.has(n)) out.push([`${toRoman(n)}e`], [`${toRoman(n)}eme`]);
    }
  } else {
    out.push([digits]);
    const words = cardinalWordSpellings(n);
    if (m[2] === '%') {
      out.push([digits, 'pour', 'cent'], [digits, 'percent']);
      for (const w of words)
        out.push(WORDS_BY_LANG.fr.has(w[0]!) === false ? [...w, 'percent'] : [...w, 'pour', 'cent']);
    } else out.push(...words);
  }
  const seen = new Set<string>();
  return out.filter((s) => {
    if (s.length === 1 && NOT_ALONE.has(s[0]!)) return false;
    const joined = s.join(' ');
    if (seen.has(joined)) return false;
    seen.add(joined);
    return true;
  });
}
