// Tables of the embedded search index, in the archive's own SQLite file.
//
// - search_episode: one row per indexed episode; `seq` numbers passages, whose rowid is
//   seq * 2^20 + ordinal, so an episode's passages are one rowid range (cheap delete,
//   per-episode search, episode facets straight from the rowid).
// - search_passage: the passage text, its cue/word map and speakers (for snippets/times).
// - search_fts: contentless FTS5 (the text lives once, in search_passage) with
//   contentless_delete so an episode's rows can be deleted by rowid. Column `meta` holds
//   hashed filter tokens (show, episode, speakers, language, year) so filters are part of
//   the MATCH and cost no join.
// - search_term: every word ever indexed (insert-only, kept fresh by the indexer), the
//   vocabulary the typo tolerance draws from. fts5vocab would list it too, but only by
//   reading every posting list (5 s at a million cues): too slow for a cold start.
// - search_vocab: fts5vocab over search_fts (document counts, for diagnostics).
// - search_state: a generation counter bumped on every change, so readers know when
//   their in-memory caches (episodes, vocabulary) are stale; and the versions of the glue
//   pair tokens (glue-pairs.ts) and sample tokens (sample-levels.ts) every passage carries,
//   and of the way passages are cut (passages.ts).
import type Database from 'better-sqlite3';
import { PASSAGE_CUTS_VERSION } from '../passages.ts';
import { GLUE_PAIRS_STATE_KEY, GLUE_PAIRS_VERSION } from './glue-pairs.ts';
import { SAMPLE_LEVELS_STATE_KEY, SAMPLE_LEVELS_VERSION } from './sample-levels.ts';

/** Passages per episode are numbered below this (rowid = seq * PASSAGE_ROWID_SPAN + ordinal). */
export const PASSAGE_ROWID_SPAN = 2 ** 20;

/** `ʼ` is a letter to Unicode; every other apostrophe is already a separator in unicode61. */
export const FTS_TOKENIZE = `unicode61 remove_diacritics 2 separators 'ʼ'`;

/** Pending index data FTS5 may hold in memory before writing a segment (per transaction). */
const FTS_HASH_BYTES = 64 * 2 ** 20;

export interface SearchTableNames {
  episode: string;
  passage: string;
  fts: string;
}

export function searchTableNames(suffix = ''): SearchTableNames {
  return {
    episode: `search_episode${suffix}`,
    passage: `search_passage${suffix}`,
    fts: `search_fts${suffix}`,
  };
}

export function createSearchTables(db: Database.Database, suffix = ''): void {
  const t = searchTableNames(suffix);
  const ftsExisted = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).pluck().get(t.fts) === 1;
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${t.episode} (
      seq INTEGER PRIMARY KEY,
      episode_id TEXT NOT NULL UNIQUE,
      show_id TEXT NOT NULL,
      show_title TEXT NOT NULL,
      title TEXT NOT NULL,
      date TEXT,
      year INTEGER,
      language TEXT,
      source TEXT NOT NULL,
      media TEXT,
      passage_count INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${t.passage} (
      id INTEGER PRIMARY KEY,
      speakers TEXT NOT NULL,
      text TEXT NOT NULL,
      spans TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS ${t.fts} USING fts5(
      text, meta,
      content = '', contentless_delete = 1,
      tokenize = "${FTS_TOKENIZE}",
      prefix = '2 3',
      detail = full
    );
    CREATE TABLE IF NOT EXISTS search_term (term TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS search_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT OR IGNORE INTO search_state (key, value) VALUES ('generation', 0);
  `);
  // Bulk-insert tuning: merge less eagerly while writing (optimize() merges at the end;
  // automerge 16 instead of 8 cut the FTS5 share of a 1M-cue ingest by a quarter),
  // and let a large ingest transaction build its segment in memory (FTS5's `hashsize`,
  // 1 MiB by default, flushed a segment every ~2,000 cues: more segments, more merging).
  db.prepare(`INSERT INTO ${t.fts} (${t.fts}, rank) VALUES ('automerge', 16)`).run();
  db.prepare(`INSERT INTO ${t.fts} (${t.fts}, rank) VALUES ('crisismerge', 64)`).run();
  db.prepare(`INSERT INTO ${t.fts} (${t.fts}, rank) VALUES ('hashsize', ${FTS_HASH_BYTES})`).run();
  if (suffix === '') {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(${t.fts}, 'col');`);
    // A new index gets pair and sample tokens from its first passage on (a rebuild marks
    // itself at its switch); an index built before them keeps its state until it is rebuilt.
    if (!ftsExisted) markIndexFormat(db);
  }
}

/** How passages are cut (see passages.ts): an index cut otherwise is rebuilt at start. */
export { PASSAGE_CUTS_VERSION };
export const PASSAGE_CUTS_STATE_KEY = 'passage_cuts';

/** Every passage of the current index carries this version's glue pair and sample tokens and cuts. */
export function searchIndexFormatCurrent(db: Database.Database): boolean {
  const marked = db.prepare<[string], number>(`SELECT value FROM search_state WHERE key = ?`).pluck();
  return (
    marked.get(GLUE_PAIRS_STATE_KEY) === GLUE_PAIRS_VERSION &&
    marked.get(SAMPLE_LEVELS_STATE_KEY) === SAMPLE_LEVELS_VERSION &&
    marked.get(PASSAGE_CUTS_STATE_KEY) === PASSAGE_CUTS_VERSION
  );
}

/**
 * Records that every passage of the current index carries this version's glue pair tokens
 * (glue-pairs.ts) and sample tokens (sample-levels.ts), and is cut this version's way.
 */
export function markIndexFormat(db: Database.Database): void {
  const mark = db.prepare(`INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)`);
  mark.run(GLUE_PAIRS_STATE_KEY, GLUE_PAIRS_VERSION);
  mark.run(SAMPLE_LEVELS_STATE_KEY, SAMPLE_LEVELS_VERSION);
  mark.run(PASSAGE_CUTS_STATE_KEY, PASSAGE_CUTS_VERSION);
}
