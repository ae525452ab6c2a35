// A small search indexer for store tests where the search index itself is not under test:
// it keeps one row per indexed episode in a real table of the same SQLite file, so it
// takes part in the store's transactions like the real one, and it can be told to fail.
import type Database from 'better-sqlite3';
import type { EmbeddedSearchIndexer } from '../../server/search/embedded-indexer.ts';
import type { EpisodeWithCues, Show } from '../../server/model/types.ts';

export interface RecordingIndexer extends EmbeddedSearchIndexer {
  calls: string[];
  /** When set, indexEpisode throws for this episode id. */
  failOn: string | null;
  optimized: number;
}

export function createRecordingIndexer(): RecordingIndexer {
  const indexer: RecordingIndexer = {
    calls: [],
    failOn: null,
    optimized: 0,
    createSchema(db: Database.Database) {
      db.exec(
        'CREATE TABLE IF NOT EXISTS test_index (episode_id TEXT PRIMARY KEY, show_title TEXT, cue_count INTEGER)',
      );
    },
    indexEpisode(db: Database.Database, data: EpisodeWithCues, show: Show) {
      indexer.calls.push(`index:${data.episode.id}`);
      db.prepare('INSERT INTO test_index VALUES (?, ?, ?)').run(
        data.episode.id,
        show.title,
        data.cues.length,
      );
      if (indexer.failOn === data.episode.id) throw new Error(`index failure for ${data.episode.id}`);
    },
    removeEpisode(db: Database.Database, episodeId: string) {
      indexer.calls.push(`remove:${episodeId}`);
      db.prepare('DELETE FROM test_index WHERE episode_id = ?').run(episodeId);
    },
    optimize() {
      indexer.optimized++;
    },
  };
  return indexer;
}
