// Numbers read from words or digits (number-words.ts): the table of what a transcript or a
// listener writes and the number it is, then every spelling searched read back as its number.
import { describe, expect, it } from 'vitest';
import { numberSpellings, readNumberRun } from '../../server/search/number-words.ts';
import { tokenize } from '../../server/search/text-fold.ts';
import { parseQuery } from '../../server/search/query/parse-query.ts';

/** The number read at the start of `text`, as `key` and the text it covers, or null. */
function read(text: string): [string, string] | null {
  const run = readNumberRun(text, tokenize(text), 0);
  return run === null ? null : [run.key, text.slice(0, run.end)];
}

describe('reading a number at the start of a text', () => {
  const table: [string, string, string][] = [
    // French words
    ['deux mille vingt-quatre, ensuite', '2024', 'deux mille vingt-quatre'],
    ['trois cents sites', '300', 'trois cents'],
    ['trois cent douze', '312', 'trois cent douze'],
    ['vingt-et-un recours', '21', 'vingt-et-un'],
    ['vingt et un', '21', 'vingt et un'],
    ['soixante-dix agents', '70', 'soixante-dix'],
    ['soixante et onze', '71', 'soixante et onze'],
    ['soixante-dix-sept', '77', 'soixante-dix-sept'],
    ['quatre-vingts', '80', 'quatre-vingts'],
    ['quatre-vingt-un', '81', 'quatre-vingt-un'],
    ['quatre-vingt-dix caméras', '90', 'quatre-vingt-dix'],
    ['quatre-vingt-dix-neuf', '99', 'quatre-vingt-dix-neuf'],
    ['septante-deux', '72', 'septante-deux'],
    ['nonante', '90', 'nonante'],
    ['dix-sept', '17', 'dix-sept'],
    ['mille neuf cent quatre-vingt-quatre', '1984', 'mille neuf cent quatre-vingt-quatre'],
    ['dix-neuf cent soixante', '1960', 'dix-neuf cent soixante'],
    ['deux millions trois cent mille', '2300000', 'deux millions trois cent mille'],
    ['cent un', '101', 'cent un'],
    ['mille', '1000', 'mille'],
    ['neuf', '9', 'neuf'],
    ['zéro', '0', 'zéro'],
    // English words
    ['twenty twenty-four', '2024', 'twenty twenty-four'],
    ['nineteen eighty-four', '1984', 'nineteen eighty-four'],
    ['twenty oh five', '2005', 'twenty oh five'],
    ['two thousand and twenty-four', '2024', 'two thousand and twenty-four'],
    ['two hundred and five', '205', 'two hundred and five'],
    ['one hundred', '100', 'one hundred'],
    ['three thousand cameras', '3000', 'three thousand'],
    ['twenty-one', '21', 'twenty-one'],
    ['six', '6', 'six'],
    // Digits, with and without their groups
    ['2024', '2024', '2024'],
    ['3 000 plaintes', '3000', '3 000'],
    ['3\u00a0000', '3000', '3\u00a0000'],
    ['3\u202f000', '3000', '3\u202f000'],
    ['3,000 cameras', '3000', '3,000'],
    ['1,000,000', '1000000', '1,000,000'],
    ['3 millions', '3000000', '3 millions'],
    ['007', '7', '007'],
    // Percentages
    ['50 %', '50%', '50 %'],
    ['50%', '50%', '50%'],
    ['50\u202f%', '50%', '50\u202f%'],
    ['cinquante pour cent', '50%', 'cinquante pour cent'],
    ['cent pour cent', '100%', 'cent pour cent'],
    ['fifty percent', '50%', 'fifty percent'],
    ['fifty per cent', '50%', 'fifty per cent'],
    ['50 percent', '50%', '50 percent'],
    // Ordinals
    ['1er', '1e', '1er'],
    ['1ère', '1e', '1ère'],
    ['1ᵉʳ', '1e', '1ᵉʳ'],
    ['premier rapport', '1e', 'premier'],
    ['première', '1e', 'première'],
    ['2e', '2e', '2e'],
    ['2ème', '2e', '2ème'],
    ['2ᵉ', '2e', '2ᵉ'],
    ['deuxième', '2e', 'deuxième'],
    ['XXIe siècle', '21e', 'XXIe'],
    ['XXIème', '21e', 'XXIème'],
    ['xxie', '21e', 'xxie'],
    ['Ier', '1e', 'Ier'],
    ['Ve République', '5e', 'Ve'],
    ['vingt et unième', '21e', 'vingt et unième'],
    ['twenty-first', '21e', 'twenty-first'],
    ['21st', '21e', '21st'],
    ['third', '3e', 'third'],
  ];
  it.each(table)('%j is %s', (text, key, covered) => {
    expect(read(text)).toEqual([key, covered]);
  });

  const notNumbers = [
    'un homme', // an article, alone
    'une fois',
    'the one',
    'a second',
    'la vie',
    'Vie privée', // a word, capitalised
    'Le rapport', // L is 50 in Roman numerals; `Le` is a word
    'Ce matin',
    'Cie',
    'IE',
    'vingtaine',
  ];
  it.each(notNumbers)('%j is no number', (text) => {
    expect(read(text)).toBeNull();
  });

  it('reads a whole number only: one number ends where the next begins', () => {
    expect(read('vingt-quatre trois cents')).toEqual(['24', 'vingt-quatre']);
    expect(read('deux, mille')).toEqual(['2', 'deux']);
    expect(read('dix deux')).toEqual(['10', 'dix']);
    expect(read('two twenty')).toEqual(['2', 'two']);
  });
});

describe('every spelling searched for a number reads back as that number', () => {
  const keys = [
    ...Array.from({ length: 120 }, (_, n) => String(n)),
    '200',
    '300',
    '999',
    '1000',
    '1984',
    '2000',
    '2005',
    '2024',
    '3000',
    '21000',
    '300000',
    '2300000',
    '1000000000',
    '50%',
    '100%',
    '1e',
    '2e',
    '5e',
    '21e',
    '80e',
    '100e',
  ];
  it.each(keys)('%s', (key) => {
    const spellings = numberSpellings(key);
    expect(spellings.length).toBeGreaterThan(0);
    for (const words of spellings) {
      // As a transcript writes them (Roman numerals in capitals).
      const text = words.map((w) =>
        /^[ivx]+(e|eme|er)$/.test(w) ? w.replace(/^[ivx]+/, (r) => r.toUpperCase()) : w,
      );
      const written = text.join(' ') + (key.endsWith('%') && words.length === 1 ? ' %' : '');
      expect(read(written)?.[0], written).toBe(key);
    }
  });

  it('spells French, English and a year as said', () => {
    const spelled = (key: string) => numberSpellings(key).map((w) => w.join(' '));
    expect(spelled('2024')).toEqual(
      expect.arrayContaining([
        '2024',
        'deux mille vingt quatre',
        'two thousand twenty four',
        'two thousand and twenty four',
        'twenty twenty four',
      ]),
    );
    expect(spelled('80')).toEqual(expect.arrayContaining(['quatre vingts', 'quatre vingt', 'eighty']));
    expect(spelled('71')).toEqual(
      expect.arrayContaining(['soixante et onze', 'septante et un', 'seventy one']),
    );
    expect(spelled('21e')).toEqual(
      expect.arrayContaining(['21e', 'vingt et unieme', 'twenty first', 'xxie']),
    );
    expect(spelled('50%')).toEqual(expect.arrayContaining(['50', 'cinquante pour cent', 'fifty percent']));
    // `un` and `one` alone are no numbers to the resolver: not looked for.
    expect(spelled('1')).toEqual(['1']);
    // A phone number typed whole is not said in words.
    expect(spelled('612345678')).toEqual(['612345678']);
  });
});

describe('numbers in a typed query', () => {
  const termsOf = (q: string) =>
    parseQuery(q).terms.map((t) => ({
      text: t.text,
      ...(t.number ? { number: t.number.key } : {}),
      ...(t.prefix ? { prefix: true } : {}),
    }));

  it('makes one term of a number typed in words, keyed by its digits', () => {
    expect(termsOf('en deux mille vingt-quatre, trois cents sites ')).toEqual([
      { text: 'en' },
      { text: '2024', number: '2024' },
      { text: '300', number: '300' },
      { text: 'sites' },
    ]);
    expect(termsOf('cinquante pour cent des élèves ')).toEqual([
      { text: '50', number: '50%' },
      { text: 'des' },
      { text: 'eleves' },
    ]);
  });

  it('keeps a number typed in one word or in digits as typed, with its key', () => {
    expect(termsOf('XXIe siècle ')).toEqual([{ text: 'xxie', number: '21e' }, { text: 'siecle' }]);
    expect(termsOf('50 % ')).toEqual([{ text: '50', number: '50%' }]);
    expect(termsOf('1 000 plaintes ')).toEqual([{ text: '1000', number: '1000' }, { text: 'plaintes' }]);
    expect(termsOf('neuf')).toEqual([{ text: 'neuf', number: '9', prefix: true }]);
  });

  it('does not make the digits of a number typed in words a prefix (`trois cents` is not `3000`)', () => {
    expect(termsOf('sites trois cents')).toEqual([{ text: 'sites' }, { text: '300', number: '300' }]);
    expect(termsOf('sites 300')).toEqual([{ text: 'sites' }, { text: '300', number: '300', prefix: true }]);
  });

  it('marks the numbers of a quoted phrase, whose words stay as typed', () => {
    const parsed = parseQuery('"en 2024, trois cents sites" « le XXIe siècle »');
    expect(parsed.phrases).toEqual([
      ['en', '2024', 'trois', 'cents', 'sites'],
      ['le', 'xxie', 'siecle'],
    ]);
    expect(parsed.phraseNumbers).toEqual([
      [
        { key: '2024', words: ['2024'], at: 1 },
        { key: '300', words: ['trois', 'cents'], at: 2 },
      ],
      [{ key: '21e', words: ['xxie'], at: 1 }],
    ]);
    expect(parseQuery('"notre recours" sites').phraseNumbers).toBeUndefined();
  });

  it('leaves excluded words and phrases and articles as they were', () => {
    const parsed = parseQuery('"deux mille" -trois un homme -"cinq cents"');
    expect(parsed.phrases).toEqual([['deux', 'mille']]);
    expect(parsed.excluded).toEqual(['trois']);
    expect(parsed.excludedPhrases).toEqual([['cinq', 'cents']]);
    expect(parsed.terms.map((t) => [t.text, t.number?.key])).toEqual([
      ['un', undefined],
      ['homme', undefined],
    ]);
    // `-` written right after a number is a word excluded, not the number's hyphen.
    expect(termsOf('vingt -quatre ')).toEqual([{ text: 'vingt', number: '20' }]);
    expect(parseQuery('vingt -quatre ').excluded).toEqual(['quatre']);
  });
});
