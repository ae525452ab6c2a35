// Zero-downtime reindex of the embedded search: the new index is built aside (tables with
// a `_next` suffix) in small transactions, yielding to the event loop between them so
// searches keep answering from the current tables; then one transaction drops the old
// tables and renames the new ones in. Readers see either the old index or the new one.
//
// Episodes written by ingest while a rebuild runs go to the current tables and are lost
// at the switch: run the rebuild with ingest paused (the admin reindex does), or re-run
// ingest after it.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { EpisodeWithCues, Show } from '../../model/types.ts';
import { forgetRecordedTerms, indexEpisodeInto, optimizeSearchIndex } from './sqlite-search-indexer.ts';
import { createSearchTables, markIndexFormat, searchTableNames } from './sqlite-search-schema.ts';

export interface EpisodeToIndex {
  data: EpisodeWithCues;
  show: Show;
}

export type LoadEpisodesToIndex = () => AsyncIterable<EpisodeToIndex> | Iterable<EpisodeToIndex>;

export interface RebuildResult {
  episodes: number;
  passages: number;
  ms: number;
}

const NEXT = '_next';

function dropTables(db: Database.Database, suffix: string): void {
  const t = searchTableNames(suffix);
  db.exec(
    `DROP TABLE IF EXISTS ${t.fts}; DROP TABLE IF EXISTS ${t.passage}; DROP TABLE IF EXISTS ${t.episode};`,
  );
}

export async function rebuildSqliteSearchIndex(
  db: Database.Database,
  loadEpisodes: LoadEpisodesToIndex,
  options: { episodesPerTransaction?: number; signal?: AbortSignal } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const perTransaction = options.episodesPerTransaction ?? 20;
  // A crashed earlier rebuild may have left its tables: start clean.
  db.transaction(() => dropTables(db, NEXT))();
  db.transaction(() => createSearchTables(db, NEXT))();

  let episodes = 0;
  let batch: EpisodeToIndex[] = [];
  const write = db.transaction((items: EpisodeToIndex[]) => {
    for (const { data, show } of items) indexEpisodeInto(db, data, show, NEXT);
  });
  const flush = (items: EpisodeToIndex[]) => {
    try {
      write(items);
    } catch (error) {
      forgetRecordedTerms(db);
      throw error;
    }
  };
  try {
    for await (const item of loadEpisodes()) {
      batch.push(item);
      if (batch.length >= perTransaction) {
        flush(batch);
        episodes += batch.length;
        batch = [];
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
      }
    }
    flush(batch);
    episodes += batch.length;
    await yieldToEventLoop();
    options.signal?.throwIfAborted();
  } catch (error) {
    // Stopped (the server is closing) or failed: the current index stays as it was.
    db.transaction(() => dropTables(db, NEXT))();
    throw error;
  }
  optimizeSearchIndex(db, NEXT);

  const now = searchTableNames('');
  const next = searchTableNames(NEXT);
  db.transaction(() => {
    dropTables(db, '');
    db.exec(`
      ALTER TABLE ${next.fts} RENAME TO ${now.fts};
      ALTER TABLE ${next.passage} RENAME TO ${now.passage};
      ALTER TABLE ${next.episode} RENAME TO ${now.episode};
      UPDATE search_state SET value = value + 1 WHERE key = 'generation';
    `);
    markIndexFormat(db);
  })();
  const passages = Number(db.prepare(`SELECT count(*) FROM ${now.passage}`).pluck().get());
  return { episodes, passages, ms: performance.now() - started };
}
