// The embedded archive store: shows, episodes, cues, clips and packs in one SQLite file
// (better-sqlite3, WAL), with the search index written in the same transactions so an
// episode and its search documents always change together.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  ArchiveCounts,
  ArchiveStore,
  EpisodePage,
  EpisodeRedirect,
  IngestKeys,
  IngestRecord,
  IngestedEpisode,
  ShowSummary,
  StoredClip,
  StoredPack,
} from './archive-store.ts';
import type {
  Chapter,
  Cue,
  Episode,
  EpisodeAtCut,
  EpisodeWithCues,
  PackItem,
  Show,
  TranscriptFormat,
  WordTiming,
} from '../model/types.ts';
import type { EmbeddedSearchIndexer } from '../search/embedded-indexer.ts';
import { NotFoundError } from '../errors.ts';
import { foldText } from '../search/text-fold.ts';
import { migrateSqliteSchema } from './sqlite-schema.ts';

export interface SqliteStoreOptions {
  /** Path of the SQLite file; its folder is created when missing. `:memory:` works too. */
  file: string;
  indexer: EmbeddedSearchIndexer;
  /** Page cache size in MiB (default 64). */
  cacheMiB?: number;
}

interface FileKeys {
  revision: string;
  transcript_sha256: string | null;
}

/** Both hashes known and equal: the very same transcript words. */
function sameTranscript(a: FileKeys, b: FileKeys): boolean {
  return a.transcript_sha256 !== null && a.transcript_sha256 === b.transcript_sha256;
}

/** A shows row has exactly the Show's fields. */
type ShowRow = Show;

interface EpisodeRow {
  id: string;
  show_id: string;
  title: string;
  date: string | null;
  language: string | null;
  speakers: string;
  media: string | null;
  media_type: string | null;
  url: string | null;
  license: string | null;
  tags: string;
  chapters: string;
  duration: number;
  source: string;
  format: string;
  revision: string;
  cue_count: number;
}

interface CueRow {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
  words: string | null;
}

interface ClipRow {
  id: string;
  episode_id: string;
  start: number;
  end: number;
  title: string | null;
  note: string | null;
  quote: string;
  revision: string;
  created_at: string;
  edit_token_hash: string;
  episode_at_cut: string | null;
}

interface PackRow {
  id: string;
  title: string;
  intro: string | null;
  items: string;
  created_at: string;
  edit_token_hash: string;
}

/** Word timings stored compactly as `[[text, start, end], …]`. */
type CompactWords = [string, number, number][];

function encodeWords(words: WordTiming[] | undefined): string | null {
  if (!words || words.length === 0) return null;
  const compact: CompactWords = words.map((w) => [w.text, w.start, w.end]);
  return JSON.stringify(compact);
}

function decodeWords(json: string): WordTiming[] {
  return (JSON.parse(json) as CompactWords).map(([text, start, end]) => ({ text, start, end }));
}

function rowToShow(row: ShowRow): Show {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    language: row.language,
    url: row.url,
    image: row.image,
    license: row.license,
  };
}

function rowToEpisode(row: EpisodeRow): Episode {
  return {
    id: row.id,
    showId: row.show_id,
    title: row.title,
    date: row.date,
    language: row.language,
    speakers: JSON.parse(row.speakers) as string[],
    media: row.media,
    mediaType: row.media_type,
    url: row.url,
    license: row.license,
    tags: JSON.parse(row.tags) as string[],
    chapters: JSON.parse(row.chapters) as Chapter[],
    duration: row.duration,
    source: row.source,
    format: row.format as TranscriptFormat,
    revision: row.revision,
    cueCount: row.cue_count,
  };
}

function rowToCue(row: CueRow): Cue {
  const cue: Cue = { start: row.start, end: row.end, speaker: row.speaker, text: row.text };
  if (row.words !== null) cue.words = decodeWords(row.words);
  return cue;
}

function rowToClip(row: ClipRow): StoredClip {
  return {
    clip: {
      id: row.id,
      episodeId: row.episode_id,
      start: row.start,
      end: row.end,
      title: row.title,
      note: row.note,
      quote: row.quote,
      revision: row.revision,
      createdAt: row.created_at,
      episodeAtCut: row.episode_at_cut === null ? null : (JSON.parse(row.episode_at_cut) as EpisodeAtCut),
    },
    editTokenHash: row.edit_token_hash,
  };
}

function rowToPack(row: PackRow): StoredPack {
  return {
    pack: {
      id: row.id,
      title: row.title,
      intro: row.intro,
      items: JSON.parse(row.items) as PackItem[],
      createdAt: row.created_at,
    },
    editTokenHash: row.edit_token_hash,
  };
}

// Episodes newest first, then by folded title as the Meilisearch store sorts (titleSort):
// COLLATE NOCASE put "Écoute" after "Zoé". Both read an index in this order (schema v4).
const EPISODE_ORDER = 'ORDER BY date DESC NULLS LAST, title_sort, id';
/** One page of every episode: `(limit, offset)`. */
export const EPISODE_PAGE_SQL = `SELECT * FROM episodes ${EPISODE_ORDER} LIMIT ? OFFSET ?`;
/** One page of a show's episodes: `(showId, limit, offset)`. */
export const SHOW_EPISODE_PAGE_SQL = `SELECT * FROM episodes WHERE show_id = ? ${EPISODE_ORDER} LIMIT ? OFFSET ?`;

export class SqliteStore implements ArchiveStore {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly file: string;
  readonly ingestLockFile: string | null;
  readonly schemaVersion: number;
  private readonly indexer: EmbeddedSearchIndexer;
  private closed = false;

  private readonly stmt: ReturnType<SqliteStore['prepareStatements']>;

  constructor(options: SqliteStoreOptions) {
    this.file = options.file;
    this.ingestLockFile = options.file === ':memory:' ? null : `${path.resolve(options.file)}.ingest-lock`;
    this.indexer = options.indexer;
    if (options.file !== ':memory:')
      fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    this.db = new Database(options.file);
    try {
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a killed process never corrupts the file or loses a committed
      // transaction; only a power cut may lose the last few commits.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
      this.db.pragma('temp_store = MEMORY');
      this.schemaVersion = migrateSqliteSchema(this.db, options.file);
      this.indexer.createSchema(this.db);
      this.stmt = this.prepareStatements();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private prepareStatements() {
    const db = this.db;
    return {
      upsertShow: db.prepare<
        [string, string, string | null, string | null, string | null, string | null, string | null]
      >(
        `INSERT INTO shows (id, title, description, language, url, image, license) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
           language = excluded.language, url = excluded.url, image = excluded.image, license = excluded.license`,
      ),
      getShow: db.prepare<[string], ShowRow>('SELECT * FROM shows WHERE id = ?'),
      getShowSummary: db.prepare<[string], ShowRow & { episode_count: number }>(
        `SELECT s.*, (SELECT count(*) FROM episodes e WHERE e.show_id = s.id) AS episode_count
         FROM shows s WHERE s.id = ?`,
      ),
      listShows: db.prepare<[], ShowRow & { episode_count: number }>(
        `SELECT s.*, (SELECT count(*) FROM episodes e WHERE e.show_id = s.id) AS episode_count
         FROM shows s ORDER BY s.title COLLATE NOCASE, s.id`,
      ),
      showEpisodeCount: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM episodes WHERE show_id = ?',
      ),
      deleteShow: db.prepare<[string]>('DELETE FROM shows WHERE id = ?'),
      episodeIdBySource: db.prepare<[string], { id: string }>('SELECT id FROM episodes WHERE source = ?'),
      deleteCues: db.prepare<[string]>('DELETE FROM cues WHERE episode_id = ?'),
      deleteEpisode: db.prepare<[string]>('DELETE FROM episodes WHERE id = ?'),
      insertEpisode: db.prepare(
        `INSERT INTO episodes (id, show_id, title, date, language, speakers, media, media_type, url, license,
           tags, chapters, duration, source, format, revision, cue_count, transcript_sha256, file_stat, title_sort)
         VALUES (@id, @show_id, @title, @date, @language, @speakers, @media, @media_type, @url, @license,
           @tags, @chapters, @duration, @source, @format, @revision, @cue_count, @transcript_sha256, @file_stat,
           @title_sort)`,
      ),
      episodeFileKeys: db.prepare<[string], FileKeys>(
        'SELECT revision, transcript_sha256 FROM episodes WHERE id = ?',
      ),
      setIngestKeys: db.prepare<[string | null, string | null, string]>(
        'UPDATE episodes SET transcript_sha256 = ?, file_stat = ? WHERE id = ?',
      ),
      // A clip cut from these very words is not flagged "transcript edited" by a new revision.
      carryClipRevision: db.prepare<[string, string, string]>(
        'UPDATE clips SET revision = ? WHERE episode_id = ? AND revision = ?',
      ),
      moveClips: db.prepare<[string, string]>('UPDATE clips SET episode_id = ? WHERE episode_id = ?'),
      getRedirect: db.prepare<[string], { to_id: string }>(
        'SELECT to_id FROM episode_redirects WHERE from_id = ?',
      ),
      retargetRedirects: db.prepare<[string, string]>(
        'UPDATE episode_redirects SET to_id = ? WHERE to_id = ?',
      ),
      addRedirect: db.prepare<[string, string]>(
        'INSERT OR REPLACE INTO episode_redirects (from_id, to_id) VALUES (?, ?)',
      ),
      dropRedirectFrom: db.prepare<[string]>('DELETE FROM episode_redirects WHERE from_id = ?'),
      dropRedirectsTo: db.prepare<[string]>('DELETE FROM episode_redirects WHERE to_id = ?'),
      insertCue: db.prepare<[string, number, number, number, string | null, string, string | null]>(
        'INSERT INTO cues (episode_id, ord, start, end, speaker, text, words) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getEpisode: db.prepare<[string], EpisodeRow>('SELECT * FROM episodes WHERE id = ?'),
      getCues: db.prepare<[string], CueRow>(
        'SELECT start, end, speaker, text, words FROM cues WHERE episode_id = ? ORDER BY ord',
      ),
      listEpisodes: db.prepare<[number, number], EpisodeRow>(EPISODE_PAGE_SQL),
      listShowEpisodes: db.prepare<[string, number, number], EpisodeRow>(SHOW_EPISODE_PAGE_SQL),
      countEpisodes: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM episodes'),
      ingestRecords: db.prepare<[], IngestRecord>(
        `SELECT id AS episodeId, source, revision, transcript_sha256 AS transcriptSha256, file_stat AS fileStat
         FROM episodes ORDER BY source`,
      ),
      counts: db.prepare<[], ArchiveCounts>(
        `SELECT (SELECT count(*) FROM shows) AS shows, (SELECT count(*) FROM episodes) AS episodes,
           (SELECT coalesce(sum(cue_count), 0) FROM episodes) AS cues, (SELECT count(*) FROM clips) AS clips,
           (SELECT count(*) FROM packs) AS packs`,
      ),
      saveClip: db.prepare(
        `INSERT OR REPLACE INTO clips (id, episode_id, start, end, title, note, quote, revision, created_at,
           edit_token_hash, episode_at_cut)
         VALUES (@id, @episode_id, @start, @end, @title, @note, @quote, @revision, @created_at,
           @edit_token_hash, @episode_at_cut)`,
      ),
      getClip: db.prepare<[string], ClipRow>('SELECT * FROM clips WHERE id = ?'),
      deleteClip: db.prepare<[string]>('DELETE FROM clips WHERE id = ?'),
      savePack: db.prepare(
        `INSERT OR REPLACE INTO packs (id, title, intro, items, created_at, edit_token_hash)
         VALUES (@id, @title, @intro, @items, @created_at, @edit_token_hash)`,
      ),
      getPack: db.prepare<[string], PackRow>('SELECT * FROM packs WHERE id = ?'),
      deletePack: db.prepare<[string]>('DELETE FROM packs WHERE id = ?'),
    };
  }

  // ---- shows ----

  upsertShow(show: Show): Promise<void> {
    this.upsertShowSync(show);
    return Promise.resolve();
  }

  upsertShowSync(show: Show): void {
    this.stmt.upsertShow.run(
      show.id,
      show.title,
      show.description,
      show.language,
      show.url,
      show.image,
      show.license,
    );
  }

  getShow(id: string): Promise<Show | null> {
    return Promise.resolve(this.getShowSync(id));
  }

  getShowSync(id: string): Show | null {
    const row = this.stmt.getShow.get(id);
    return row ? rowToShow(row) : null;
  }

  getShowSummary(id: string): Promise<ShowSummary | null> {
    const row = this.stmt.getShowSummary.get(id);
    return Promise.resolve(row ? { ...rowToShow(row), episodeCount: row.episode_count } : null);
  }

  listShows(): Promise<ShowSummary[]> {
    // By folded title, as the Meilisearch store sorts: NOCASE put "Écoute" after "Zèbre".
    const byTitle = (a: ShowSummary, b: ShowSummary) =>
      foldText(a.title).localeCompare(foldText(b.title)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return Promise.resolve(
      this.stmt.listShows
        .all()
        .map((row) => ({ ...rowToShow(row), episodeCount: row.episode_count }))
        .sort(byTitle),
    );
  }

  removeShow(id: string): Promise<void> {
    const { n } = this.stmt.showEpisodeCount.get(id)!;
    if (n > 0) {
      return Promise.reject(new Error(`Show ${id} still has ${n} episode(s); remove them first`));
    }
    this.stmt.deleteShow.run(id);
    return Promise.resolve();
  }

  // ---- episodes ----

  /** Deletes an episode's rows and search documents. Must run inside a transaction. */
  private deleteEpisodeRows(id: string): boolean {
    this.indexer.removeEpisode(this.db, id);
    this.stmt.deleteCues.run(id);
    return this.stmt.deleteEpisode.run(id).changes > 0;
  }

  /** Writes one episode, replacing any previous version. Must run inside a transaction. */
  private writeEpisode(data: IngestedEpisode): void {
    const { episode, cues } = data;
    const show = this.getShowSync(episode.showId);
    if (!show) throw new NotFoundError('Show', episode.showId);
    const replaced = this.stmt.episodeFileKeys.get(episode.id);
    this.deleteEpisodeRows(episode.id);
    // An id in the archive is a page of its own, no longer a moved episode's old address.
    this.stmt.dropRedirectFrom.run(episode.id);
    // The source is the episode's identity on disk: a file whose id changed (e.g. a new
    // name collision) must not leave its old row behind, and its clips and links follow it.
    const previousId = this.stmt.episodeIdBySource.get(episode.source)?.id;
    const previous = previousId === undefined ? undefined : this.stmt.episodeFileKeys.get(previousId);
    if (previousId !== undefined) this.deleteEpisodeRows(previousId);
    this.stmt.insertEpisode.run({
      id: episode.id,
      show_id: episode.showId,
      title: episode.title,
      date: episode.date,
      language: episode.language,
      speakers: JSON.stringify(episode.speakers),
      media: episode.media,
      media_type: episode.mediaType,
      url: episode.url,
      license: episode.license,
      tags: JSON.stringify(episode.tags),
      chapters: JSON.stringify(episode.chapters),
      duration: episode.duration,
      source: episode.source,
      format: episode.format,
      revision: episode.revision,
      cue_count: cues.length,
      transcript_sha256: data.transcriptSha256 ?? null,
      file_stat: data.fileStat ?? null,
      title_sort: foldText(episode.title),
    });
    const insertCue = this.stmt.insertCue;
    for (let i = 0; i < cues.length; i++) {
      const cue = cues[i]!;
      insertCue.run(episode.id, i, cue.start, cue.end, cue.speaker, cue.text, encodeWords(cue.words));
    }
    const stored =
      episode.cueCount === cues.length
        ? { episode, cues }
        : { episode: { ...episode, cueCount: cues.length }, cues };
    this.indexer.indexEpisode(this.db, stored, show);
    const written = { revision: episode.revision, transcript_sha256: data.transcriptSha256 ?? null };
    if (replaced && sameTranscript(replaced, written)) {
      this.stmt.carryClipRevision.run(episode.revision, episode.id, replaced.revision);
    }
    if (previousId !== undefined && previousId !== episode.id) {
      this.followMove(previousId, previous, episode.id, written);
    }
  }

  /**
   * The episode `fromId` (whose rows are gone) is now `toId`: its file was renamed or moved.
   * Its clips move to `toId`, and its old id, and any id that led to it, redirect there.
   * Must run inside a transaction.
   */
  private followMove(fromId: string, from: FileKeys | undefined, toId: string, to: FileKeys): void {
    if (from && sameTranscript(from, to)) this.stmt.carryClipRevision.run(to.revision, fromId, from.revision);
    this.stmt.moveClips.run(toId, fromId);
    this.stmt.retargetRedirects.run(toId, fromId);
    this.stmt.addRedirect.run(fromId, toId);
    this.stmt.dropRedirectFrom.run(toId);
  }

  /** See ArchiveStore.redirectEpisode (and followMove). One transaction. */
  redirectEpisode(fromId: string, toId: string): Promise<boolean> {
    return this.inPromise(() => this.redirectEpisodeSync(fromId, toId));
  }

  private redirectEpisodeSync(fromId: string, toId: string): boolean {
    return this.db.transaction(() => {
      const from = this.stmt.episodeFileKeys.get(fromId);
      const to = this.stmt.episodeFileKeys.get(toId);
      if (!from) return false;
      if (!to) throw new NotFoundError('Episode', toId);
      this.deleteEpisodeRows(fromId);
      this.followMove(fromId, from, toId, to);
      return true;
    })();
  }

  episodeRedirect(id: string): Promise<string | null> {
    return Promise.resolve(this.stmt.getRedirect.get(id)?.to_id ?? null);
  }

  saveRedirects(redirects: readonly EpisodeRedirect[]): Promise<void> {
    return this.inPromise(() => {
      this.db.transaction(() => {
        for (const r of redirects) this.stmt.addRedirect.run(r.fromId, r.toId);
      })();
    });
  }

  /** Every old id of a moved episode with where it leads (for migrateArchive). */
  listRedirects(): EpisodeRedirect[] {
    return this.db
      .prepare<[], EpisodeRedirect>(
        'SELECT from_id AS fromId, to_id AS toId FROM episode_redirects ORDER BY from_id',
      )
      .all();
  }

  setIngestKeys(entries: readonly IngestKeys[]): Promise<void> {
    return this.inPromise(() => {
      if (entries.length === 0) return;
      this.db.transaction(() => {
        for (const e of entries) this.stmt.setIngestKeys.run(e.transcriptSha256, e.fileStat, e.episodeId);
      })();
    });
  }

  /** Runs synchronous work as the interface's promise: a throw becomes a rejection. */
  private inPromise<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private readonly replaceOne = (data: IngestedEpisode): void => {
    this.writeInTransaction([data]);
  };

  /** Writes episodes in one transaction; on failure the indexer forgets its cached writes. */
  private writeInTransaction(batch: readonly IngestedEpisode[]): void {
    try {
      this.db.transaction(() => {
        for (const data of batch) this.writeEpisode(data);
      })();
    } catch (error) {
      this.indexer.rolledBack?.(this.db);
      throw error;
    }
  }

  replaceEpisode(data: IngestedEpisode): Promise<void> {
    try {
      this.replaceOne(data);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Bulk path for ingest: writes a batch of episodes in ONE transaction (all or none), so a
   * crash leaves either the whole batch or none of it.
   */
  replaceEpisodesSync(batch: readonly IngestedEpisode[]): void {
    this.writeInTransaction(batch);
  }

  replaceEpisodes(batch: readonly EpisodeWithCues[]): Promise<void> {
    try {
      this.replaceEpisodesSync(batch);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  removeEpisode(id: string): Promise<boolean> {
    return Promise.resolve(
      this.db.transaction(() => {
        // Its old ids lead nowhere now: they answer 404 as the id itself does.
        this.stmt.dropRedirectsTo.run(id);
        return this.deleteEpisodeRows(id);
      })(),
    );
  }

  getEpisode(id: string): Promise<Episode | null> {
    const row = this.stmt.getEpisode.get(id);
    return Promise.resolve(row ? rowToEpisode(row) : null);
  }

  getCues(episodeId: string): Promise<Cue[]> {
    return Promise.resolve(this.stmt.getCues.all(episodeId).map(rowToCue));
  }

  listEpisodes(query: { showId?: string; limit: number; offset: number }): Promise<EpisodePage> {
    const { showId, limit, offset } = query;
    if (showId !== undefined) {
      const total = this.stmt.showEpisodeCount.get(showId)!.n;
      const items = this.stmt.listShowEpisodes.all(showId, limit, offset).map(rowToEpisode);
      return Promise.resolve({ total, items });
    }
    const total = this.stmt.countEpisodes.get()!.n;
    const items = this.stmt.listEpisodes.all(limit, offset).map(rowToEpisode);
    return Promise.resolve({ total, items });
  }

  listIngestRecords(): Promise<IngestRecord[]> {
    return Promise.resolve(this.stmt.ingestRecords.all());
  }

  counts(): Promise<ArchiveCounts> {
    return Promise.resolve(this.stmt.counts.get()!);
  }

  // ---- clips and packs ----

  saveClip(stored: StoredClip): Promise<void> {
    const { clip, editTokenHash } = stored;
    this.stmt.saveClip.run({
      id: clip.id,
      episode_id: clip.episodeId,
      start: clip.start,
      end: clip.end,
      title: clip.title,
      note: clip.note,
      quote: clip.quote,
      revision: clip.revision,
      created_at: clip.createdAt,
      edit_token_hash: editTokenHash,
      episode_at_cut: clip.episodeAtCut === null ? null : JSON.stringify(clip.episodeAtCut),
    });
    return Promise.resolve();
  }

  getClip(id: string): Promise<StoredClip | null> {
    const row = this.stmt.getClip.get(id);
    return Promise.resolve(row ? rowToClip(row) : null);
  }

  deleteClip(id: string): Promise<boolean> {
    return Promise.resolve(this.stmt.deleteClip.run(id).changes > 0);
  }

  savePack(stored: StoredPack): Promise<void> {
    const { pack, editTokenHash } = stored;
    this.stmt.savePack.run({
      id: pack.id,
      title: pack.title,
      intro: pack.intro,
      items: JSON.stringify(pack.items),
      created_at: pack.createdAt,
      edit_token_hash: editTokenHash,
    });
    return Promise.resolve();
  }

  getPack(id: string): Promise<StoredPack | null> {
    const row = this.stmt.getPack.get(id);
    return Promise.resolve(row ? rowToPack(row) : null);
  }

  deletePack(id: string): Promise<boolean> {
    return Promise.resolve(this.stmt.deletePack.run(id).changes > 0);
  }

  // ---- maintenance ----

  /**
   * Runs a bulk write with fewer WAL checkpoints (each one syncs to disk): pages rewritten
   * by several batches reach the main file once. Every batch stays its own transaction.
   */
  async withBulkWrites<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 16384');
    try {
      return await work();
    } finally {
      this.db.pragma(`wal_autocheckpoint = ${previous}`);
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A busy reader only delays the checkpoint to a later commit.
      }
    }
  }

  /** Asks the search index to merge its segments (after a bulk ingest). */
  optimizeIndex(): void {
    this.indexer.optimize?.(this.db);
  }

  /** `PRAGMA integrity_check` plus a foreign-key check; `['ok']` when the file is sound. */
  checkIntegrity(): string[] {
    const problems = (this.db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    const foreign = this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const f of foreign) problems.push(`foreign key: ${f.table} row ${f.rowid} → missing ${f.parent}`);
    const ok = problems.length === 1 && problems[0] === 'ok';
    return ok ? ['ok'] : problems.filter((p) => p !== 'ok');
  }

  close(): Promise<void> {
    this.closeSync();
    return Promise.resolve();
  }

  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    // Folds the WAL back into the main file so a copied archive.sqlite is complete.
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint is an optimisation; a busy reader must not prevent closing.
    }
    this.db.close();
  }
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

export function isSqliteStore(store: ArchiveStore): store is SqliteStore {
  return store instanceof SqliteStore;
}
