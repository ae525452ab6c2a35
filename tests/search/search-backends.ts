// The seam the search contract suite runs through: one factory per backend. The embedded
// backend is always available; Meilisearch joins when MEILI_URL is set, through the
// module named below (written alongside the Meilisearch backend).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SearchBackend } from '../../server/search/search-types.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import type { FixtureArchive } from '../fixtures/search/search-fixture-episodes.ts';

export interface OpenedSearchBackend {
  search: SearchBackend;
  close(): Promise<void>;
}

export type OpenSearchBackend = (archive: FixtureArchive) => Promise<OpenedSearchBackend>;

export interface SearchBackendFactory {
  name: string;
  available(): boolean;
  /** Printed (console.warn) when the backend is not available. */
  skipMessage: string;
  open: OpenSearchBackend;
}

/** Module exporting `openMeiliTestBackend: OpenSearchBackend` (used only when MEILI_URL is set). */
const MEILI_FACTORY_MODULE = './meilisearch/meili-test-backend.ts';

/** The embedded backend on a real SQLite file in a temp dir, filled through the real store. */
export const openSqliteTestBackend: OpenSearchBackend = async (archive) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-search-'));
  const store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  for (const show of archive.shows) await store.upsertShow(show);
  for (const ep of archive.episodes) await store.replaceEpisode(ep);
  store.optimizeIndex();
  return {
    search: createSqliteSearchBackend(store.db),
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const searchBackendFactories: SearchBackendFactory[] = [
  {
    name: 'sqlite',
    available: () => true,
    skipMessage: '',
    open: openSqliteTestBackend,
  },
  {
    name: 'meilisearch',
    available: () => Boolean(process.env.MEILI_URL),
    skipMessage: 'skipped: no Meilisearch at MEILI_URL',
    async open(archive) {
      const mod = (await import(/* @vite-ignore */ MEILI_FACTORY_MODULE)) as {
        openMeiliTestBackend?: OpenSearchBackend;
      };
      if (!mod.openMeiliTestBackend) {
        throw new Error(`${MEILI_FACTORY_MODULE} must export openMeiliTestBackend`);
      }
      return mod.openMeiliTestBackend(archive);
    },
  },
];
