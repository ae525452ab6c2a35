// Index settings for every Meilisearch index of the archive, applied (and awaited) on
// start and on every index a reindex builds. Passages carry the search contract:
// - searchable: the passage text only (metadata must not make a passage match);
// - ranking: more query words matched, then (when asked) date, then proximity/phrase,
//   then no typo, then exactness (whole word), then Meilisearch's own attribute rule —
//   the contract's order (see issue 3), with `sort` after `words` so "newest" never puts
//   a partial match ahead of a full one;
// - typo tolerance as Meilisearch's defaults, stated so a changed default cannot drift:
//   1 typo from 5 letters, 2 from 9;
// - apostrophes (’ ‘ ʼ ') separate words, so `l’interdiction` indexes `interdiction`;
// - proximity by word (not by attribute), so phrase/proximity ranking is exact.
import type { Meilisearch, Settings } from 'meilisearch';
import { APOSTROPHES } from '../text-fold.ts';
import {
  runTask,
  type MeiliConnection,
  type MeiliIndexNames,
  MEILI_PRIMARY_KEY,
  meiliCall,
  isMeiliNotFound,
} from './meili-client.ts';

/**
 * Apostrophes (’ ‘ ʼ ' and the look-alikes text-fold.ts folds) separate words in
 * Meilisearch exactly as they do in the shared tokenizer.
 */
export const APOSTROPHE_SEPARATORS: readonly string[] = [...APOSTROPHES];

/** The most passages one search may page through (Meilisearch's pagination.maxTotalHits). */
export const PASSAGES_MAX_TOTAL_HITS = 10_000;

/** Fields of a passage document that filters and facets use (see meili-documents.ts). */
export const PASSAGE_FILTERABLE = [
  'showId',
  'episodeId',
  'speakers',
  'language',
  'dateDay',
  'year',
  'revision',
  'cuts',
] as const;
export const PASSAGE_SORTABLE = ['dateDay', 'start'] as const;

export const PASSAGE_RANKING_RULES = [
  'words',
  'sort',
  'proximity',
  'typo',
  'exactness',
  'attribute',
] as const;

export function passageIndexSettings(): Settings {
  return {
    searchableAttributes: ['text'],
    displayedAttributes: ['*'],
    filterableAttributes: [...PASSAGE_FILTERABLE],
    sortableAttributes: [...PASSAGE_SORTABLE],
    rankingRules: [...PASSAGE_RANKING_RULES],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnNumbers: false,
    },
    separatorTokens: [...APOSTROPHE_SEPARATORS],
    proximityPrecision: 'byWord',
    // Words are never dropped: a listener searching "le droit" means both words.
    stopWords: [],
    synonyms: {},
    distinctAttribute: null,
    pagination: { maxTotalHits: PASSAGES_MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 1_000, sortFacetValuesBy: { '*': 'count' } },
  };
}

/** Metadata indexes are read by filter and id, never searched as text. */
export function storeIndexSettings(kind: keyof Omit<MeiliIndexNames, 'passages' | 'passagesNext'>): Settings {
  const base: Settings = {
    // Nothing but a short field is full-text indexed: cue arrays and token hashes must
    // not cost indexing time. (An explicit field is accepted by every server version.)
    searchableAttributes: kind === 'cues' ? ['episodeId'] : ['title'],
    displayedAttributes: ['*'],
    typoTolerance: { enabled: false },
    pagination: { maxTotalHits: 1_000_000 },
  };
  switch (kind) {
    case 'shows':
      return { ...base, filterableAttributes: ['id'], sortableAttributes: ['titleSort', 'id'] };
    case 'episodes':
      return {
        ...base,
        filterableAttributes: ['id', 'showId', 'source', 'revision'],
        // The embedded store's order: newest first (undated last), then title, then id.
        sortableAttributes: ['dateDay', 'titleSort', 'id'],
        // listShows counts episodes per show through this facet.
        faceting: { maxValuesPerFacet: 100_000 },
      };
    case 'cues':
      return { ...base, filterableAttributes: ['episodeId', 'revision'], sortableAttributes: ['chunk'] };
    case 'clips':
      return { ...base, filterableAttributes: ['id', 'episodeId'] };
    case 'packs':
      return { ...base, filterableAttributes: ['id'] };
    case 'redirects':
      return { ...base, searchableAttributes: ['fromId'], filterableAttributes: ['fromId', 'toId'] };
  }
}

/** Creates the index when missing (with our primary key) and applies its settings, awaited. */
export async function ensureIndex(
  client: Meilisearch,
  connection: Pick<MeiliConnection, 'url'>,
  uid: string,
  settings: Settings,
): Promise<void> {
  const exists = await meiliCall(connection, `reading index ${uid}`, async () => {
    try {
      await client.getRawIndex(uid);
      return true;
    } catch (error) {
      if (isMeiliNotFound(error)) return false;
      throw error;
    }
  });
  if (!exists) {
    await runTask(connection, `creating index ${uid}`, () =>
      client.createIndex(uid, { primaryKey: MEILI_PRIMARY_KEY }),
    );
  }
  await runTask(connection, `applying settings to index ${uid}`, () =>
    client.index(uid).updateSettings(settings),
  );
}

/** Applies the settings of every index of the archive. */
export async function applyArchiveSettings(
  client: Meilisearch,
  connection: Pick<MeiliConnection, 'url'>,
  names: MeiliIndexNames,
): Promise<void> {
  await ensureIndex(client, connection, names.passages, passageIndexSettings());
  for (const kind of ['shows', 'episodes', 'cues', 'clips', 'packs', 'redirects'] as const) {
    await ensureIndex(client, connection, names[kind], storeIndexSettings(kind));
  }
}
