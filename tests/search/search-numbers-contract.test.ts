// Numbers typed one way and said the other (`300` and `trois cents`, `2024` and `deux mille
// vingt-quatre`, `XXIe` and `21e`, `50 %` and `cinquante pour cent`): run against every
// available backend, on an archive of its own (sentences written for these tests). Each
// case lands on the second the number's first word is said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cue, Show } from '../../server/model/types.ts';
import type { SearchBackend, SearchHit } from '../../server/search/search-types.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';
import type { FixtureArchive } from '../fixtures/search/search-fixture-episodes.ts';
import { searchBackendFactories, type OpenedSearchBackend } from './search-backends.ts';

/** Seconds between two words of a cue: each word has a second of its own. */
const WORD_SECONDS = 0.5;

/** Cues 10 s apart, each word timed, as whisper gives them. */
function timedCues(lines: string[]): Cue[] {
  return lines.map((text, i) => {
    const start = i * 10;
    const parts = text.split(/\s+/);
    return {
      start,
      end: start + parts.length * WORD_SECONDS,
      speaker: null,
      text,
      words: parts.map((p, k) => ({
        text: p,
        start: start + k * WORD_SECONDS,
        end: start + (k + 1) * WORD_SECONDS,
      })),
    };
  });
}

const show: Show = {
  id: 'chiffres',
  title: 'Les chiffres du numérique',
  description: null,
  language: 'fr',
  url: null,
  image: null,
  license: null,
};

const FRENCH_LINES = [
  'Bilan de l’année : en deux mille vingt-quatre, trois cents sites ont fermé leurs portes.',
  'Le taux de refus atteint 50 % dans les mairies rurales.',
  'C’est le 1er rapport du comité depuis le début du XXIe siècle.',
  'Nous avons reçu 3 000 plaintes et vingt-et-un recours devant le tribunal.',
  'Soixante-dix agents, puis quatre-vingt-dix caméras, pour la deuxième fois.',
  'Le nouveau boîtier est neuf mais déjà obsolète.',
  'Le budget passe à trois mille cinq cents euros par an.',
];
const ENGLISH_LINES = [
  'Back in twenty twenty-four the regulator paused fifty percent of its contracts.',
  'Inspectors counted 3,000 cameras across 2 districts on the 21st of May.',
];

const archive: FixtureArchive = {
  shows: [show],
  episodes: [
    episodeWithCues('chiffres', 'bilan-chiffres', timedCues(FRENCH_LINES), { language: 'fr' }),
    episodeWithCues('chiffres', 'regulator-numbers', timedCues(ENGLISH_LINES), { language: 'en' }),
  ],
};

/** [episode, second] where the `nth` word (0-based) of a line is said. */
function said(episode: 'bilan-chiffres' | 'regulator-numbers', line: number, word: string): [string, number] {
  const lines = episode === 'bilan-chiffres' ? FRENCH_LINES : ENGLISH_LINES;
  const words = lines[line]!.split(/\s+/);
  const k = words.indexOf(word);
  if (k < 0) throw new Error(`no word ${word} in line ${line}`);
  return [episode, line * 10 + k * WORD_SECONDS];
}

function highlighted(hit: SearchHit): string {
  return hit.highlights.map((h) => hit.snippet.slice(h.start, h.end)).join('|');
}

interface NumberCase {
  q: string;
  at: [string, number];
  marked: string;
  /** Found by a backend that searches the number only as typed (Meilisearch). */
  asTyped?: boolean;
}

const cases: NumberCase[] = [
  // Typed in digits, said in words: lands on the number's first word.
  {
    q: '2024 300 sites',
    at: said('bilan-chiffres', 0, 'deux'),
    marked: 'deux|mille|vingt|quatre|trois|cents|sites',
  },
  {
    q: 'en 2024, 300 sites ',
    at: said('bilan-chiffres', 0, 'en'),
    marked: 'en|deux|mille|vingt|quatre|trois|cents|sites',
  },
  { q: '21 recours', at: said('bilan-chiffres', 3, 'vingt-et-un'), marked: 'vingt|et|un|recours' },
  { q: '70 agents', at: said('bilan-chiffres', 4, 'Soixante-dix'), marked: 'Soixante|dix|agents' },
  { q: '90 caméras ', at: said('bilan-chiffres', 4, 'quatre-vingt-dix'), marked: 'quatre|vingt|dix|caméras' },
  { q: '2e fois', at: said('bilan-chiffres', 4, 'deuxième'), marked: 'deuxième|fois' },
  { q: '9 mais déjà', at: said('bilan-chiffres', 5, 'neuf'), marked: 'neuf|mais|déjà' },
  {
    q: '2024 the regulator',
    at: said('regulator-numbers', 0, 'twenty'),
    marked: 'twenty|twenty|four|the|regulator',
  },
  {
    q: 'paused 50% of its',
    at: said('regulator-numbers', 0, 'paused'),
    marked: 'paused|fifty|percent|of|its',
  },
  // Typed in words, written in digits.
  {
    q: 'taux de refus cinquante pour cent',
    at: said('bilan-chiffres', 1, 'taux'),
    marked: 'taux|de|refus|50|%',
  },
  { q: 'premier rapport', at: said('bilan-chiffres', 2, '1er'), marked: '1er|rapport' },
  { q: 'vingt et unième siècle', at: said('bilan-chiffres', 2, 'XXIe'), marked: 'XXIe|siècle' },
  { q: '21e siècle', at: said('bilan-chiffres', 2, 'XXIe'), marked: 'XXIe|siècle' },
  { q: 'trois mille plaintes', at: said('bilan-chiffres', 3, '3'), marked: '3|000|plaintes' },
  { q: '3000 plaintes', at: said('bilan-chiffres', 3, '3'), marked: '3|000|plaintes', asTyped: true },
  {
    q: 'three thousand cameras across',
    at: said('regulator-numbers', 1, '3,000'),
    marked: '3|000|cameras|across',
  },
  { q: 'across two districts', at: said('regulator-numbers', 1, 'across'), marked: 'across|2|districts' },
  { q: 'twenty-first of May', at: said('regulator-numbers', 1, '21st'), marked: '21st|of|May' },
  // Typed as said: as before.
  {
    q: 'deux mille vingt-quatre trois cents sites',
    at: said('bilan-chiffres', 0, 'deux'),
    marked: 'deux|mille|vingt|quatre|trois|cents|sites',
    asTyped: true,
  },
  {
    q: '50 % dans les mairies',
    at: said('bilan-chiffres', 1, '50'),
    marked: '50|%|dans|les|mairies',
    asTyped: true,
  },
  { q: 'XXIe siècle', at: said('bilan-chiffres', 2, 'XXIe'), marked: 'XXIe|siècle', asTyped: true },
  // In a quoted phrase: the words in that order, each number said either way.
  {
    q: '"en 2024, 300 sites"',
    at: said('bilan-chiffres', 0, 'en'),
    marked: 'en|deux|mille|vingt|quatre|trois|cents|sites',
  },
  { q: '« vingt et unième siècle »', at: said('bilan-chiffres', 2, 'XXIe'), marked: 'XXIe|siècle' },
  { q: '"atteint cinquante pour cent"', at: said('bilan-chiffres', 1, 'atteint'), marked: 'atteint|50' },
  { q: '"paused 50% of"', at: said('regulator-numbers', 0, 'paused'), marked: 'paused|fifty|percent|of' },
  {
    q: '"en deux mille vingt-quatre"',
    at: said('bilan-chiffres', 0, 'en'),
    marked: 'en|deux|mille|vingt|quatre',
    asTyped: true,
  },
  // Part of a longer number, typed as said: found as before, side by side.
  {
    q: 'passe à trois mille',
    at: said('bilan-chiffres', 6, 'passe'),
    marked: 'passe|à|trois|mille',
    asTyped: true,
  },
  // `cent`/`cents`, `vingt`/`vingts` are written either way.
  { q: 'cinq cent euros', at: said('bilan-chiffres', 6, 'cinq'), marked: 'cinq|cents|euros' },
];

for (const factory of searchBackendFactories) {
  const available = factory.available();
  describe.skipIf(!available)(`numbers typed either way: ${factory.name}`, () => {
    let opened: OpenedSearchBackend;
    let search: SearchBackend;
    beforeAll(async () => {
      opened = await factory.open(archive);
      search = opened.search;
    });
    afterAll(async () => {
      await opened?.close();
    });
    // Meilisearch has no OR to look for a number's other spellings: only what is typed as said.
    const run = factory.name === 'sqlite' ? cases : cases.filter((c) => c.asTyped === true);
    it.each(run)('$q', async ({ q, at, marked }) => {
      const res = await search.search({
        q,
        filters: {},
        sort: 'relevance',
        group: 'none',
        limit: 10,
        offset: 0,
      });
      expect(res.partial, q).toBe(false);
      expect(
        res.hits.map((h) => [h.episode.id, h.start]),
        q,
      ).toEqual([at]);
      expect(
        highlighted(res.hits[0]!)
          .split(/[|\s’,-]/)
          .filter(Boolean)
          .join('|'),
        q,
      ).toBe(marked);
    });

    it('does not read part of a number as another: `24` is not in `deux mille vingt-quatre`', async () => {
      const res = await search.search({
        q: '24 trois cents sites',
        filters: {},
        sort: 'relevance',
        group: 'none',
        limit: 10,
        offset: 0,
      });
      expect(res.partial).toBe(true);
    });
  });
}
