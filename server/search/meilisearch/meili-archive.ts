// Meilisearch mode: the whole archive (store and search) on a Meilisearch server, so API
// servers keep no local state but the transcript files. Opening checks that the server
// answers (with a message naming MEILI_URL when it does not) and applies every index's
// settings before anything reads or writes.
import type { Meilisearch } from 'meilisearch';
import type { Config } from '../../config/env.ts';
import { BackendUnavailableError, ConflictError, ValidationError } from '../../errors.ts';
import type { EpisodeWithCues, Show } from '../../model/types.ts';
import type { ArchiveStore, EpisodeRedirect } from '../../store/archive-store.ts';
import { MeiliStore } from '../../store/meili-store.ts';
import type { SqliteStore } from '../../store/sqlite-store.ts';
import type { SearchBackend } from '../search-types.ts';
import {
  checkTask,
  createMeiliClient,
  meiliCall,
  meiliIndexNames,
  runTask,
  type MeiliConnection,
  type MeiliIndexNames,
} from './meili-client.ts';
import { PASSAGE_CUTS_VERSION } from '../passages.ts';
import { episodePassageDocuments, type PassageDocument } from './meili-documents.ts';
import { MeiliSearchBackend } from './meili-search-backend.ts';
import {
  applyArchiveSettings,
  ensureIndex,
  passageIndexSettings,
  type SettingsPutBack,
} from './meili-settings.ts';

/** Passages buffered before one batch of writes during a reindex. */
const REINDEX_FLUSH = 2_000;
/** Dumps and snapshots of a large archive take minutes. */
const BACKUP_TIMEOUT_MS = 30 * 60_000;

export type EpisodeToIndex = EpisodeWithCues & { show: Show };

export interface MeiliArchive {
  store: ArchiveStore;
  search: SearchBackend;
  names: MeiliIndexNames;
  client: Meilisearch;
  /**
   * Rebuilds the passages index without downtime: builds `<prefix>_passages_next` from
   * `load()`, swaps it with the live index in one atomic step, then deletes the old one.
   * Searches keep answering from the old index until the swap.
   */
  reindex(
    load: () => AsyncIterable<EpisodeToIndex>,
    signal?: AbortSignal,
  ): Promise<{ passages: number; episodes: number }>;
  /**
   * The passages index holds passages cut by an earlier version (PASSAGE_CUTS_VERSION, read
   * when the archive was opened): a reindex brings it up to date.
   */
  searchIndexOutdated(): boolean;
  /** Indexes whose settings were not Verbatim's when the archive opened (changed by hand): put back. */
  settingsPutBack: SettingsPutBack[];
  /**
   * Counts again the passages cut by an earlier version (another server may have rebuilt
   * the index since this one opened) and keeps what searchIndexOutdated says up to date.
   */
  countOutdatedPassages(): Promise<number>;
  /** Asks the server for a dump (a portable backup in its dump directory) and waits for it. */
  backup(): Promise<{ taskUid: number; dumpUid: string | null }>;
  /** Asks the server for a snapshot (a fast binary copy in its snapshot directory). */
  snapshot(): Promise<{ taskUid: number }>;
}

export interface OpenMeiliOptions {
  requestTimeoutMs?: number;
  taskTimeoutMs?: number;
}

export function meiliConnectionFromConfig(
  config: Pick<Config, 'meiliUrl' | 'meiliKey' | 'meiliIndexPrefix'>,
  options: OpenMeiliOptions = {},
): MeiliConnection {
  if (!config.meiliUrl) {
    throw new ValidationError(
      'MEILI_URL is not set: Meilisearch mode needs the server URL, e.g. http://127.0.0.1:7700',
    );
  }
  return {
    url: config.meiliUrl,
    apiKey: config.meiliKey,
    indexPrefix: config.meiliIndexPrefix,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.taskTimeoutMs !== undefined ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
  };
}

/**
 * Oldest server this code is written for: `swap-indexes` takes `rename` (1.18), and
 * search uses `distinct`, `attributesToSearchOn`, `showRankingScore` and
 * `proximityPrecision` (all older).
 */
export const MIN_MEILI_VERSION: readonly [number, number] = [1, 18];

/** Null when the server version is supported, else why not. */
export function unsupportedVersionReason(pkgVersion: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(pkgVersion);
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const [minMajor, minMinor] = MIN_MEILI_VERSION;
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return null;
  return `Meilisearch ${pkgVersion} is too old: Verbatim needs ${minMajor}.${minMinor} or newer`;
}

/** Deletes an index and waits; an index that does not exist is not an error. */
export async function deleteIndexAndWait(
  client: Meilisearch,
  connection: MeiliConnection,
  uid: string,
): Promise<void> {
  const task = await meiliCall(connection, `deleting index ${uid}`, () => client.deleteIndex(uid).waitTask());
  if (task.status === 'failed' && task.error?.code === 'index_not_found') return;
  checkTask(task, `deleting index ${uid}`);
}

/** Passages of the index cut by another version than this one (or before versions were kept). */
export async function countPassagesCutOtherwise(
  client: Meilisearch,
  connection: MeiliConnection,
  uid: string,
): Promise<number> {
  const page = await meiliCall(connection, `checking how the passages of ${uid} were cut`, () =>
    client
      .index(uid)
      .getDocuments({ limit: 1, fields: ['docId'], filter: `NOT cuts = ${PASSAGE_CUTS_VERSION}` }),
  );
  return page.total;
}

export async function openMeiliArchive(
  config: Pick<Config, 'meiliUrl' | 'meiliKey' | 'meiliIndexPrefix'>,
  options: OpenMeiliOptions = {},
): Promise<MeiliArchive> {
  const connection = meiliConnectionFromConfig(config, options);
  const client = createMeiliClient(connection);
  const names = meiliIndexNames(connection.indexPrefix);

  await meiliCall(connection, 'checking that the server answers', () => client.health());
  const version = await meiliCall(connection, 'reading the server version', () =>
    // A key without the `version` action may not read it; the check is then skipped.
    client.getVersion().catch(() => null),
  );
  const tooOld = version ? unsupportedVersionReason(version.pkgVersion) : null;
  if (tooOld) throw new BackendUnavailableError('meilisearch', `${tooOld} (MEILI_URL=${connection.url})`);
  const settingsPutBack = await applyArchiveSettings(client, connection, names);
  let outdated = (await countPassagesCutOtherwise(client, connection, names.passages)) > 0;

  const store = new MeiliStore({ client, connection, names });
  const search = new MeiliSearchBackend({ client, connection, passagesIndex: names.passages });
  let reindexing = false;

  const reindex = async (load: () => AsyncIterable<EpisodeToIndex>, signal?: AbortSignal) => {
    if (reindexing) throw new ConflictError('A reindex is already running');
    reindexing = true;
    try {
      await deleteIndexAndWait(client, connection, names.passagesNext);
      await ensureIndex(client, connection, names.passagesNext, passageIndexSettings());
      let buffer: PassageDocument[] = [];
      let passages = 0;
      let episodes = 0;
      const flush = async () => {
        await store.addDocuments(names.passagesNext, buffer, `indexing passages into ${names.passagesNext}`);
        passages += buffer.length;
        buffer = [];
      };
      for await (const item of load()) {
        // Stopped (the server closing): the live index stays as it was, nothing is left aside.
        if (signal?.aborted) {
          await deleteIndexAndWait(client, connection, names.passagesNext);
          signal.throwIfAborted();
        }
        buffer.push(...episodePassageDocuments({ episode: item.episode, cues: item.cues }, item.show));
        episodes++;
        if (buffer.length >= REINDEX_FLUSH) await flush();
      }
      await flush();
      // One atomic step: searches answer from the old index until here, from the new after.
      await runTask(connection, `swapping ${names.passages} with ${names.passagesNext}`, () =>
        client.swapIndexes([{ indexes: [names.passages, names.passagesNext], rename: false }]),
      );
      await deleteIndexAndWait(client, connection, names.passagesNext);
      outdated = false;
      return { passages, episodes };
    } finally {
      reindexing = false;
    }
  };

  const backup = async () => {
    const task = await meiliCall(connection, 'creating a dump', () =>
      client.createDump().waitTask({ timeout: BACKUP_TIMEOUT_MS }),
    );
    checkTask(task, 'creating a dump');
    return { taskUid: task.uid, dumpUid: task.details?.dumpUid ?? null };
  };

  const snapshot = async () => {
    const task = await meiliCall(connection, 'creating a snapshot', () =>
      client.createSnapshot().waitTask({ timeout: BACKUP_TIMEOUT_MS }),
    );
    checkTask(task, 'creating a snapshot');
    return { taskUid: task.uid };
  };

  return {
    store,
    search,
    names,
    client,
    reindex,
    searchIndexOutdated: () => outdated,
    settingsPutBack,
    countOutdatedPassages: async () => {
      const n = await countPassagesCutOtherwise(client, connection, names.passages);
      outdated = n > 0;
      return n;
    },
    backup,
    snapshot,
  };
}

/**
 * Copies an archive into Meilisearch: shows, episodes with their cues (which indexes
 * their passages), the clips and packs whose ids are given (the ArchiveStore interface
 * cannot list them; see listSqliteMigrationItems), and the old ids of moved episodes, so
 * links to them still lead to the episode. Safe to re-run.
 */
export async function migrateArchive(
  from: ArchiveStore,
  to: ArchiveStore,
  ids: MigrationItems,
  onProgress?: (message: string) => void,
): Promise<{ shows: number; episodes: number; clips: number; packs: number; redirects: number }> {
  const shows = await from.listShows();
  for (const show of shows) {
    const { episodeCount: _count, ...plain } = show;
    await to.upsertShow(plain);
  }
  let episodes = 0;
  for (let offset = 0; ; offset += 100) {
    const page = await from.listEpisodes({ limit: 100, offset });
    for (const episode of page.items) {
      await to.replaceEpisode({ episode, cues: await from.getCues(episode.id) });
      episodes++;
    }
    onProgress?.(`${episodes}/${page.total} episodes`);
    if (page.items.length < 100) break;
  }
  let clips = 0;
  for (const id of ids.clipIds) {
    const clip = await from.getClip(id);
    if (clip) {
      await to.saveClip(clip);
      clips++;
    }
  }
  let packs = 0;
  for (const id of ids.packIds) {
    const pack = await from.getPack(id);
    if (pack) {
      await to.savePack(pack);
      packs++;
    }
  }
  await to.saveRedirects(ids.redirects);
  onProgress?.(
    `${shows.length} shows, ${episodes} episodes, ${clips} clips, ${packs} packs, ${ids.redirects.length} old links copied`,
  );
  return { shows: shows.length, episodes, clips, packs, redirects: ids.redirects.length };
}

/** What migrateArchive copies besides shows and episodes. */
export interface MigrationItems {
  clipIds: readonly string[];
  packIds: readonly string[];
  redirects: readonly EpisodeRedirect[];
}

/** Clip and pack ids and moved episodes' old ids of an embedded archive, for migrateArchive. */
export function listSqliteMigrationItems(store: SqliteStore): MigrationItems {
  const ids = (table: 'clips' | 'packs') =>
    store.db
      .prepare<[], { id: string }>(`SELECT id FROM ${table} ORDER BY id`)
      .all()
      .map((r) => r.id);
  return { clipIds: ids('clips'), packIds: ids('packs'), redirects: store.listRedirects() };
}
