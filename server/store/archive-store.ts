// The archive store: shows, episodes, cues, clips and packs behind one interface.
// Embedded mode implements it on one SQLite file (which also holds the FTS5 index);
// Meilisearch mode implements it on Meilisearch indexes so API servers hold no state.
import type { Clip, Cue, Episode, EpisodeWithCues, Pack, Show } from '../model/types.ts';

export interface ShowSummary extends Show {
  episodeCount: number;
}

export interface EpisodePage {
  total: number;
  items: Episode[];
}

/** What ingest needs to know to skip unchanged files: one row per stored episode. */
export interface IngestRecord {
  episodeId: string;
  source: string;
  revision: string;
  /** SHA-256 of the transcript's bytes, whatever its path: tells a moved file from a new one. */
  transcriptSha256?: string | null;
  /** The files' sizes and times when last read (see ingest's fileStatKey); null: read again. */
  fileStat?: string | null;
}

/** An episode as ingest writes it: with what tells its file apart when it moves. */
export interface IngestedEpisode extends EpisodeWithCues {
  transcriptSha256?: string | null;
  fileStat?: string | null;
}

/** An old id of an episode whose file was renamed or moved, and the id its links lead to. */
export interface EpisodeRedirect {
  fromId: string;
  toId: string;
}

/** What ingest learnt of an unchanged file: its transcript's hash and its stat key. */
export interface IngestKeys {
  episodeId: string;
  transcriptSha256: string | null;
  fileStat: string | null;
}

export interface ArchiveCounts {
  shows: number;
  episodes: number;
  cues: number;
  clips: number;
  packs: number;
}

/** A clip as stored: the public clip plus a hash of its owner's edit token. */
export interface StoredClip {
  clip: Clip;
  editTokenHash: string;
}

export interface StoredPack {
  pack: Pack;
  editTokenHash: string;
}

export interface ArchiveStore {
  readonly kind: 'sqlite' | 'meilisearch';
  /**
   * The file ingest runs of several processes take turns on (see ingest-lock.ts), or null
   * where no other process writes the same archive file.
   */
  readonly ingestLockFile: string | null;

  upsertShow(show: Show): Promise<void>;
  getShow(id: string): Promise<Show | null>;
  /** A show with its episode count (a count, not a page: no episode is read). */
  getShowSummary(id: string): Promise<ShowSummary | null>;
  listShows(): Promise<ShowSummary[]>;
  /** Removes a show that has no episodes left. */
  removeShow(id: string): Promise<void>;

  /**
   * Stores an episode and its cues, replacing any previous version, and updates the
   * search index, all or nothing: a crash mid-way leaves the previous version intact.
   */
  replaceEpisode(data: EpisodeWithCues): Promise<void>;
  /** Removes an episode, its cues and its search documents. Returns false when absent. */
  removeEpisode(id: string): Promise<boolean>;
  getEpisode(id: string): Promise<Episode | null>;
  getCues(episodeId: string): Promise<Cue[]>;
  listEpisodes(query: { showId?: string; limit: number; offset: number }): Promise<EpisodePage>;
  listIngestRecords(): Promise<IngestRecord[]>;
  /** Records what ingest knows of unchanged files (their transcript's hash, their stat key). */
  setIngestKeys(entries: readonly IngestKeys[]): Promise<void>;
  /**
   * Ingest found the file of `fromId` gone and the same transcript stored as `toId`: the
   * episode moved. `fromId` goes; its clips move to `toId`, and its old id, and any id that
   * led to it, redirect there. False when `fromId` is not stored.
   */
  redirectEpisode(fromId: string, toId: string): Promise<boolean>;
  /**
   * The id an episode moved to when its file was renamed or moved (its old links lead
   * there), or null. Never the id of an episode that is in the archive.
   */
  episodeRedirect(id: string): Promise<string | null>;
  /** Records old ids of moved episodes as they are (copying an archive: see migrateArchive). */
  saveRedirects(redirects: readonly EpisodeRedirect[]): Promise<void>;
  counts(): Promise<ArchiveCounts>;

  saveClip(stored: StoredClip): Promise<void>;
  getClip(id: string): Promise<StoredClip | null>;
  deleteClip(id: string): Promise<boolean>;
  savePack(stored: StoredPack): Promise<void>;
  getPack(id: string): Promise<StoredPack | null>;
  deletePack(id: string): Promise<boolean>;

  close(): Promise<void>;
}
