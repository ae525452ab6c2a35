// Builds the archive (store + search backend) from the configuration: one SQLite file
// under the data directory by default, Meilisearch when MEILI_URL is set.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/env.ts';
import { openMeiliArchive } from '../search/meilisearch/meili-archive.ts';
import { createSqliteSearchBackend } from '../search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../search/sqlite/sqlite-search-indexer.ts';
import { searchIndexFormatCurrent } from '../search/sqlite/sqlite-search-schema.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { reindexMeiliArchive, reindexSqliteArchive } from '../admin/reindex-archive.ts';
import type { AppDeps } from './app-deps.ts';
import { trackRebuilds } from './search-index-state.ts';
import { createThreadedSearchBackend } from '../http/search/search-thread-pool.ts';
import { withSearchResultCache } from '../search/search-result-cache.ts';
import { withFacetsWithoutOwnFilter } from '../search/facets-without-own-filter.ts';
import { serverVersion } from '../http/server-version.ts';

export interface Archive extends AppDeps {
  /**
   * The index was built by an earlier version: embedded, it lacks what searches now use
   * (glue pair or sample tokens) or its passages are cut otherwise; in Meilisearch, its
   * passages are cut otherwise. A reindex brings it up to date.
   */
  searchIndexOutdated(): boolean;
  /** What opening the archive found and changed that its admin should know (logged at start). */
  notices: readonly string[];
  /** Closes the store (and its index); call once, after the server stopped. */
  close(): Promise<void>;
}

export function archiveFilePath(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'archive.sqlite');
}

export interface CreateArchiveOptions {
  /**
   * Embedded mode: search on this many worker threads (read-only connections), keeping the
   * event loop free while a search runs. 0 (default): search on the calling thread.
   */
  searchThreads?: number;
}

export async function createArchive(config: Config, options: CreateArchiveOptions = {}): Promise<Archive> {
  if (config.meiliUrl) {
    const meili = await openMeiliArchive(config);
    const rebuilds = trackRebuilds(
      (signal) => reindexMeiliArchive(meili, signal),
      async () => {
        // Unreachable: health says so already; the count read at start stands.
        const n = await meili.countOutdatedPassages().catch(() => (meili.searchIndexOutdated() ? -1 : 0));
        if (n === 0) return null;
        const count = n > 0 ? `: ${n}` : '';
        return `passages cut by an earlier version${count}; POST /api/reindex rebuilds them (a server with VERBATIM_INGEST_ON_START does at its start)`;
      },
    );
    return {
      config,
      store: meili.store,
      search: withFacetsWithoutOwnFilter(meili.search),
      reindex: rebuilds.reindex,
      searchIndexState: rebuilds.state,
      notices: meili.settingsPutBack.map(
        (index) =>
          `Meilisearch index ${index.uid} had settings other than this version of Verbatim sets (changed by hand, or by another version): ${index.settings.join(', ')}. They were put back.`,
      ),
      // Passages cut by an earlier version: the server that ingests at start rebuilds them
      // (several servers on one Meilisearch must not all rebuild at once).
      searchIndexOutdated: () => config.ingestOnStart && meili.searchIndexOutdated(),
      close: () => meili.store.close(),
    };
  }
  await mkdir(config.dataDir, { recursive: true });
  const file = archiveFilePath(config);
  const store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
  const inline = createSqliteSearchBackend(store.db);
  const threads = options.searchThreads ?? 0;
  const threaded = threads > 0 ? createThreadedSearchBackend({ file, threads, inline }) : null;
  const generation = store.db
    .prepare<[], number>(`SELECT value FROM search_state WHERE key = 'generation'`)
    .pluck();
  // Outside the cache: the facet searches a filter adds are cached searches of their own.
  const search = withFacetsWithoutOwnFilter(
    withSearchResultCache(threaded ?? inline, {
      generation: () => generation.get() ?? 0,
      maxEntries: config.searchCacheEntries,
      version: serverVersion,
    }),
  );
  const rebuilds = trackRebuilds(
    (signal) => reindexSqliteArchive(store, signal),
    () =>
      Promise.resolve(
        searchIndexFormatCurrent(store.db)
          ? null
          : 'the search index was built by an earlier version: POST /api/reindex rebuilds it (npm start does at start)',
      ),
  );
  return {
    config,
    store,
    search,
    reindex: rebuilds.reindex,
    searchIndexState: rebuilds.state,
    notices: [],
    searchIndexOutdated: () => !searchIndexFormatCurrent(store.db),
    close: async () => {
      await threaded?.close();
      await store.close();
    },
  };
}
