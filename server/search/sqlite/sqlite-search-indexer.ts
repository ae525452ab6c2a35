// Writes episodes into the embedded FTS5 index, inside the store's transaction.
// Kept lean for bulk ingest: statements prepared once per connection, one FTS5 insert and
// one side-table insert per passage, contentless FTS5 (text stored once), lazy merging
// during the bulk (automerge 16, crisismerge 64) and a full merge in optimize().
import type Database from 'better-sqlite3';
import type { EmbeddedSearchIndexer } from '../embedded-indexer.ts';
import type { EpisodeWithCues, Show } from '../../model/types.ts';
import { passagesOf } from '../passages.ts';
import { foldWord } from '../text-fold.ts';
import { glueKeyOf, gluePairToken } from './glue-pairs.ts';
import { sampleLevelTokens } from './sample-levels.ts';
import { encodeSpans, metaToken } from './sqlite-passage-codec.ts';
import { createSearchTables, PASSAGE_ROWID_SPAN, searchTableNames } from './sqlite-search-schema.ts';

interface IndexStatements {
  findSeq: Database.Statement<[string], { seq: number; passage_count: number }>;
  insertEpisode: Database.Statement<unknown[], unknown>;
  deleteEpisode: Database.Statement<[number], unknown>;
  insertPassage: Database.Statement<[number, string, string, string], unknown>;
  deletePassages: Database.Statement<[number, number], unknown>;
  insertFts: Database.Statement<[number, string, string], unknown>;
  deleteFts: Database.Statement<[number, number], unknown>;
  setPassageCount: Database.Statement<[number, number], unknown>;
  bumpGeneration: Database.Statement<[], unknown>;
  insertTerm: Database.Statement<[string], unknown>;
}

const statementCache = new WeakMap<Database.Database, Map<string, IndexStatements>>();

function statements(db: Database.Database, suffix: string): IndexStatements {
  let perDb = statementCache.get(db);
  if (!perDb) {
    perDb = new Map();
    statementCache.set(db, perDb);
  }
  const cached = perDb.get(suffix);
  if (cached) return cached;
  const t = searchTableNames(suffix);
  const s: IndexStatements = {
    findSeq: db.prepare(`SELECT seq, passage_count FROM ${t.episode} WHERE episode_id = ?`),
    insertEpisode: db.prepare(
      `INSERT INTO ${t.episode} (episode_id, show_id, show_title, title, date, year, language, source, media, passage_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteEpisode: db.prepare(`DELETE FROM ${t.episode} WHERE seq = ?`),
    insertPassage: db.prepare(`INSERT INTO ${t.passage} (id, speakers, text, spans) VALUES (?, ?, ?, ?)`),
    deletePassages: db.prepare(`DELETE FROM ${t.passage} WHERE id BETWEEN ? AND ?`),
    insertFts: db.prepare(`INSERT INTO ${t.fts} (rowid, text, meta) VALUES (?, ?, ?)`),
    deleteFts: db.prepare(`DELETE FROM ${t.fts} WHERE rowid BETWEEN ? AND ?`),
    setPassageCount: db.prepare(`UPDATE ${t.episode} SET passage_count = ? WHERE seq = ?`),
    bumpGeneration: db.prepare(`UPDATE search_state SET value = value + 1 WHERE key = 'generation'`),
    insertTerm: db.prepare(`INSERT OR IGNORE INTO search_term (term) VALUES (?)`),
  };
  perDb.set(suffix, s);
  return s;
}

/**
 * What this process already wrote to search_term, per connection: the folded words, and
 * the raw spellings already folded with their glue pair key (skips most of the inserts
 * and most of the folding).
 */
const recordedTerms = new WeakMap<
  Database.Database,
  { words: Set<string>; spellings: Map<string, number> }
>();
// Folding can leave separators inside a raw word (NFKD of a ligature or a symbol letter):
// the folded word is split again at the same boundaries as FTS5.
const NON_WORD_RE = /(?:[^\p{L}\p{N}\p{Co}]|\u02bc)+/u;
const MAX_SEEN_SPELLINGS = 500_000;

/**
 * Records an episode's new words in the typo vocabulary and gives each word its glue pair
 * key, fed each raw word by buildPassages' own scan. Folding (NFKD) is the costly part, so
 * each raw spelling is folded once per process: folding the whole text of every episode,
 * in a scan of its own, took a third of the ingest time.
 */
function wordRecorder(db: Database.Database, s: IndexStatements): (spelling: string) => number {
  let recorded = recordedTerms.get(db);
  if (!recorded) {
    recorded = { words: new Set(), spellings: new Map() };
    recordedTerms.set(db, recorded);
  }
  const { words, spellings } = recorded;
  if (spellings.size > MAX_SEEN_SPELLINGS) spellings.clear();
  return (spelling) => {
    const known = spellings.get(spelling);
    if (known !== undefined) return known;
    const folded = foldWord(spelling);
    const key = glueKeyOf(folded);
    spellings.set(spelling, key);
    for (const word of folded.split(NON_WORD_RE)) {
      if (word === '' || words.has(word)) continue;
      words.add(word);
      s.insertTerm.run(word);
    }
    return key;
  };
}

/** After a rollback: the words this process recorded may not be in search_term after all. */
export function forgetRecordedTerms(db: Database.Database): void {
  recordedTerms.delete(db);
}

/** Removes an episode's passages from the tables with this suffix. */
export function removeEpisodeFromIndex(db: Database.Database, episodeId: string, suffix = ''): void {
  const s = statements(db, suffix);
  const row = s.findSeq.get(episodeId);
  if (!row) return;
  const lo = row.seq * PASSAGE_ROWID_SPAN;
  const hi = lo + PASSAGE_ROWID_SPAN - 1;
  s.deleteFts.run(lo, hi);
  s.deletePassages.run(lo, hi);
  s.deleteEpisode.run(row.seq);
  s.bumpGeneration.run();
}

/** Indexes one episode into the tables with this suffix (removing its old version first). */
export function indexEpisodeInto(
  db: Database.Database,
  data: EpisodeWithCues,
  show: Show,
  suffix = '',
): void {
  removeEpisodeFromIndex(db, data.episode.id, suffix);
  const s = statements(db, suffix);
  const e = data.episode;
  const language = e.language ?? show.language ?? null;
  const year = e.date && /^\d{4}/.test(e.date) ? Number(e.date.slice(0, 4)) : null;
  const info = s.insertEpisode.run(
    e.id,
    e.showId,
    show.title,
    e.title,
    e.date,
    year,
    language,
    e.source,
    e.media,
    0,
  );
  const seq = Number(info.lastInsertRowid);
  const base = seq * PASSAGE_ROWID_SPAN;
  let episodeMeta = `${metaToken('show', e.showId)} ${metaToken('episode', e.id)}`;
  if (language) episodeMeta += ` ${metaToken('language', language)}`;
  if (year !== null) episodeMeta += ` ${metaToken('year', year)}`;
  const speakerTokens = new Map<string, string>();
  // Each passage is written as it is cut (its count set after): see passagesOf.
  let passageCount = 0;
  for (const p of passagesOf(data, show, { onWord: wordRecorder(db, s) })) {
    passageCount++;
    if (p.ordinal >= PASSAGE_ROWID_SPAN) continue;
    let meta = episodeMeta;
    for (const sp of p.speakers) {
      let tok = speakerTokens.get(sp);
      if (tok === undefined) {
        tok = metaToken('speaker', sp);
        speakerTokens.set(sp, tok);
      }
      meta += ` ${tok}`;
    }
    for (const pair of p.pairs ?? []) meta += ` ${gluePairToken(pair)}`;
    const rowid = base + p.ordinal;
    meta += sampleLevelTokens(rowid);
    s.insertPassage.run(rowid, JSON.stringify(p.speakers), p.text, encodeSpans(p.spans, p.speakers));
    s.insertFts.run(rowid, p.text, meta);
  }
  s.setPassageCount.run(passageCount, seq);
  s.bumpGeneration.run();
}

/** Merges the FTS5 segments into one b-tree: fastest queries after a bulk ingest. */
export function optimizeSearchIndex(db: Database.Database, suffix = ''): void {
  const t = searchTableNames(suffix);
  db.prepare(`INSERT INTO ${t.fts} (${t.fts}) VALUES ('optimize')`).run();
}

export const sqliteSearchIndexer: EmbeddedSearchIndexer = {
  createSchema(db) {
    createSearchTables(db);
  },
  indexEpisode(db, data, show) {
    indexEpisodeInto(db, data, show);
  },
  removeEpisode(db, episodeId) {
    removeEpisodeFromIndex(db, episodeId);
  },
  rolledBack(db) {
    forgetRecordedTerms(db);
  },
  optimize(db) {
    optimizeSearchIndex(db);
  },
};
