// The seam between the SQLite store and the embedded search index: the store calls these
// inside its own transaction, so an episode and its search documents change together.
import type Database from 'better-sqlite3';
import type { EpisodeWithCues, Show } from '../model/types.ts';

export interface EmbeddedSearchIndexer {
  /** Creates the index tables when missing. Called once when the store opens. */
  createSchema(db: Database.Database): void;
  /** Indexes one episode. Called inside the store's transaction, after removeEpisode. */
  indexEpisode(db: Database.Database, data: EpisodeWithCues, show: Show): void;
  /** Removes an episode's search documents. Called inside the store's transaction. */
  removeEpisode(db: Database.Database, episodeId: string): void;
  /** A transaction that called indexEpisode was rolled back: drop what was cached as written. */
  rolledBack?(db: Database.Database): void;
  /** Called after a bulk ingest (e.g. to merge FTS5 segments). */
  optimize?(db: Database.Database): void;
}
