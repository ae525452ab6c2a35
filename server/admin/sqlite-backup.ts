// Consistent copies of the embedded archive while the server runs, through SQLite's
// online backup API (readers and writers carry on; the copy is one point in time).
import Database from 'better-sqlite3';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, ValidationError } from '../errors.ts';
import { findServerLocks, type ServerLockInfo } from './running-server-lock.ts';
import { SQLITE_SCHEMA_VERSION } from '../store/sqlite-schema.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * The copy carries the archive's WAL mode in its header, so every later open (the integrity
 * check's, a user's) would leave `-shm`/`-wal` files beside it. In rollback mode it is one
 * file; the server switches a restored archive back to WAL when it opens it.
 */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupOptions {
  /** Called between copy steps (tests use it to write from another process mid-copy). */
  onProgress?: (progress: BackupProgress) => void;
  /** The copy's file name in the destination (default `archive-<time>.sqlite`). */
  fileName?: string;
}

/** Pages copied per step while nobody else writes; small steps keep this process responsive. */
const PAGES_PER_STEP = 200;
/** SQLite's largest step: the rest in one go, inside one read transaction. */
const ALL_REMAINING_PAGES = 0x7fffffff;

/**
 * The online backup restarts from the first page whenever another connection writes to
 * the source between two steps; a busy server could keep it restarting for ever. After the
 * first restart the copy finishes in one step: one read transaction, which in WAL mode
 * does not block the writers and still yields a single point in time.
 */
function stepSizer(onProgress?: (progress: BackupProgress) => void): (progress: BackupProgress) => number {
  let lastRemaining = Infinity;
  let restarted = false;
  return (progress) => {
    onProgress?.(progress);
    // Each step copies pages: no progress means it started over.
    if (progress.remainingPages >= lastRemaining) restarted = true;
    lastRemaining = progress.remainingPages;
    return restarted ? ALL_REMAINING_PAGES : PAGES_PER_STEP;
  };
}

export async function backupSqliteArchive(
  sourceFile: string,
  destinationDir: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now();
  await stat(sourceFile).catch(() => {
    throw new ValidationError(`No archive to back up at ${sourceFile}`, { file: sourceFile });
  });
  const existing = await stat(destinationDir).catch(() => null);
  if (existing && !existing.isDirectory()) {
    throw new ValidationError(
      `${destinationDir} is a file, not a directory: give a directory for the backup`,
      {
        file: destinationDir,
      },
    );
  }
  await mkdir(destinationDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(destinationDir, options.fileName ?? `archive-${stamp}.sqlite`);
  if (await stat(file).catch(() => null)) {
    throw new ValidationError(`${file} already exists: a backup is never written over a file`, { file });
  }
  const source = new Database(sourceFile, { fileMustExist: true });
  try {
    await source.backup(file, { progress: stepSizer(options.onProgress) });
  } finally {
    source.close();
  }
  selfContained(file);
  const integrity = integrityOf(file);
  if (integrity !== 'ok') {
    await rm(file, { force: true });
    throw new Error(`The backup failed its integrity check (${integrity}); nothing was kept`);
  }
  return { file, bytes: (await stat(file)).size, ms: performance.now() - started };
}

export interface RestoreResult {
  /** A copy of the archive that was replaced, or null when there was none. */
  keptAside: string | null;
  /** Lock files of servers that did not stop cleanly (their pid is gone): removed, not obeyed. */
  staleServers: ServerLockInfo[];
}

/** Refuses while a server runs on the archive's data dir; returns the stale locks. */
async function assertNoServerRunning(dataDir: string): Promise<ServerLockInfo[]> {
  const { live, stale } = await findServerLocks(dataDir);
  const running = live[0];
  if (running) {
    const where = [
      `pid ${running.pid}`,
      running.port === null ? 'not listening yet' : `port ${running.port}`,
      ...(running.startedAt ? [`started ${running.startedAt}`] : []),
    ].join(', ');
    throw new ConflictError(
      `A Verbatim server is running on ${dataDir} (${where}). It keeps the current archive open and would ` +
        `go on answering from it, and writing clips to it, after a restore: stop the server first ` +
        `(Ctrl-C, or kill ${running.pid}), then run the restore again. Nothing was moved. ` +
        `If no Verbatim server runs there (pid ${running.pid} is another program), delete ${running.file}.`,
      { pid: running.pid, port: running.port, file: running.file },
    );
  }
  return stale;
}

/** A missing path or a folder is named as such, not as "not a readable SQLite archive". */
async function assertBackupFile(backupFile: string): Promise<void> {
  const found = await stat(backupFile).catch(() => null);
  if (found === null) {
    throw new ValidationError(
      `${backupFile}: no such file; expected a backup file written by npm run backup (archive-<time>.sqlite)`,
      { file: backupFile },
    );
  }
  if (!found.isDirectory()) return;
  const backups = (await readdir(backupFile)).filter((name) => /^archive-.*\.sqlite$/.test(name)).sort();
  const newest = backups.at(-1);
  throw new ValidationError(
    `${backupFile} is a folder, not a backup file` +
      (newest ? `: the newest backup in it is ${path.join(backupFile, newest)}` : ''),
    { file: backupFile },
  );
}

/**
 * Puts a backup in place of the archive. The server must be stopped: a running process
 * would keep writing to the file it has open, so a running one (its lock file) is refused.
 */
export async function restoreSqliteArchive(backupFile: string, targetFile: string): Promise<RestoreResult> {
  const staleServers = await assertNoServerRunning(path.dirname(targetFile));
  await assertBackupFile(backupFile);
  const integrity = await Promise.resolve()
    .then(() => integrityOf(backupFile))
    .catch((error: unknown) => {
      throw new ValidationError(
        `${backupFile} is not a readable SQLite archive`,
        { file: backupFile },
        { cause: error },
      );
    });
  if (integrity !== 'ok') {
    throw new ValidationError(
      `${backupFile} fails its integrity check (${integrity}); the archive was not touched`,
      {
        file: backupFile,
      },
    );
  }
  // An empty file, or any other SQLite database, passes the integrity check too.
  const notArchive = whyNotAnArchive(backupFile);
  if (notArchive !== null) {
    throw new ValidationError(
      `${backupFile} is not a Verbatim archive (${notArchive}); the archive was not touched`,
      {
        file: backupFile,
      },
    );
  }
  await mkdir(path.dirname(targetFile), { recursive: true });
  const staging = `${targetFile}.restore-${process.pid}`;
  await copyFile(backupFile, staging);
  // The archive being replaced holds clips and packs that may exist nowhere else: it is
  // moved aside with its WAL (which may hold its latest writes), not deleted. Moving, not
  // copying, also works when that archive is the corrupt one being replaced.
  let keptAside: string | null = null;
  if (await exists(targetFile)) {
    keptAside = `${targetFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['-wal', '-shm']) {
      if (await exists(targetFile + suffix)) await rename(targetFile + suffix, keptAside + suffix);
    }
    await rename(targetFile, keptAside);
  }
  await rename(staging, targetFile);
  // Removed once obeyed no longer: the next restore need not say it again.
  for (const lock of staleServers) await rm(lock.file, { force: true });
  return { keptAside, staleServers };
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

const ARCHIVE_TABLES = ['shows', 'episodes', 'cues', 'clips', 'packs'];

/** Null when the file holds a Verbatim archive this version can open, else why not. */
function whyNotAnArchive(file: string): string | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[],
    );
    if (tables.size === 0) return 'the file is empty';
    if (!tables.has('schema_migrations')) return 'no schema_migrations table';
    const missing = ARCHIVE_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return `missing table(s) ${missing.join(', ')}`;
    const version = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
    if (version === null || version < 1) return 'no schema version recorded';
    if (version > SQLITE_SCHEMA_VERSION) {
      return `schema version ${version} is newer than this Verbatim supports (${SQLITE_SCHEMA_VERSION})`;
    }
    return null;
  } finally {
    db.close();
  }
}
