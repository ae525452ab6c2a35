// The pieces both backends share: folding, query parsing, passages, typo rules and the
// resolver (cue-timed and word-timed input).
import { describe, expect, it } from 'vitest';
import type { Cue, EpisodeWithCues, Show } from '../../server/model/types.ts';
import { ValidationError } from '../../server/errors.ts';
import { foldText, foldWord, ftsSpellings, tokenize } from '../../server/search/text-fold.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';
import { seededRandom } from '../fixtures/ingest/transcript-files.ts';
import { MAX_QUERY_WORDS, parseQuery, queryUnitCount } from '../../server/search/query/parse-query.ts';
import {
  buildPassages,
  pairId,
  PASSAGE_OVERLAP_WORDS,
  PASSAGE_TARGET_WORDS,
} from '../../server/search/passages.ts';
import { allowedTypos, typosBetween } from '../../server/search/typo-rules.ts';
import {
  flatHits,
  groupByEpisode,
  locateMatches,
  momentMatchGroups,
  resolvePassageMoments,
  type ResolvedMoment,
} from '../../server/search/resolve-hit.ts';

const show: Show = {
  id: 'libertes-numeriques',
  title: 'Libertés numériques',
  description: null,
  language: 'fr',
  url: null,
  image: null,
  license: null,
};

function episodeWith(cues: Cue[], id = 'ep-test'): EpisodeWithCues {
  return episodeWithCues(show.id, id, cues);
}

/** Cues of numbered French sentences, each `words` words long and 5 s apart. */
function numberedCues(count: number, words: number): Cue[] {
  return Array.from({ length: count }, (_, i) => ({
    start: i * 5,
    end: i * 5 + 4.5,
    speaker: i % 2 === 0 ? 'Camille' : 'Hugo',
    text: Array.from({ length: words }, (_, w) => (w === 0 ? `phrase${i}` : `mot${w}`)).join(' '),
  }));
}

describe('text folding', () => {
  it('folds case, accents and every apostrophe, and splits elision', () => {
    expect(foldWord('Élèves')).toBe('eleves');
    expect(foldText('L’ÉCOLE d‘été lʼaube')).toBe("l'ecole d'ete l'aube");
    const tokens = tokenize('l’interdiction qu’elle jusqu’ici');
    expect(tokens.map((t) => t.term)).toEqual(['l', 'interdiction', 'qu', 'elle', 'jusqu', 'ici']);
    expect(tokens.filter((t) => t.elided).map((t) => t.term)).toEqual(['l', 'qu', 'jusqu']);
  });

  it('compares œ and æ as oe and ae, and gives back the forms the index may hold', () => {
    expect(tokenize('Cœur ŒUVRE ex æquo').map((t) => t.term)).toEqual(['coeur', 'oeuvre', 'ex', 'aequo']);
    expect(parseQuery('cœur').terms.map((t) => [t.text, t.maxTypos])).toEqual([['coeur', 1]]);
    // The index's own form keeps them (FTS5 does).
    expect(foldWord('Cœur')).toBe('cœur');
    expect(ftsSpellings('coeur')).toEqual(['coeur', 'cœur']);
    expect(ftsSpellings('oeuvre')).toEqual(['oeuvre', 'œuvre']);
    expect(ftsSpellings('aeoe')).toEqual(['aeoe', 'æoe', 'aeœ', 'æœ']);
    expect(ftsSpellings('recours')).toEqual(['recours']);
  });

  it('splits plain ASCII text by the same rules (its own fast path)', () => {
    const text = "L'Interdiction, it's JUSQU'ici: 42x d'";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.term)).toEqual(['l', 'interdiction', 'it', 's', 'jusqu', 'ici', '42x', 'd']);
    expect(tokens.filter((t) => t.elided).map((t) => t.term)).toEqual(['l', 'jusqu']);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.term);
  });

  it('gives offsets into the original text, also for decomposed accents', () => {
    const text = 'Le re\u0301seau, l’e\u0301cole.';
    for (const t of tokenize(text)) expect(foldWord(text.slice(t.start, t.end))).toBe(t.term);
    expect(tokenize(text).map((t) => t.term)).toEqual(['le', 'reseau', 'l', 'ecole']);
  });
});

describe('tokenizer rules', () => {
  // The rules as a Unicode regex (as FTS5's unicode61 reads them), against which the
  // tokenizer, which reads the text one character at a time, is checked. Compared words
  // spell the ligatures the index keeps.
  const wordRe = /(?:(?!\u02bc)[\p{L}\p{N}\p{M}\p{Co}])+/gu;
  const spellOut = (w: string) => w.replaceAll('œ', 'oe').replaceAll('æ', 'ae');
  const byRegex = (text: string) =>
    [...text.matchAll(wordRe)]
      .map((m) => ({ term: spellOut(foldWord(m[0])), start: m.index, end: m.index + m[0].length }))
      .filter((t) => t.term !== '');
  // Letters, marks, digits, separators and traps: astral letters and emoji (surrogate
  // pairs), lone surrogates, ʼ (a letter to Unicode), İ and ß (which grow when folded),
  // ligatures, superscripts, private-use sample marks, Greek, Cyrillic, CJK.
  const alphabet = [
    ..."aZé\u0301ÉçÇœ’'ʼ-_ .,;:!?«»\u00a0\t\n0923²½ﬁİßΣσςЖж漢字\ue000\uf8ff",
    '\ud835\udc00',
    '\ud83d\ude00',
    '\ud800',
    '\udc00',
    'qu’',
    'jusqu’',
    'l’',
  ];

  it('splits and folds like the Unicode rules, character by character', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 2_000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const tokens = tokenize(text);
      expect(
        tokens.map(({ term, start, end }) => ({ term, start, end })),
        JSON.stringify(text),
      ).toEqual(byRegex(text));
      for (const t of tokens)
        expect(t.elided, JSON.stringify(text)).toBe(
          /^['’‘ʼ′´`][\s\S]/u.test(text.slice(t.end)) &&
            ['l', 'd', 'j', 'qu', 'n', 's', 'c', 'm', 't', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'].includes(
              t.term,
            ),
        );
    }
  });
});

describe('parseQuery', () => {
  it('parses words, phrases, exclusions and the prefix', () => {
    const q = parseQuery('Reconnaissance « exact phrase » -lycées l’interdic');
    expect(q.terms.map((t) => [t.text, t.prefix])).toEqual([
      ['reconnaissance', false],
      ['interdic', true],
    ]);
    expect(q.phrases).toEqual([['exact', 'phrase']]);
    expect(q.excluded).toEqual(['lycees']);
    // A quoted phrase after a minus is left out whole; its words are not searched for.
    const phrase = parseQuery('drones -"au-dessus des" -« l’État »');
    expect(phrase.terms.map((t) => t.text)).toEqual(['drones']);
    expect(phrase.excludedPhrases).toEqual([
      ['au', 'dessus', 'des'],
      ['l', 'etat'],
    ]);
    expect(phrase.excluded).toEqual([]);
  });

  it("drops a one-letter clitic after an apostrophe (Dutch camera's, English it's), keeping the word", () => {
    // Searching the single letter would match every French s’/l’ and highlight it.
    const dutch = parseQuery('camera’s');
    expect(dutch.terms.map((t) => [t.text, t.prefix])).toEqual([['camera', true]]);
    expect(parseQuery("the system's flaws").terms.map((t) => t.text)).toEqual(['the', 'system', 'flaws']);
    // A word that is only the clitic is still searched rather than refused.
    expect(parseQuery("'s").terms.map((t) => t.text)).toEqual(['s']);
  });

  it('drops the prefix when the query ends with a space, and keeps typo budgets', () => {
    const q = parseQuery('caméras surveillance ');
    expect(q.terms.every((t) => !t.prefix)).toBe(true);
    expect(q.terms.map((t) => t.maxTypos)).toEqual([1, 2]);
  });

  it('reads a number typed in digit groups, or a dotted acronym, as one word', () => {
    const texts = (q: string) => parseQuery(q).terms.map((t) => t.text);
    expect(texts('1 000 plaintes')).toEqual(['1000', 'plaintes']);
    expect(texts('2\u00a0000 pages 10\u202f000')).toEqual(['2000', 'pages', '10000']);
    expect(texts('1 000 000')).toEqual(['1000000']);
    expect(texts('C.N.I.L. R.G.P.D')).toEqual(['cnil', 'rgpd']);
    expect(parseQuery('"1 000 plaintes"').phrases).toEqual([['1000', 'plaintes']]);
    // Not groups: a year then a number, a group of 4 digits, a lone abbreviation.
    expect(texts('2019 200')).toEqual(['2019', '200']);
    expect(texts('1 0000')).toEqual(['1', '0000']);
    expect(texts('M. Dupont')).toEqual(['m', 'dupont']);
  });

  it('rejects unusable queries with a ValidationError naming the field', () => {
    expect(() => parseQuery('')).toThrow(ValidationError);
    expect(() => parseQuery('-seulement')).toThrow(/q: a query needs at least one word/);
    expect(() => parseQuery('x'.repeat(1001))).toThrow(/longer than 1000/);
    // A pasted paragraph within that length is searched by its start, not refused.
    const paragraph = Array.from({ length: 120 }, (_, i) => `mot${i}`).join(' ');
    expect(paragraph.length).toBeGreaterThan(600);
    expect(parseQuery(paragraph).shortened).toEqual({
      searched: Array.from({ length: 12 }, (_, i) => `mot${i}`).join(' '),
      words: 120,
    });
    // One chunk of 25 words as the index splits them: no first words to search instead.
    expect(() => parseQuery('a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y')).toThrow(
      /more than 12 words/,
    );
  });

  it('searches the first 12 words of a longer query, as typed, the last one whole', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => `mot${i}`).join(' ');
    const parsed = parseQuery(thirteen);
    expect(parsed.terms.map((t) => t.text)).toEqual(Array.from({ length: 12 }, (_, i) => `mot${i}`));
    expect(parsed.terms.some((t) => t.prefix)).toBe(false);
    expect(parsed.shortened).toEqual({ searched: thirteen.replace(/ mot12$/, ''), words: 13 });
    expect(parsed.raw).toBe(thirteen);
    // Words as people count them: `l’État` is one, `aujourd’hui` is one; a quote cut at the
    // 12th word keeps its phrase up to there.
    const pasted =
      '« L’État ne peut pas surveiller aujourd’hui tout le monde au nom de la sécurité publique »';
    const cut = parseQuery(pasted);
    expect(cut.shortened).toEqual({
      searched: '« L’État ne peut pas surveiller aujourd’hui tout le monde au nom de',
      words: 15,
    });
    expect(cut.phrases).toEqual([
      ['l', 'etat', 'ne', 'peut', 'pas', 'surveiller', 'aujourd', 'hui', 'tout', 'le', 'monde', 'au'],
    ]);
    // An excluded word is no word to find: it does not count, and stays excluded.
    const excluding = parseQuery(`${thirteen.replace(/ mot12$/, '')} -brouillon mot12`);
    expect(excluding.excluded).toEqual(['brouillon']);
    expect(excluding.shortened?.words).toBe(13);
    // Words of three parts each (`mot0-x-y`): 8 of them are the 24 parts the index takes.
    const parts = Array.from({ length: 14 }, (_, i) => `mot${i}-x-y`);
    expect(parseQuery(parts.join(' ')).shortened).toEqual({
      searched: parts.slice(0, 8).join(' '),
      words: 14,
    });
    // 12 words are searched whole: no note.
    expect(parseQuery(Array.from({ length: 12 }, (_, i) => `mot${i}`).join(' ')).shortened).toBeUndefined();
  });

  it('reads two words typed side by side as one word the text may say (vidéosurveillance)', () => {
    const joined = (q: string) => (parseQuery(q).joinedPairs ?? []).map((p) => [p.first, p.second, p.text]);
    expect(joined('vidéo surveillance ')).toEqual([[0, 1, 'videosurveillance']]);
    expect(joined('vidéo-surveillance algorithmique')).toEqual([
      [0, 1, 'videosurveillance'],
      [1, 2, 'surveillancealgorithmique'],
    ]);
    // Typed with a hyphen, a short part too; typed apart, each part has 3 letters or more.
    expect(joined('e-mail ')).toEqual([[0, 1, 'email']]);
    expect(joined('mot de passe ')).toEqual([]);
    // Not across an exclusion, a phrase, an elided article, a number; not a word typed twice.
    expect(joined('video -drone surveillance ')).toEqual([]);
    expect(joined('video "des caméras" surveillance ')).toEqual([]);
    expect(joined('video 300 surveillance ')).toEqual([]);
    expect(joined('droit l’État ')).toEqual([]);
    expect(joined('oui oui ')).toEqual([]);
    // The word being typed joins once it has 3 letters: `video s` is not `vidéos`.
    expect(joined('video s')).toEqual([]);
    expect(joined('video sur')).toEqual([[0, 1, 'videosur']]);
  });
});

describe('typo rules', () => {
  it('allows 0 typos under 5 letters, 1 from 5, 2 from 9, never on the first letter', () => {
    expect([allowedTypos('loi'), allowedTypos('recours'), allowedTypos('interdiction')]).toEqual([0, 1, 2]);
    expect(typosBetween('recourz', 'recours')).toBe(1);
    expect(typosBetween('recuors', 'recours')).toBe(1);
    expect(typosBetween('experimantasion', 'experimentation')).toBe(2);
    expect(typosBetween('nuot', 'nuit')).toBe(-1);
    expect(typosBetween('mecours', 'recours')).toBe(-1);
  });
});

describe('passages', () => {
  it('makes overlapping windows of ~60 words with a cue map', () => {
    const data = episodeWith(numberedCues(30, 10));
    const passages = buildPassages(data, show);
    expect(passages.length).toBe(6);
    for (const p of passages) {
      const words = tokenize(p.text).length;
      expect(words).toBeLessThanOrEqual(PASSAGE_TARGET_WORDS + 10);
      // Each span is its cue's text from cueTextOffset (a passage may start inside a cue).
      for (const s of p.spans) {
        const cueText = data.cues[s.cue]?.text ?? '';
        expect(p.text.slice(s.charStart, s.charEnd)).toBe(cueText.slice(s.cueTextOffset));
      }
    }
    // Consecutive passages share exactly PASSAGE_OVERLAP_WORDS words: the longest query
    // minus one, the least that keeps every query whole in one passage.
    for (let i = 1; i < passages.length; i++) {
      const before = tokenize(passages[i - 1]!.text).map((t) => t.term);
      const after = tokenize(passages[i]!.text).map((t) => t.term);
      expect(after.slice(0, PASSAGE_OVERLAP_WORDS)).toEqual(before.slice(-PASSAGE_OVERLAP_WORDS));
      expect(after[PASSAGE_OVERLAP_WORDS]).not.toBe(before.at(-PASSAGE_OVERLAP_WORDS - 1));
    }
    expect(passages[0]?.language).toBe('fr');
    expect(passages[0]?.year).toBe(2024);
  });

  it('keeps every run of up to MAX_QUERY_WORDS consecutive words whole in some passage', () => {
    // Cues of 1 to 30 words (a 30-word cue is one unit, longer ones are sliced).
    const lengths = [3, 30, 1, 17, 9, 12, 25, 2, 8, 30, 30, 5, 11, 14, 6, 29, 4, 20, 10, 7, 16, 1, 1, 22];
    let n = 0;
    const cues = lengths.map((len, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      speaker: null,
      text: Array.from({ length: len }, () => `mot${n++}`).join(' '),
    }));
    const passages = buildPassages(episodeWith(cues), show);
    const inPassage = passages.map((p) => new Set(tokenize(p.text).map((t) => t.term)));
    for (let from = 0; from + MAX_QUERY_WORDS <= n; from++) {
      const run = Array.from({ length: MAX_QUERY_WORDS }, (_, k) => `mot${from + k}`);
      expect(
        inPassage.some((set) => run.every((w) => set.has(w))),
        `run from mot${from}`,
      ).toBe(true);
    }
    // …with each word indexed well under twice.
    const indexed = inPassage.reduce((sum, set) => sum + set.size, 0);
    expect(indexed / n).toBeLessThan(1.6);
  });

  it('lists every pair of adjacent keyed words of each passage, across cues and slices', () => {
    // Cues of 1 to 45 words (long ones are sliced); keyed words are those starting with k.
    const lengths = [3, 45, 1, 17, 9, 2, 1, 31, 8, 30, 5, 1, 1, 22, 40, 6];
    const pool = ['ka', 'kb', 'kc', 'Kd', 'ké', 'kf', 'voix', 'rue', 'l’a'];
    const random = seededRandom(5);
    const cues = lengths.map((len, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      speaker: null,
      text: Array.from({ length: len }, () => pool[Math.floor(random() * pool.length)] ?? '').join(' '),
    }));
    // Keys by first seen, like an indexer's list of glue words.
    const keyOf = new Map<string, number>();
    const pairKey = (word: string) => {
      const folded = foldWord(word);
      if (!folded.startsWith('k')) return -1;
      if (!keyOf.has(folded)) keyOf.set(folded, keyOf.size);
      return keyOf.get(folded) ?? -1;
    };
    const passages = buildPassages(episodeWith(cues), show, { onWord: pairKey });
    expect(passages.length).toBeGreaterThan(3);
    for (const p of passages) {
      const terms = tokenize(p.text).map((t) => t.term);
      const expected = new Set<number>();
      for (let i = 1; i < terms.length; i++) {
        const a = pairKey(terms[i - 1] ?? '');
        const b = pairKey(terms[i] ?? '');
        if (a >= 0 && b >= 0) expected.add(pairId(a, b));
      }
      expect(new Set(p.pairs ?? []), p.text).toEqual(expected);
    }
    expect(passages.some((p) => (p.pairs?.length ?? 0) > 0)).toBe(true);
    // Without keys, passages carry no pairs.
    expect(buildPassages(episodeWith(cues), show).every((p) => p.pairs === undefined)).toBe(true);
  });

  it('never starts a slice or a passage inside words written together (d’après, peut-être, (bonjour)', () => {
    const pool = ['d’après', 'c’est', 'peut-être', '(bonjour', 'R.G.P.D.', 'mot', 'rue', 'voix', 'l’on'];
    const random = seededRandom(11);
    const lengths = [45, 3, 70, 12, 31, 8, 52, 17, 40, 5, 33];
    const cues = lengths.map((len, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      speaker: null,
      text: Array.from({ length: len }, () => pool[Math.floor(random() * pool.length)] ?? '').join(' '),
    }));
    const passages = buildPassages(episodeWith(cues), show);
    let inside = 0;
    for (const p of passages) {
      for (const s of p.spans) {
        const cueText = cues[s.cue]?.text ?? '';
        if (s.cueTextOffset > 0) {
          inside++;
          expect(cueText[s.cueTextOffset - 1], p.text).toBe(' ');
        }
        expect(p.text.slice(s.charStart, s.charEnd)).toBe(
          cueText.slice(s.cueTextOffset, s.cueTextOffset + s.charEnd - s.charStart),
        );
      }
      // Slices are joined by a space: none may fall between two words written together.
      for (const joined of p.text.match(/\S+/g) ?? []) expect(pool, p.text).toContain(joined);
    }
    expect(inside).toBeGreaterThan(5);
  });

  it('cuts a very long cue into slices that still map back to the cue text', () => {
    const long = Array.from({ length: 200 }, (_, i) => `parole${i}`).join(' ');
    const data = episodeWith([{ start: 0, end: 90, speaker: 'Léa', text: long }]);
    const passages = buildPassages(data, show);
    expect(passages.length).toBeGreaterThan(3);
    for (const p of passages) {
      for (const s of p.spans) {
        expect(p.text.slice(s.charStart, s.charEnd)).toBe(
          long.slice(s.cueTextOffset, s.cueTextOffset + s.charEnd - s.charStart),
        );
      }
    }
  });
});

describe('resolver', () => {
  const cueTimed: Cue[] = [
    { start: 12, end: 15.5, speaker: 'Camille', text: 'Nous parlons aujourd’hui de la reconnaissance' },
    { start: 15.5, end: 19, speaker: 'Camille', text: 'faciale dans les lycées de la région.' },
    { start: 19, end: 23, speaker: 'Hugo', text: 'La région voulait des portiques biométriques.' },
  ];

  it('matches a number said in digit groups and a dotted acronym as the word typed, whole', () => {
    const marked = (text: string, q: string) =>
      locateMatches(text, parseQuery(q)).map((m) => [text.slice(m.start, m.end), m.typos, m.phrase]);
    expect(marked('reçu 1 000 plaintes', '1000 plaintes')).toEqual([
      ['1', 0, true],
      ['000', 0, true],
      ['plaintes', 0, false],
    ]);
    expect(marked('le R.G.P.D. impose', 'rgpd ')).toEqual([
      ['R', 0, true],
      ['G', 0, true],
      ['P', 0, true],
      ['D', 0, true],
    ]);
    // Whole groups only: `1 000 000` is not `1000`, `21 000` not `1000`; a year is no group.
    expect(marked('plus de 1 000 000 et 21 000', '1000 ')).toEqual([]);
    expect(marked('en 2019 000', '2019000 ')).toEqual([]);
    expect(marked('en 1 000 plaintes', '"1000 plaintes"').map(([w]) => w)).toEqual(['1', '000', 'plaintes']);
  });

  it('starts a cue-timed hit at the cue where the quote begins and ends at the last cue', () => {
    const [passage] = buildPassages(episodeWith(cueTimed), show);
    const query = parseQuery('reconnaissance faciale lycées ');
    const [moment] = resolvePassageMoments(passage!, query, { backendScore: 0.5, requireAll: true });
    expect(moment?.hit.start).toBe(12);
    expect(moment?.hit.end).toBe(19);
    expect(moment?.hit.speaker).toBe('Camille');
    const h = moment!.hit;
    expect(h.highlights.map((r) => h.snippet.slice(r.start, r.end))).toEqual([
      'reconnaissance',
      'faciale',
      'lycées',
    ]);
  });

  it('ranks a moment saying a word as many times as typed above one saying it once', () => {
    const cues: Cue[] = [
      { start: 0, end: 4, speaker: null, text: 'Oui, vous pouvez le faire.' },
      {
        start: 4,
        end: 8,
        speaker: null,
        text: 'Il faudra pourtant attendre la fin du mois prochain pour le savoir.',
      },
      { start: 8, end: 12, speaker: null, text: 'Oui oui, vous pouvez le faire.' },
    ];
    const query = parseQuery('oui oui vous pouvez');
    const moments = buildPassages(episodeWith(cues), show).flatMap((p) =>
      resolvePassageMoments(p, query, { backendScore: 0.5, requireAll: true }),
    );
    expect(flatHits(moments, 'relevance').map((h) => h.start)).toEqual([8, 0]);
  });

  it('ranks a pasted quote said with a word misremembered before every pasted word said scattered', () => {
    // Pasted `un débat public`; said `un débat, un débat`.
    const said: Cue[] = [
      {
        start: 40,
        end: 46,
        speaker: null,
        text: 'Nous voulons un débat, un débat sur la transparence des algorithmes utilisés.',
      },
    ];
    const scattered: Cue[] = [
      {
        start: 0,
        end: 6,
        speaker: null,
        text: 'Un débat public : nous voulons la transparence, sur les algorithmes utilisés des administrations.',
      },
    ];
    const query = parseQuery('Nous voulons un débat public sur la transparence des algorithmes utilisés');
    const moments = [said, scattered].flatMap((cues, i) =>
      buildPassages(episodeWith(cues, `ep-${i}`), show).flatMap((p) =>
        resolvePassageMoments(p, query, { backendScore: 0.5, requireAll: false }),
      ),
    );
    const [first, second] = flatHits(moments, 'relevance');
    expect([first?.start, first?.matchedWords]).toEqual([40, queryUnitCount(query) - 1]);
    expect([second?.start, second?.matchedWords]).toEqual([0, queryUnitCount(query)]);
  });

  it('ranks a pasted quote above every word scattered when two of its words are a typo apart', () => {
    // `a` remembered as `but`; `thing` and `think` each match both typed words (one typo).
    const said: Cue[] = [
      {
        start: 30,
        end: 36,
        speaker: null,
        text: 'Is that is that a thing that you think about? Yes, certainly, we think about it a lot.',
      },
    ];
    const scattered: Cue[] = [
      { start: 0, end: 6, speaker: null, text: 'But yes, that thing is certainly what you think about.' },
    ];
    const query = parseQuery('Is that is that but thing that you think about? Yes, certainly, we');
    const moments = [said, scattered].flatMap((cues, i) =>
      buildPassages(episodeWith(cues, `ep-${i}`), show).flatMap((p) =>
        resolvePassageMoments(p, query, { backendScore: 0.5, requireAll: false }),
      ),
    );
    expect(flatHits(moments, 'relevance').map((h) => [h.episode.id, h.start])).toEqual([
      ['ep-0', 30],
      ['ep-1', 0],
    ]);
  });

  it('starts a word-timed hit at the first matched word, never later than the quote', () => {
    const words = (text: string, start: number) =>
      text
        .split(' ')
        .map((w, i) => ({ text: w, start: start + 0.3 + i * 0.4, end: start + 0.3 + i * 0.4 + 0.35 }));
    const timed = cueTimed.map((c) => ({ ...c, words: words(c.text, c.start) }));
    const [passage] = buildPassages(episodeWith(timed), show);
    const [moment] = resolvePassageMoments(passage!, parseQuery('reconnaissance faciale '), {
      backendScore: 0.5,
      requireAll: true,
    });
    const first = timed[0]!.words.find((w) => w.text === 'reconnaissance')!;
    const last = timed[1]!.words.find((w) => w.text === 'faciale')!;
    expect(moment?.hit.start).toBe(first.start);
    expect(moment?.hit.end).toBe(last.end);
  });

  it('merges the same moment found by overlapping passages and groups every moment by episode', () => {
    const cues = numberedCues(30, 10);
    // Two cues that sit whole in two overlapping passages get ten words each of their own.
    const wholeIn = (c: number) =>
      buildPassages(episodeWith(cues), show).filter((p) =>
        p.spans.some((s) => s.cue === c && s.cueTextOffset === 0),
      ).length;
    const [first, second] = cues.map((_, c) => c).filter((c) => c > 5 && wholeIn(c) === 2);
    expect(second).toBeDefined();
    const a = first!;
    const b = second!;
    cues[a] = { ...cues[a]!, text: 'ici la surveillance des frontières commence vraiment plus au nord' };
    cues[b] = { ...cues[b]!, text: 'plus tard la surveillance revient dans la discussion des élus' };
    const passages = buildPassages(episodeWith(cues), show);
    for (const cue of [a, b]) {
      expect(passages.filter((p) => p.spans.some((s) => s.cue === cue)).length).toBe(2);
    }
    const query = parseQuery('surveillance ');
    const moments: ResolvedMoment[] = passages.flatMap((p) =>
      resolvePassageMoments(p, query, { backendScore: 0.1, requireAll: true }),
    );
    expect(moments.length).toBeGreaterThan(2);
    const hits = flatHits(moments, 'relevance');
    expect(hits.map((h) => h.start).sort((x, y) => x - y)).toEqual([cues[a].start, cues[b].start]);
    const [group] = groupByEpisode(moments, 'relevance');
    expect(group?.count).toBe(2);
    expect(group?.moments.map((m) => m.start)).toEqual([cues[a].start, cues[b].start]);
  });

  /** The words each moment of `text` spans, for `q` (every word required). */
  const momentsOf = (text: string, q: string) => {
    const query = parseQuery(q);
    return momentMatchGroups(locateMatches(text, query), queryUnitCount(query), true, query.typedWords).map(
      (g) => text.slice(g[0]!.start, g[g.length - 1]!.end),
    );
  };

  it('starts a moment where the quote is said, not at a common word said just before it', () => {
    expect(
      momentsOf(
        'Il faut voir le rôle de chacun, là, et je pense que le rôle de la CNIL est central.',
        'pense que le rôle de',
      ),
    ).toEqual(['pense que le rôle de']);
    expect(
      momentsOf('so that kind of, there, and I think one of the dynamics', 'I think one of the'),
    ).toEqual(['I think one of the']);
    // Said twice, twice a moment; typed in order, the quote in that order wins a tie.
    expect(momentsOf('la surveillance, encore la surveillance', 'surveillance ')).toEqual([
      'surveillance',
      'surveillance',
    ]);
    expect(
      momentsOf(
        'Le chiffrement de bout en bout protège les journalistes et leurs sources. Affaiblir le chiffrement',
        'chiffrement journalistes',
      ),
    ).toEqual(['chiffrement de bout en bout protège les journalistes']);
  });

  it('spans a quote typed with a word twice from its first word typed to its last', () => {
    expect(
      momentsOf(
        'Je tenais à vous dire merci de l’avoir fait. Alors, de quoi parlons-nous ?',
        'de l’avoir fait alors de quoi',
      ),
    ).toEqual(['de l’avoir fait. Alors, de quoi']);
    expect(momentsOf('On parle de tout et de rien.', 'parle de tout et de ')).toEqual([
      'parle de tout et de',
    ]);
    expect(momentsOf('Vous vous trompez, dit-elle.', 'vous vous')).toEqual(['Vous vous']);
    // The window's first `salut` is the second typed (the words after it say so).
    expect(momentsOf('Salut. Salut Marc, tu vas bien ?', 'salut salut marc tu vas')).toEqual([
      'Salut. Salut Marc, tu vas',
    ]);
    // The window's first `their` is the first typed: not pulled back to the `improve` before it.
    expect(
      momentsOf(
        'to improve their lifestyles and improve their stress management',
        'their lifestyles and improve their stress',
      ),
    ).toEqual(['their lifestyles and improve their stress']);
  });

  it('reads a contraction as one word: no gap, the whole of it highlighted, not a word to find', () => {
    const cues: Cue[] = [
      { start: 0, end: 4, speaker: null, text: 'Why not do that, right?' },
      { start: 30, end: 34, speaker: null, text: 'Yes. That’s right, and we’re not done.' },
    ];
    const passages = buildPassages(episodeWith(cues), show);
    const query = parseQuery("that's right");
    expect(query.terms.map((t) => t.text)).toEqual(['that', 'right']);
    const hits = flatHits(
      passages.flatMap((p) => resolvePassageMoments(p, query, { backendScore: 0.1, requireAll: true })),
      'relevance',
    );
    // The words said as typed come first, `that, right` after.
    expect(hits.map((h) => h.start)).toEqual([30, 0]);
    const best = hits[0]!;
    expect(best.highlights.map((r) => best.snippet.slice(r.start, r.end))).toEqual(['That’s', 'right']);
    expect(parseQuery('we’re not').terms.map((t) => t.text)).toEqual(['we', 'not']);
    expect(momentsOf('Yes. That’s right, and we’re not done.', '"we’re not done"')).toEqual([
      'we’re not done',
    ]);
  });

  it('reads words joined by an apostrophe or a hyphen as the glued word typed, after it said as typed', () => {
    const cues: Cue[] = [
      { start: 0, end: 4, speaker: null, text: 'La vidéo-surveillance coûte cher, c’est certain.' },
      { start: 30, end: 34, speaker: null, text: 'La vidéosurveillance coûte cher aujourd’hui, dit-on.' },
      { start: 60, end: 64, speaker: null, text: 'Une vidéo, la surveillance, ce n’est pas pareil.' },
    ];
    const passages = buildPassages(episodeWith(cues), show);
    const hitsOf = (q: string) =>
      flatHits(
        passages.flatMap((p) =>
          resolvePassageMoments(p, parseQuery(q), { backendScore: 0.1, requireAll: true }),
        ),
        'relevance',
      ).map((h) => [h.start, h.highlights.map((r) => h.snippet.slice(r.start, r.end))]);
    // Written as typed first; never across a space.
    expect(hitsOf('videosurveillance coute ')).toEqual([
      [30, ['vidéosurveillance', 'coûte']],
      [0, ['vidéo-surveillance', 'coûte']],
    ]);
    expect(hitsOf('cest certain')).toEqual([[0, ['c’est', 'certain']]]);
    expect(hitsOf('videosurv')).toEqual([
      [30, ['vidéosurveillance']],
      [0, ['vidéo-surveillance']],
    ]);
    expect(hitsOf('nest pas')).toEqual([[60, ['n’est', 'pas']]]);
    // Half-typed: the whole word, not its first half one typo away.
    expect(hitsOf('aujourdh')).toEqual([[30, ['aujourd’hui']]]);
  });

  it("orders episodes by their best moment's words, then by how many moments they have", () => {
    const line = (start: number, text: string): Cue => ({
      start,
      end: start + 4,
      speaker: null,
      text,
    });
    const once = episodeWith([line(0, 'Le logiciel libre, en un mot.')], 'une-fois');
    const often = episodeWith(
      [
        line(0, 'Le logiciel libre d’abord.'),
        line(60, 'Puis encore le logiciel libre.'),
        line(120, 'Et toujours le logiciel libre.'),
      ],
      'trois-fois',
    );
    const query = parseQuery('"logiciel libre"');
    const moments = [
      // The backend rates the single mention higher: it must not decide between equal moments.
      ...buildPassages(once, show).flatMap((p) =>
        resolvePassageMoments(p, query, { backendScore: 0.9, requireAll: true }),
      ),
      ...buildPassages(often, show).flatMap((p) =>
        resolvePassageMoments(p, query, { backendScore: 0.1, requireAll: true }),
      ),
    ];
    expect(groupByEpisode(moments, 'relevance').map((g) => [g.episode.id, g.count])).toEqual([
      ['trois-fois', 3],
      ['une-fois', 1],
    ]);
  });

  it('counts a contraction as one word toward the longest query', () => {
    const twelve = "aware of. We're not trying to take anybody's guns, but you can't";
    expect(() => parseQuery(twelve)).not.toThrow();
    expect(() => parseQuery(`"${twelve}"`)).not.toThrow();
    expect(parseQuery(twelve).shortened).toBeUndefined();
    expect(parseQuery(`${twelve} really`).shortened).toEqual({ searched: twelve, words: 13 });
    // So is a name with an apostrophe or a hyphenated word (two tokens each for the index).
    const hyphens = "presented by O'Reilly, it's a 24-7 receptionist working self-paced, um, remotely";
    expect(() => parseQuery(hyphens)).not.toThrow();
    expect(() => parseQuery(`"${hyphens}"`)).not.toThrow();
    // The index's own word count stays bounded.
    expect(() => parseQuery('a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y')).toThrow(
      /more than 12 words/,
    );
    // 15 tokens (we re, anybody s, can t): matched on the first 12, which sit whole in a passage.
    expect(parseQuery(`"${twelve}"`).phrases[0]).toEqual([
      'aware',
      'of',
      'we',
      're',
      'not',
      'trying',
      'to',
      'take',
      'anybody',
      's',
      'guns',
      'but',
    ]);
  });

  it('lets a word stand for the typed word it misspells when it also starts the half-typed last word', () => {
    // `theory` is both `theroy` (one typo) and the prefix `the`: it must stand for `theroy`.
    const text = 'We went back to the theory of the mind, then to practice.';
    expect(momentsOf(text, 'theroy of the')).toEqual(['theory of the']);
    const query = parseQuery('theroy of the');
    const [group] = momentMatchGroups(locateMatches(text, query), queryUnitCount(query), true);
    expect(group!.map((m) => [text.slice(m.start, m.end), m.unit])).toEqual([
      ['theory', 0],
      ['of', 1],
      ['the', 2],
    ]);
  });

  it('locates prefix, typo and phrase matches with their kinds', () => {
    const text = 'La vidéosurveillance et le consentemant des élèves';
    const m = locateMatches(text, parseQuery('consentement "des élèves" vidéos'));
    expect(m.map((x) => [text.slice(x.start, x.end), x.typos, x.prefix, x.phrase])).toEqual([
      ['vidéosurveillance', 0, true, false],
      ['consentemant', 1, false, false],
      ['des', 0, false, true],
      ['élèves', 0, false, true],
    ]);
  });
});
