// Schema of the embedded archive, as numbered migrations applied in order, each in its own
// transaction. A migration, once released, is never edited: add a new one instead.
import type Database from 'better-sqlite3';
import { foldText } from '../search/text-fold.ts';

export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'archive tables',
    sql: `
      CREATE TABLE shows (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT,
        language TEXT,
        url TEXT,
        image TEXT,
        license TEXT
      );
      CREATE TABLE episodes (
        id TEXT PRIMARY KEY,
        show_id TEXT NOT NULL REFERENCES shows(id),
        title TEXT NOT NULL,
        date TEXT,
        language TEXT,
        speakers TEXT NOT NULL,
        media TEXT,
        media_type TEXT,
        url TEXT,
        license TEXT,
        tags TEXT NOT NULL,
        chapters TEXT NOT NULL,
        duration REAL NOT NULL,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        revision TEXT NOT NULL,
        cue_count INTEGER NOT NULL
      );
      CREATE INDEX episodes_by_show ON episodes(show_id, date);
      CREATE UNIQUE INDEX episodes_by_source ON episodes(source);
      -- Clustered by (episode, order): an episode's cues are one contiguous range on disk.
      CREATE TABLE cues (
        episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        words TEXT,
        PRIMARY KEY (episode_id, ord)
      ) WITHOUT ROWID;
      -- Clips and packs outlive the episode rows they point to (a re-ingest replaces the
      -- episode; the clip keeps the revision it was cut from), so no foreign key here.
      CREATE TABLE clips (
        id TEXT PRIMARY KEY,
        episode_id TEXT NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        title TEXT,
        note TEXT,
        quote TEXT NOT NULL,
        revision TEXT NOT NULL,
        created_at TEXT NOT NULL,
        edit_token_hash TEXT NOT NULL
      );
      CREATE INDEX clips_by_episode ON clips(episode_id);
      CREATE TABLE packs (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        intro TEXT,
        items TEXT NOT NULL,
        created_at TEXT NOT NULL,
        edit_token_hash TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'clips keep their episode at cut time',
    // A clip must stay citable after its episode is deleted, so it keeps the episode's
    // citation details (JSON). Clips cut before this get them from their episode when it
    // is still there; the others stay NULL.
    sql: `
      ALTER TABLE clips ADD COLUMN episode_at_cut TEXT;
      UPDATE clips SET episode_at_cut = (
        SELECT json_object(
          'showId', e.show_id,
          'showTitle', coalesce(s.title, e.show_id),
          'showUrl', s.url,
          'title', e.title,
          'date', e.date,
          'language', e.language,
          'speakers', (
            SELECT json_group_array(speaker ORDER BY first_ord) FROM (
              SELECT c.speaker, min(c.ord) AS first_ord FROM cues c
              WHERE c.episode_id = e.id AND c.speaker IS NOT NULL
                AND min(c.end, clips.end) - max(c.start, clips.start) > 0
              GROUP BY c.speaker
            )
          ),
          'mediaType', e.media_type,
          'url', e.url,
          'license', coalesce(e.license, s.license),
          'duration', e.duration,
          'source', e.source
        )
        FROM episodes e LEFT JOIN shows s ON s.id = e.show_id
        WHERE e.id = clips.episode_id
      );
    `,
  },
  {
    version: 3,
    name: 'episodes follow their moved files',
    // transcript_sha256 (the transcript's bytes, whatever its path) tells a renamed or moved
    // file from a new one; file_stat lets an unchanged file be skipped without reading it;
    // a moved episode's old id redirects to its new one. Rows written before stay NULL
    // until the next ingest fills them.
    sql: `
      ALTER TABLE episodes ADD COLUMN transcript_sha256 TEXT;
      ALTER TABLE episodes ADD COLUMN file_stat TEXT;
      CREATE INDEX episodes_by_transcript ON episodes(transcript_sha256);
      CREATE TABLE episode_redirects (
        from_id TEXT PRIMARY KEY,
        to_id TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX episode_redirects_by_target ON episode_redirects(to_id);
    `,
  },
  {
    version: 4,
    name: 'episodes listed by a stored sort key',
    // The list is ordered by date, then folded title (as the Meilisearch store's titleSort):
    // folding every title on every page cost 21.8 ms a page at 20,000 episodes. The key is
    // written with the episode; the indexes give pages in order without a sort.
    sql: `
      ALTER TABLE episodes ADD COLUMN title_sort TEXT NOT NULL DEFAULT '';
      UPDATE episodes SET title_sort = fold_title(title);
      DROP INDEX episodes_by_show;
      CREATE INDEX episodes_by_show ON episodes(show_id, date DESC, title_sort, id);
      CREATE INDEX episodes_by_date ON episodes(date DESC, title_sort, id);
    `,
  },
];

export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;

/** Applies pending migrations; refuses a file written by a newer Verbatim. */
export function migrateSqliteSchema(db: Database.Database, file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT max(version) AS v FROM schema_migrations');
  const appliedVersion = () => (applied.get() as { v: number | null }).v ?? 0;
  const current = appliedVersion();
  if (current > SQLITE_SCHEMA_VERSION) {
    throw new Error(
      `${file}: archive schema version ${current} is newer than this Verbatim supports (${SQLITE_SCHEMA_VERSION}); upgrade Verbatim`,
    );
  }
  // Version 4 fills the episodes' sort key with it.
  db.function('fold_title', { deterministic: true }, (title) => foldText(String(title)));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= current) continue;
    // Write-locked before the version is read again: another process opening the archive
    // at the same moment (the server, a cron ingest) may have applied it meanwhile.
    db.transaction(() => {
      if (migration.version <= appliedVersion()) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
  db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  return SQLITE_SCHEMA_VERSION;
}
