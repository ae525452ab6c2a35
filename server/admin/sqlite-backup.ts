// Consistent copies of the embedded archive while the server runs, through SQLite's
// online backup API (readers and writers carry on; the copy is one point in time).
import Database from 'better-sqlite3';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../errors.ts';

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

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupOptions {
  /** Called between copy steps (tests use it to write from another process mid-copy). */
  onProgress?: (progress: BackupProgress) => void;
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
  await mkdir(destinationDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(destinationDir, `archive-${stamp}.sqlite`);
  const source = new Database(sourceFile, { fileMustExist: true });
  try {
    await source.backup(file, { progress: stepSizer(options.onProgress) });
  } finally {
    source.close();
  }
  const integrity = integrityOf(file);
  if (integrity !== 'ok') {
    await rm(file, { force: true });
    throw new Error(`The backup failed its integrity check (${integrity}); nothing was kept`);
  }
  return { file, bytes: (await stat(file)).size, ms: performance.now() - started };
}

/**
 * Puts a backup in place of the archive. The server must be stopped: a running process
 * would keep writing to the file it has open.
 */
export async function restoreSqliteArchive(backupFile: string, targetFile: string): Promise<void> {
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
  await mkdir(path.dirname(targetFile), { recursive: true });
  const staging = `${targetFile}.restore-${process.pid}`;
  await copyFile(backupFile, staging);
  // Old WAL/SHM files belong to the old database; left behind, they would be replayed onto the restored one.
  await rm(`${targetFile}-wal`, { force: true });
  await rm(`${targetFile}-shm`, { force: true });
  await rename(staging, targetFile);
}
