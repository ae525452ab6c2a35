// What every route and CLI needs, built once at start (see create-archive.ts).
import type { Config } from '../config/env.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import type { SearchBackend } from '../search/search-types.ts';
import type { SearchIndexState } from './search-index-state.ts';

/** What POST /api/reindex reports. */
export interface ReindexReport {
  backend: 'sqlite' | 'meilisearch';
  episodes: number;
  passages: number;
  ms: number;
}

export interface AppDeps {
  config: Config;
  store: ArchiveStore;
  search: SearchBackend;
  /**
   * Rebuilds the search index without downtime (searches keep answering); absent: not
   * supported. An aborted rebuild leaves the current index as it was.
   */
  reindex?: (signal?: AbortSignal) => Promise<ReindexReport>;
  /** Whether the search index is current, outdated or being rebuilt (for /api/health). */
  searchIndexState?: () => Promise<SearchIndexState>;
}
