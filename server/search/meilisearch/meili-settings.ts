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
        // cueCount: health sums the cues from its facet (meili-store.ts counts).
        filterableAttributes: ['id', 'showId', 'source', 'revision', 'cueCount'],
        // The embedded store's order: newest first (undated last), then title, then id.
        sortableAttributes: ['dateDay', 'titleSort', 'id'],
        // listShows counts episodes per show, and counts sums cues, through facets.
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

/** Lists Meilisearch keeps as sets (it answers them sorted): compared without their order. */
const UNORDERED_SETTINGS = new Set([
  'filterableAttributes',
  'sortableAttributes',
  'separatorTokens',
  'nonSeparatorTokens',
  'stopWords',
]);

/** `ours` as the server holds it: equal values, an object's keys among the server's (an empty one empty). */
function settingHeld(ours: unknown, theirs: unknown, unordered: boolean): boolean {
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || ours.length !== theirs.length) return false;
    const keyed = (list: unknown[]) => {
      const json = list.map((v) => JSON.stringify(v));
      return unordered ? json.sort() : json;
    };
    const held = keyed(theirs);
    return keyed(ours).every((v, i) => v === held[i]);
  }
  if (ours !== null && typeof ours === 'object') {
    if (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs)) return false;
    const theirsRecord = theirs as Record<string, unknown>;
    const entries = Object.entries(ours);
    if (entries.length === 0) return Object.keys(theirsRecord).length === 0;
    return entries.every(([k, v]) => settingHeld(v, theirsRecord[k], false));
  }
  return ours === theirs;
}

/** The settings Verbatim sets that the server holds otherwise (changed by hand, or never applied). */
export function settingsDrift(ours: Settings, theirs: Record<string, unknown>): string[] {
  return Object.entries(ours)
    .filter(([key, value]) => !settingHeld(value, theirs[key], UNORDERED_SETTINGS.has(key)))
    .map(([key]) => key);
}

/** An index whose settings were not Verbatim's when it opened, and which of them. */
export interface SettingsPutBack {
  uid: string;
  settings: string[];
}

/**
 * Creates the index when missing (with our primary key) and applies its settings, awaited.
 * Returns the settings it held otherwise (empty for a new index).
 */
export async function ensureIndex(
  client: Meilisearch,
  connection: Pick<MeiliConnection, 'url'>,
  uid: string,
  settings: Settings,
): Promise<string[]> {
  const held = await meiliCall(connection, `reading the settings of index ${uid}`, async () => {
    try {
      return await client.index(uid).getSettings();
    } catch (error) {
      if (isMeiliNotFound(error)) return null;
      throw error;
    }
  });
  if (!held) {
    await runTask(connection, `creating index ${uid}`, () =>
      client.createIndex(uid, { primaryKey: MEILI_PRIMARY_KEY }),
    );
  }
  const drift = held ? settingsDrift(settings, held) : [];
  await runTask(connection, `applying settings to index ${uid}`, () =>
    client.index(uid).updateSettings(settings),
  );
  return drift;
}

/** Applies the settings of every index of the archive; says which held other settings. */
export async function applyArchiveSettings(
  client: Meilisearch,
  connection: Pick<MeiliConnection, 'url'>,
  names: MeiliIndexNames,
): Promise<SettingsPutBack[]> {
  const putBack: SettingsPutBack[] = [];
  const apply = async (uid: string, settings: Settings) => {
    const drift = await ensureIndex(client, connection, uid, settings);
    if (drift.length > 0) putBack.push({ uid, settings: drift });
  };
  await apply(names.passages, passageIndexSettings());
  for (const kind of ['shows', 'episodes', 'cues', 'clips', 'packs', 'redirects'] as const) {
    await apply(names[kind], storeIndexSettings(kind));
  }
  return putBack;
}
