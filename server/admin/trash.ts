// What admin deletions left in `transcripts/.verbatim-trash/` (one folder per deletion, named
// after its time), and emptying the deletions older than some days. Only folders named as a
// deletion names them, directly in a real trash folder, are ever removed; symbolic links are
// removed as links, never followed, so nothing outside the trash can go.
import fs from 'node:fs/promises';
import path from 'node:path';
import { VerbatimError } from '../errors.ts';
import { TRASH_FOLDER } from './delete-episode.ts';

/** `2026-11-23T22-41-05-123Z`, `-2` when two deletions fell in one millisecond. */
const DELETION_FOLDER = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?$/;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TrashFile {
  /** Inside the deletion folder, with `/`: `<show folder>/<file>`. */
  path: string;
  bytes: number;
}

export interface TrashDeletion {
  /** The folder's name under the trash. */
  name: string;
  deletedAt: Date;
  files: TrashFile[];
  bytes: number;
}

export interface TrashContents {
  /** The trash folder (absolute); it may not exist yet. */
  folder: string;
  deletions: TrashDeletion[];
  /** Entries not made by a deletion (other names, links, files): listed, never removed. */
  leftAlone: string[];
}

export class TrashError extends VerbatimError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

/** When the deletion named `name` happened, or null for a name no deletion gives. */
export function deletionTime(name: string): Date | null {
  const m = DELETION_FOLDER.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
  const time = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s, ms));
  // 2026-13-40 is not a time: such a folder was not made by a deletion.
  return time.toISOString().replace(/[:.]/g, '-') === name.replace(/Z-\d+$/, 'Z') ? time : null;
}

/** The trash folder, refused when it is not a real folder of the transcripts root. */
async function trashFolderOf(transcriptsDir: string): Promise<string | null> {
  const root = await fs.realpath(transcriptsDir).catch(() => path.resolve(transcriptsDir));
  const folder = path.join(root, TRASH_FOLDER);
  const stat = await fs.lstat(folder).catch(() => null);
  if (stat === null) return null;
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new TrashError(
      `${folder} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: Verbatim lists and empties ` +
        'only a real folder there (the one admin deletions create); move it away to go on',
    );
  }
  return folder;
}

/** Every file under `dir` with its size; links are counted as links, never followed. */
async function filesUnder(dir: string, prefix = ''): Promise<TrashFile[]> {
  const files: TrashFile[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await filesUnder(full, rel)));
    else {
      const stat = await fs.lstat(full).catch(() => null);
      if (stat) files.push({ path: rel, bytes: stat.size });
    }
  }
  return files;
}

export async function listTrash(transcriptsDir: string): Promise<TrashContents> {
  const root = await fs.realpath(transcriptsDir).catch(() => path.resolve(transcriptsDir));
  const folder = await trashFolderOf(transcriptsDir);
  const contents: TrashContents = {
    folder: folder ?? path.join(root, TRASH_FOLDER),
    deletions: [],
    leftAlone: [],
  };
  if (folder === null) return contents;
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const deletedAt = deletionTime(entry.name);
    // A link named like a deletion is not one: what it points at is not the trash's.
    if (deletedAt === null || !entry.isDirectory()) {
      contents.leftAlone.push(entry.name);
      continue;
    }
    const files = await filesUnder(path.join(folder, entry.name));
    contents.deletions.push({
      name: entry.name,
      deletedAt,
      files,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    });
  }
  contents.deletions.sort(
    (a, b) => a.deletedAt.getTime() - b.deletedAt.getTime() || a.name.localeCompare(b.name),
  );
  contents.leftAlone.sort();
  return contents;
}

export interface EmptyTrashOptions {
  /** Deletions made more than this many days before `now` go (0: all of them). */
  olderThanDays: number;
  now?: Date;
  /** Say what would go, remove nothing. */
  dryRun?: boolean;
}

export interface EmptyTrashResult extends TrashContents {
  /** The deletions removed (or, in a dry run, that would be). */
  removed: TrashDeletion[];
  /** Those kept, being recent enough. */
  kept: TrashDeletion[];
}

export async function emptyTrash(
  transcriptsDir: string,
  options: EmptyTrashOptions,
): Promise<EmptyTrashResult> {
  const contents = await listTrash(transcriptsDir);
  const cutoff = (options.now ?? new Date()).getTime() - options.olderThanDays * DAY_MS;
  const removed = contents.deletions.filter((d) => d.deletedAt.getTime() <= cutoff);
  const kept = contents.deletions.filter((d) => !removed.includes(d));
  if (!options.dryRun) {
    for (const deletion of removed) {
      const target = path.join(contents.folder, deletion.name);
      // Checked again just before: a folder swapped for a link meanwhile is left alone (and
      // fs.rm removes links inside as links, never what they point at).
      const stat = await fs.lstat(target).catch(() => null);
      if (!stat?.isDirectory()) continue;
      await fs.rm(target, { recursive: true, force: true });
    }
  }
  return { ...contents, removed, kept };
}

/** 1.5 MB, 820 KB, 12 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `2026-11-23 22:41 UTC`. */
export function formatDeletionTime(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The line a server logs after emptying the trash by itself. */
export function describeAutomaticEmptying(result: EmptyTrashResult, days: number): string | null {
  if (result.removed.length === 0) return null;
  const bytes = result.removed.reduce((sum, d) => sum + d.bytes, 0);
  const count = result.removed.length;
  return (
    `Trash: removed ${count} deletion${count === 1 ? '' : 's'} older than ${days} days ` +
    `(${formatBytes(bytes)}: ${result.removed.map((d) => d.name).join(', ')}); VERBATIM_TRASH_DAYS sets how long they stay`
  );
}
