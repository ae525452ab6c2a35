// Ingest: brings the archive store in line with the transcripts/ folder. Unchanged files
// (same content hash) are skipped without parsing; changed ones replace their episode;
// removed ones remove it. One bad file is reported (file:line + reason) and never stops
// the others, and never costs an episode that was already stored.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ArchiveStore, IngestKeys, IngestRecord, IngestedEpisode } from '../store/archive-store.ts';
import type { Chapter, Cue, Episode, EpisodeWithCues, Show } from '../model/types.ts';
import { TranscriptParseError, ValidationError, VerbatimError } from '../errors.ts';
import { isSqliteStore } from '../store/sqlite-store.ts';
import { parseChaptersJson } from './parsers/parse-chapters-json.ts';
import {
  EpisodeMetadataSchema,
  ShowMetadataSchema,
  parseJsonSidecar,
  parseJsonSidecarKeepingGoodFields,
  type EpisodeMetadata,
  type ShowMetadata,
} from './sidecar-metadata.ts';
import {
  MEDIA_TYPES,
  isInside,
  scanTranscripts,
  toRootRelative,
  type ScannedEpisode,
  type ScannedShow,
} from './scan-transcripts.ts';
import {
  WORKER_QUEUE_LENGTH,
  createTranscriptParserPool,
  type TranscriptParserPool,
} from './transcript-parser-pool.ts';
import type { ParseOutcome } from './parse-transcript-file.ts';
import { takeIngestLock, type IngestLockHolder } from './ingest-lock.ts';

export interface IngestFailure {
  /** Path relative to the transcripts root, forward slashes. */
  file: string;
  line?: number;
  reason: string;
}

export interface IngestWarning {
  file: string;
  line?: number;
  message: string;
}

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  /**
   * Files renamed or moved (the same transcript gone from one path, new at another): the
   * episode takes its new id, and its clips and old links follow it.
   */
  moved: number;
  removed: number;
  failed: IngestFailure[];
  /** Cues written by this run (added and updated episodes). */
  cues: number;
  ms: number;
  /** Things stored anyway but worth a look (parser repairs, missing media). */
  warnings: IngestWarning[];
  /**
   * Paths (relative to the root; folders end in `/`) left alone because they are not part
   * of the layout: files at the root, nested folders, README/LICENSE files, unknown types.
   */
  ignored: string[];
}

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

export interface IngestFolderOptions {
  transcriptsDir: string;
  store: ArchiveStore;
  /** Throw an IngestFailedError after the run (everything good still stored) if any file failed. */
  strict?: boolean;
  onProgress?: (progress: IngestProgress) => void;
  /** Told once when this run waits for another process's ingest of the same archive to end. */
  onWaitForOtherIngest?: (holder: IngestLockHolder) => void;
  /** What others who find the archive busy are told is writing it (`npm run import of …`). */
  lockedAs?: string;
  /**
   * Parser worker threads (default 0: parse inline). Measured: parsing is under a tenth of
   * the cost of storing and indexing, so a worker hardly pays for its start-up.
   */
  parseThreads?: number;
  /**
   * Episodes are written in transactions of about this many cues (default 100,000). FTS5
   * writes one new segment per transaction, and merging segments is most of the index
   * cost: at a million cues, 5,000-cue transactions made the whole ingest 1.3× slower
   * than 25,000, and 100,000 was ~10 % faster again (peak RSS ~330 MiB). A crash loses
   * at most the transaction under way; a rerun writes it again.
   */
  batchCues?: number;
  /** Merge the search index's segments after a large write (default true). */
  optimize?: boolean;
  /**
   * Ingest a folder that holds none of the archive's show folders, removing every stored
   * episode (default false: refused with an UnrelatedFolderError).
   */
  replaceArchive?: boolean;
}

/**
 * The folder holds none of the show folders the archive was built from: another folder
 * given by mistake, or a disk that is not mounted. Ingesting it would remove every episode.
 */
export class UnrelatedFolderError extends VerbatimError {
  constructor(root: string, episodes: number, showFolders: string[]) {
    const named = showFolders.slice(0, 3).join(', ') + (showFolders.length > 3 ? ', …' : '');
    super(
      'conflict',
      409,
      `${root} holds none of the archive's show folders (${named}): ingesting it would remove all ${episodes} episode(s). ` +
        "Nothing was changed. If this is the archive's new folder, run once: npm run ingest -- <folder> --replace",
      { root, episodes, showFolders },
    );
  }
}

/** Thrown by a strict ingest that had failures; `summary` has everything. */
export class IngestFailedError extends VerbatimError {
  constructor(readonly summary: IngestSummary) {
    super('bad_request', 422, `Ingest finished with ${summary.failed.length} failed file(s)`, {
      failed: summary.failed,
    });
  }
}

/** Parses queued ahead of the writer: the worker keeps parsing while SQLite writes a batch. */
const MAX_PARSES_IN_FLIGHT = WORKER_QUEUE_LENGTH;
/** FTS segment merging pays off only after a sizeable bulk write. */
const OPTIMIZE_AFTER_CUES = 20_000;

const LOCAL_MEDIA_EXTENSION = /\.(mp3|m4a|ogg|opus|wav|mp4|webm)$/i;

/** Title from a file name: underscores and slug dashes become spaces, first letter upper-case. */
export function titleFromFileName(baseName: string): string {
  let title = baseName
    // Some file systems store `"`, `:`, `?` … as private-use code points U+F000 + ASCII.
    .replace(/[\uF001-\uF07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xf000))
    .replace(/[\p{Co}\p{Cf}]/gu, '')
    .replace(LOCAL_MEDIA_EXTENSION, '')
    .replace(/_+/g, ' ');
  if (!/\s/.test(title)) title = title.replace(/-+/g, ' ');
  title = title.replace(/\s+/g, ' ').trim().normalize('NFC');
  if (title === '') return baseName;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function mediaTypeFromName(name: string): string | null {
  const match = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(name);
  return match ? (MEDIA_TYPES[match[1]!.toLowerCase()] ?? null) : null;
}

async function readOptional(file: string | null): Promise<Buffer | null> {
  return file === null ? null : fs.promises.readFile(file);
}

function hashRevision(parts: (Buffer | string | null)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    // Length-prefixed, so moving bytes from one part to the next changes the hash.
    const bytes = part === null ? null : typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(bytes === null ? '-1:' : `${bytes.length}:`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * Files changed this recently are always read: a write landing in the same tick of the
 * file system's clock as our look at it would leave its size and times as we saw them.
 */
const SETTLE_NS = 2_000_000_000n;

/**
 * What tells that a file may have changed without reading it: device, inode, size,
 * modification and change times (ns). The change time (ctime) moves on every write and on
 * every time reset, so an edit that keeps the size and puts the modification time back is
 * still seen. `settled` is false when a time is too recent to trust (see SETTLE_NS).
 */
async function fileStatKey(
  files: readonly (string | null)[],
  settledBefore: bigint,
): Promise<{ key: string; settled: boolean }> {
  let settled = true;
  const parts = await Promise.all(
    files.map(async (file) => {
      if (file === null) return '-';
      const st = await fs.promises.stat(file, { bigint: true });
      if (st.mtimeNs >= settledBefore || st.ctimeNs >= settledBefore) settled = false;
      return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    }),
  );
  return { key: parts.join('|'), settled };
}

function sameShow(a: Show | null, b: Show): boolean {
  return (
    a !== null &&
    a.title === b.title &&
    a.description === b.description &&
    a.language === b.language &&
    a.url === b.url &&
    a.image === b.image &&
    a.license === b.license
  );
}

function failureFrom(file: string, error: unknown): IngestFailure {
  if (error instanceof TranscriptParseError) {
    return error.line === undefined
      ? { file, reason: error.reason }
      : { file, line: error.line, reason: error.reason };
  }
  if (error instanceof VerbatimError) return { file, reason: error.message.replace(`${file}: `, '') };
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return { file, reason: `cannot read: ${error.code}` };
  }
  return { file, reason: error instanceof Error ? error.message : String(error) };
}

function lastCueEnd(cues: Cue[]): number {
  let end = 0;
  for (const cue of cues) if (cue.end > end) end = cue.end;
  return Math.round(end * 1000) / 1000;
}

interface PreparedShow {
  scanned: ScannedShow;
  show: Show;
  showJson: Buffer | null;
}

/** An episode whose revision changed: its sidecars are read and checked, parsing is pending. */
/** What `media` in an episode's meta.json names, resolved when the folder is read. */
type MetaMedia =
  | { kind: 'url'; value: string }
  | { kind: 'file'; value: string }
  | { kind: 'missing' }
  | { kind: 'outside' };

/**
 * A relative `media` path is followed to the real file (symlinks too) and must stay inside
 * the transcripts root, where /media will serve it from.
 */
function resolveMetaMedia(root: string, transcriptPath: string, value: string): MetaMedia {
  if (/^https?:\/\//i.test(value)) return { kind: 'url', value };
  const absolute = path.resolve(path.dirname(transcriptPath), value);
  if (!isInside(root, absolute)) return { kind: 'outside' };
  let real: string;
  try {
    real = fs.realpathSync(absolute);
  } catch {
    return { kind: 'missing' };
  }
  if (!isInside(root, real)) return { kind: 'outside' };
  if (!fs.statSync(real).isFile()) return { kind: 'missing' };
  return { kind: 'file', value: toRootRelative(root, absolute) };
}

interface PendingEpisode {
  scanned: ScannedEpisode;
  show: Show;
  revision: string;
  meta: EpisodeMetadata;
  metaMedia: MetaMedia | null;
  chapters: Chapter[];
  isUpdate: boolean;
  transcriptSha256: string;
  fileStat: string | null;
  outcome: Promise<ParseOutcome>;
}

function buildEpisode(
  pending: PendingEpisode,
  root: string,
  outcome: Extract<ParseOutcome, { ok: true }>,
  warnings: IngestWarning[],
): EpisodeWithCues {
  const { scanned, show, meta } = pending;
  let media: string | null = scanned.media?.rel ?? null;
  let mediaType: string | null = scanned.media?.type ?? null;
  const named = pending.metaMedia;
  if (named?.kind === 'url' || named?.kind === 'file') {
    media = named.value;
    mediaType =
      meta.mediaType ?? mediaTypeFromName(named.kind === 'url' ? new URL(named.value).pathname : named.value);
  } else if (named?.kind === 'outside') {
    warnings.push({
      file: scanned.source,
      message: `meta.json field "media" leaves the transcripts folder; ignored`,
    });
  } else if (named?.kind === 'missing') {
    warnings.push({
      file: scanned.source,
      message: `meta.json field "media": file not found: ${meta.media}`,
    });
  } else if (meta.mediaType !== undefined && media !== null) {
    mediaType = meta.mediaType;
  }
  const cues = outcome.cues;
  const episode: Episode = {
    id: scanned.id,
    showId: show.id,
    title: meta.title ?? titleFromFileName(scanned.baseName),
    date: meta.date ?? null,
    language: meta.language ?? show.language,
    speakers: meta.speakers ?? outcome.speakers,
    media,
    mediaType,
    url: meta.url ?? null,
    license: meta.license ?? show.license,
    tags: meta.tags ?? [],
    chapters: pending.chapters,
    duration: meta.duration ?? lastCueEnd(cues),
    source: scanned.source,
    format: outcome.format,
    revision: pending.revision,
    cueCount: cues.length,
  };
  return { episode, cues };
}

/** `; the episode is stored without this field until it is fixed`, for a sidecar's wrong fields. */
function storedWithout(what: 'episode' | 'show', leftOut: string[] | null, sidecar: string): string {
  const without = leftOut === null ? `its ${sidecar}` : leftOut.length === 1 ? 'this field' : 'these fields';
  return `; the ${what} is stored without ${without} until it is fixed`;
}

/**
 * `newShowFailures`: the show is not stored yet, so a wrong show.json field is left out (and
 * said there) rather than keeping the show and all its episodes out of the archive.
 */
async function prepareShow(
  scanned: ScannedShow,
  root: string,
  newShowFailures: IngestFailure[] | null,
): Promise<PreparedShow> {
  const showJson = await readOptional(scanned.showJsonPath);
  let meta: ShowMetadata = {};
  if (showJson !== null) {
    const label = toRootRelative(root, scanned.showJsonPath!);
    if (newShowFailures === null) meta = parseJsonSidecar(label, showJson, ShowMetadataSchema);
    else {
      const checked = parseJsonSidecarKeepingGoodFields(label, showJson, ShowMetadataSchema);
      if (checked.problem !== null) {
        const failure = failureFrom(label, checked.problem);
        failure.reason += storedWithout('show', checked.leftOut, 'show.json');
        newShowFailures.push(failure);
      }
      meta = checked.data;
    }
  }
  const show: Show = {
    id: scanned.id,
    title: meta.title ?? titleFromFileName(scanned.folderName),
    description: meta.description || null,
    language: meta.language ?? null,
    url: meta.url ?? null,
    image: meta.image ?? null,
    license: meta.license ?? null,
  };
  return { scanned, show, showJson };
}

/**
 * Transcripts with the same bytes under two names (a file manager's "x - Copie.vtt", a copy
 * into a second show folder) are two episodes, and search finds the words twice. Each copy
 * is named beside the one stored first (else the first in code-point order).
 */
function warnAboutCopies(
  presentBySha: ReadonlyMap<string, string[]>,
  shows: readonly ScannedShow[],
  storedBefore: ReadonlyMap<string, IngestRecord>,
  warnings: IngestWarning[],
): void {
  const sourceOf = new Map<string, string>();
  for (const show of shows) for (const episode of show.episodes) sourceOf.set(episode.id, episode.source);
  for (const ids of presentBySha.values()) {
    if (ids.length < 2) continue;
    const sources = [...new Set(ids)]
      .map((id) => ({ source: sourceOf.get(id), stored: storedBefore.has(id) }))
      .filter((e): e is { source: string; stored: boolean } => e.source !== undefined)
      .sort(
        (a, b) =>
          Number(b.stored) - Number(a.stored) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
      );
    const [kept, ...copies] = sources;
    for (const copy of copies) {
      warnings.push({
        file: copy.source,
        message: `the same transcript as ${kept!.source}: search finds it twice; remove one of the copies`,
      });
    }
  }
}

export async function ingestFolder(options: IngestFolderOptions): Promise<IngestSummary> {
  const lockFile = options.store.ingestLockFile;
  if (lockFile === null) return ingestFolderNow(options);
  const release = await takeIngestLock(lockFile, options.onWaitForOtherIngest, options.lockedAs);
  try {
    return await ingestFolderNow(options);
  } finally {
    await release();
  }
}

async function ingestFolderNow(options: IngestFolderOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { store, onProgress } = options;
  let root: string;
  try {
    root = await fs.promises.realpath(options.transcriptsDir);
    if (!(await fs.promises.stat(root)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new ValidationError(`Transcripts folder not found or not a folder: ${options.transcriptsDir}`, {
      transcriptsDir: options.transcriptsDir,
    });
  }

  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    moved: 0,
    removed: 0,
    failed: [],
    cues: 0,
    ms: 0,
    warnings: [],
    ignored: [],
  };
  const records = new Map<string, IngestRecord>();
  const storedIds = new Map<string, string>();
  for (const record of await store.listIngestRecords()) {
    records.set(record.episodeId, record);
    storedIds.set(record.source, record.episodeId);
  }
  if (!options.replaceArchive && records.size > 0) {
    const storedFolders = [...new Set([...storedIds.keys()].map((source) => source.split('/')[0]!))].sort();
    if (!storedFolders.some((folder) => fs.existsSync(path.join(root, folder)))) {
      throw new UnrelatedFolderError(root, records.size, storedFolders);
    }
  }
  const scan = await scanTranscripts(root, storedIds);
  summary.ignored = scan.ignored;
  for (const failure of scan.failures) summary.failed.push(failure);
  summary.warnings.push(...scan.warnings);

  /** Episode ids that still have a transcript on disk (parsed or not): never removed. */
  const present = new Set<string>();

  const shows: PreparedShow[] = [];
  for (const scanned of scan.shows) {
    try {
      const isNew = (await store.getShow(scanned.id)) === null;
      shows.push(await prepareShow(scanned, root, isNew ? summary.failed : null));
    } catch (error) {
      const file = scanned.showJsonPath ? toRootRelative(root, scanned.showJsonPath) : scanned.folderName;
      summary.failed.push(failureFrom(file, error));
      // Without valid show metadata nothing of this show changes, and nothing is removed.
      for (const episode of scanned.episodes) present.add(episode.id);
    }
  }

  const total = shows.reduce((n, s) => n + s.scanned.episodes.length, 0);
  let done = 0;
  const progress = (file: string) => {
    done++;
    onProgress?.({ done, total, file });
  };

  const sqlite = isSqliteStore(store) ? store : null;
  const settledBefore = BigInt(Date.now()) * 1_000_000n - SETTLE_NS;
  const batchCues = options.batchCues ?? 100_000;
  const parser: TranscriptParserPool = createTranscriptParserPool(options.parseThreads ?? 0);
  let batch: { data: IngestedEpisode; isUpdate: boolean }[] = [];
  let batchCueCount = 0;
  /** Episodes in the archive after this run, by transcript hash: where a gone file went. */
  const presentBySha = new Map<string, string[]>();
  /** The same, for the episodes this run added: a gone file with one of these moved there. */
  const addedBySha = new Map<string, string[]>();
  const listBySha = (map: Map<string, string[]>, sha: string | null | undefined, id: string) => {
    if (!sha) return;
    const ids = map.get(sha);
    if (ids) ids.push(id);
    else map.set(sha, [id]);
  };
  /** Unchanged episodes whose stored transcript hash or stat key is out of date. */
  const keyUpdates: IngestKeys[] = [];

  const commit = (entries: typeof batch) => {
    for (const { data, isUpdate } of entries) {
      if (isUpdate) summary.updated++;
      else summary.added++;
      summary.cues += data.cues.length;
      listBySha(presentBySha, data.transcriptSha256, data.episode.id);
      if (!isUpdate) listBySha(addedBySha, data.transcriptSha256, data.episode.id);
    }
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    batchCueCount = 0;
    try {
      if (sqlite) sqlite.replaceEpisodesSync(entries.map((e) => e.data));
      else for (const entry of entries) await store.replaceEpisode(entry.data);
      commit(entries);
    } catch {
      // One episode spoiled the batch: write them one by one to single it out.
      for (const entry of entries) {
        try {
          await store.replaceEpisode(entry.data);
          commit([entry]);
        } catch (error) {
          summary.failed.push(failureFrom(entry.data.episode.source, error));
        }
      }
    }
  };

  const inFlight: PendingEpisode[] = [];
  const settle = async (pending: PendingEpisode) => {
    const outcome = await pending.outcome;
    const file = pending.scanned.source;
    if (!outcome.ok) {
      summary.failed.push(
        outcome.line === undefined
          ? { file, reason: outcome.reason }
          : { file, line: outcome.line, reason: outcome.reason },
      );
    } else {
      for (const w of outcome.warnings) {
        summary.warnings.push(
          w.line === undefined ? { file, message: w.message } : { file, line: w.line, message: w.message },
        );
      }
      const data = {
        ...buildEpisode(pending, root, outcome, summary.warnings),
        transcriptSha256: pending.transcriptSha256,
        fileStat: pending.fileStat,
      };
      batch.push({ data, isUpdate: pending.isUpdate });
      batchCueCount += data.cues.length;
      if (batchCueCount >= batchCues) await flush();
    }
    progress(file);
  };

  const writeAll = async () => {
    for (const prepared of shows) {
      const stored = await store.getShow(prepared.show.id);
      if (!sameShow(stored, prepared.show)) {
        // Episodes of this show may sit in the current batch: write them before the show changes.
        await flush();
        await store.upsertShow(prepared.show);
      }
      for (const scanned of prepared.scanned.episodes) {
        present.add(scanned.id);
        const record = records.get(scanned.id);
        let stat: { key: string; settled: boolean };
        try {
          // Before reading: a write after this look changes what the next run sees.
          stat = await fileStatKey(
            [scanned.transcriptPath, scanned.metaPath, scanned.chaptersPath, prepared.scanned.showJsonPath],
            settledBefore,
          );
        } catch (error) {
          summary.failed.push(failureFrom(scanned.source, error));
          progress(scanned.source);
          continue;
        }
        // The files as they were when last read, at the same path with the same media:
        // unchanged, without reading them (as git does with its index).
        const fileStat = `${scanned.source}|${scanned.media?.rel ?? '-'}|${stat.key}`;
        if (record?.fileStat === fileStat && record.source === scanned.source) {
          summary.unchanged++;
          listBySha(presentBySha, record.transcriptSha256, scanned.id);
          progress(scanned.source);
          continue;
        }
        let transcript: Buffer;
        let metaBytes: Buffer | null;
        let chaptersBytes: Buffer | null;
        try {
          [transcript, metaBytes, chaptersBytes] = await Promise.all([
            fs.promises.readFile(scanned.transcriptPath),
            readOptional(scanned.metaPath),
            readOptional(scanned.chaptersPath),
          ]);
        } catch (error) {
          summary.failed.push(failureFrom(scanned.source, error));
          progress(scanned.source);
          continue;
        }
        let meta: EpisodeMetadata = {};
        /** A new episode stored without the meta.json fields that are wrong. */
        let metaLeftOut = false;
        if (metaBytes !== null) {
          const label = toRootRelative(root, scanned.metaPath!);
          const checked = parseJsonSidecarKeepingGoodFields(label, metaBytes, EpisodeMetadataSchema);
          if (checked.problem !== null) {
            const failure = failureFrom(label, checked.problem);
            if (record) {
              // Stored before: kept as it is, never overwritten by a wrong value.
              summary.failed.push(failure);
              progress(scanned.source);
              continue;
            }
            // New: stored (so searchable) with what is right, the rest as without a meta.json.
            failure.reason += storedWithout('episode', checked.leftOut, 'meta.json');
            summary.failed.push(failure);
            metaLeftOut = true;
          }
          meta = checked.data;
        }
        const metaMedia =
          meta.media === undefined ? null : resolveMetaMedia(root, scanned.transcriptPath, meta.media);
        const revision = hashRevision([
          scanned.source,
          transcript,
          metaBytes,
          chaptersBytes,
          prepared.showJson,
          scanned.media?.rel ?? null,
          // A local file meta.json names may appear (or go) after the transcript was stored.
          ...(metaMedia === null || metaMedia.kind === 'url' ? [] : [metaMedia.kind]),
        ]);
        const transcriptSha256 = createHash('sha256').update(transcript).digest('hex');
        // A media file meta.json names may come or go while meta.json stays as it is: such
        // an episode is read every time.
        // So is one stored without its wrong meta.json fields: they are named on every run.
        const trustedStat =
          stat.settled && !metaLeftOut && (metaMedia === null || metaMedia.kind === 'url') ? fileStat : null;
        if (record && record.revision === revision && record.source === scanned.source) {
          summary.unchanged++;
          listBySha(presentBySha, transcriptSha256, scanned.id);
          if (record.transcriptSha256 !== transcriptSha256 || (record.fileStat ?? null) !== trustedStat) {
            keyUpdates.push({ episodeId: scanned.id, transcriptSha256, fileStat: trustedStat });
          }
          progress(scanned.source);
          continue;
        }
        let chapters: Chapter[] = [];
        try {
          if (chaptersBytes !== null) {
            chapters = parseChaptersJson(toRootRelative(root, scanned.chaptersPath!), chaptersBytes);
          }
        } catch (error) {
          summary.failed.push(failureFrom(toRootRelative(root, scanned.chaptersPath!), error));
          progress(scanned.source);
          continue;
        }
        inFlight.push({
          scanned,
          show: prepared.show,
          revision,
          meta,
          metaMedia,
          chapters,
          isUpdate: record !== undefined,
          transcriptSha256,
          fileStat: trustedStat,
          outcome: parser.parse(scanned.fileName, transcript),
        });
        while (inFlight.length >= MAX_PARSES_IN_FLIGHT) await settle(inFlight.shift()!);
      }
    }
    while (inFlight.length > 0) await settle(inFlight.shift()!);
    await flush();
  };
  try {
    if (sqlite) await sqlite.withBulkWrites(writeAll);
    else await writeAll();
  } finally {
    await parser.close();
  }

  await store.setIngestKeys(keyUpdates);
  for (const record of records.values()) {
    if (present.has(record.episodeId)) continue;
    // The same transcript is in the archive under another path: the file was renamed or
    // moved (or copied, then the original deleted). Its clips and old links follow it.
    const sha = record.transcriptSha256;
    if (sha) {
      const moved = addedBySha.get(sha)?.shift();
      const target = moved ?? presentBySha.get(sha)?.[0];
      if (target !== undefined && (await store.redirectEpisode(record.episodeId, target))) {
        if (moved === undefined) summary.removed++;
        else {
          summary.added--;
          summary.moved++;
        }
        continue;
      }
    }
    if (await store.removeEpisode(record.episodeId)) summary.removed++;
  }
  warnAboutCopies(presentBySha, scan.shows, records, summary.warnings);
  const scannedShowIds = new Set(scan.shows.map((s) => s.id));
  for (const show of await store.listShows()) {
    if (!scannedShowIds.has(show.id) && show.episodeCount === 0) await store.removeShow(show.id);
  }

  if (sqlite && options.optimize !== false && summary.cues >= OPTIMIZE_AFTER_CUES) sqlite.optimizeIndex();
  summary.ms = Math.round(performance.now() - started);
  if (options.strict && summary.failed.length > 0) throw new IngestFailedError(summary);
  return summary;
}
