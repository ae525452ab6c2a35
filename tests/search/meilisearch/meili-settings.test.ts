import { describe, expect, it } from 'vitest';
import {
  APOSTROPHE_SEPARATORS,
  PASSAGE_RANKING_RULES,
  PASSAGES_MAX_TOTAL_HITS,
  passageIndexSettings,
  settingsDrift,
  storeIndexSettings,
} from '../../../server/search/meilisearch/meili-settings.ts';
import {
  MAX_CANDIDATE_WINDOW,
  FACET_FIELDS,
  meiliSort,
} from '../../../server/search/meilisearch/meili-search-backend.ts';
import { APOSTROPHES } from '../../../server/search/text-fold.ts';
import { ONE_TYPO_MIN_LENGTH, TWO_TYPOS_MIN_LENGTH } from '../../../server/search/typo-rules.ts';

describe('Meilisearch passages index settings', () => {
  const settings = passageIndexSettings();

  it('searches the passage text only, so metadata never makes a passage match', () => {
    expect(settings.searchableAttributes).toEqual(['text']);
  });

  it('can filter and facet on every field the search contract filters on', () => {
    for (const field of ['showId', 'episodeId', 'speakers', 'language', 'dateDay', 'year']) {
      expect(settings.filterableAttributes).toContain(field);
    }
    for (const facet of FACET_FIELDS) expect(settings.filterableAttributes).toContain(facet);
    for (const sort of [...(meiliSort('newest') ?? []), ...(meiliSort('oldest') ?? [])]) {
      expect(settings.sortableAttributes).toContain(sort.split(':')[0]);
    }
  });

  it('ranks as the contract does: words matched, then proximity, then typos, then exactness', () => {
    const rules = settings.rankingRules ?? [];
    const at = (rule: string) => rules.indexOf(rule);
    expect(at('words')).toBe(0);
    expect(at('words')).toBeLessThan(at('proximity'));
    expect(at('proximity')).toBeLessThan(at('typo'));
    expect(at('typo')).toBeLessThan(at('exactness'));
    // A date sort never puts a partial match ahead of a full one.
    expect(at('sort')).toBeGreaterThan(at('words'));
    expect(at('sort')).toBeLessThan(at('proximity'));
    expect(rules).toEqual([...PASSAGE_RANKING_RULES]);
  });

  it('tolerates typos exactly like the shared rules (1 from 5 letters, 2 from 9)', () => {
    expect(settings.typoTolerance?.enabled).toBe(true);
    expect(settings.typoTolerance?.minWordSizeForTypos).toEqual({
      oneTypo: ONE_TYPO_MIN_LENGTH,
      twoTypos: TWO_TYPOS_MIN_LENGTH,
    });
  });

  it('splits words on every apostrophe the shared tokenizer folds, so elisions are found', () => {
    for (const apostrophe of ['’', '‘', 'ʼ', "'"]) expect(settings.separatorTokens).toContain(apostrophe);
    expect([...APOSTROPHE_SEPARATORS].sort()).toEqual([...APOSTROPHES].sort());
  });

  it('measures proximity by word and keeps every word of a query', () => {
    expect(settings.proximityPrecision).toBe('byWord');
    expect(settings.stopWords).toEqual([]);
  });

  it('lets one search page through more passages than the largest candidate window', () => {
    expect(settings.pagination?.maxTotalHits).toBe(PASSAGES_MAX_TOTAL_HITS);
    expect(PASSAGES_MAX_TOTAL_HITS).toBeGreaterThanOrEqual(MAX_CANDIDATE_WINDOW);
  });
});

describe('Meilisearch store index settings', () => {
  it('sorts episodes like the embedded store and counts them per show', () => {
    const episodes = storeIndexSettings('episodes');
    expect(episodes.sortableAttributes).toEqual(expect.arrayContaining(['dateDay', 'titleSort', 'id']));
    expect(episodes.filterableAttributes).toEqual(expect.arrayContaining(['showId', 'source']));
    expect(episodes.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(10_000);
  });

  it('reads cue chunks by episode and revision', () => {
    expect(storeIndexSettings('cues').filterableAttributes).toEqual(
      expect.arrayContaining(['episodeId', 'revision']),
    );
  });
});

describe('index settings changed by hand', () => {
  /** What Meilisearch answers for the passages index once Verbatim set it: sets sorted, defaults added. */
  function heldAsSet(): Record<string, unknown> {
    const ours = passageIndexSettings();
    return {
      ...ours,
      filterableAttributes: [...(ours.filterableAttributes as string[])].sort(),
      sortableAttributes: [...(ours.sortableAttributes as string[])].sort(),
      separatorTokens: [...(ours.separatorTokens ?? [])].sort(),
      typoTolerance: { ...ours.typoTolerance, disableOnWords: [], disableOnAttributes: [] },
      faceting: { maxValuesPerFacet: 1_000, sortFacetValuesBy: { '*': 'count' } },
      nonSeparatorTokens: [],
      dictionary: [],
      embedders: {},
      searchCutoffMs: null,
      localizedAttributes: null,
      facetSearch: true,
      prefixSearch: 'indexingTime',
    };
  }

  it('finds none in the settings as Meilisearch gives them back', () => {
    expect(settingsDrift(passageIndexSettings(), heldAsSet())).toEqual([]);
  });

  it('names each setting held otherwise: an order, a synonym added, a filter removed', () => {
    const held = heldAsSet();
    held['rankingRules'] = ['words', 'typo', 'proximity', 'sort', 'exactness', 'attribute'];
    held['synonyms'] = { cnil: ['commission'] };
    held['filterableAttributes'] = ['showId', 'episodeId'];
    expect(settingsDrift(passageIndexSettings(), held)).toEqual([
      'filterableAttributes',
      'rankingRules',
      'synonyms',
    ]);
  });
});
