// DELETE /api/episodes/:id: the episode's transcript, its sidecars and its local media leave
// the transcripts folder (the source of truth) for its trash, then the episode leaves the store.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../app/app-deps.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { baseNameOf } from '../ingest/episode-id.ts';
import { describeIngestLockHolder, tryTakeIngestLock } from '../ingest/ingest-lock.ts';
import { isTranscriptFileName } from '../ingest/parsers/parse-transcript.ts';
import { MEDIA_TYPES, isInside } from '../ingest/scan-transcripts.ts';
import { withArchiveWriteLock } from './archive-write-lock.ts';
import { recordFeedItemDeleted } from './feed-import/import-feed.ts';

/**
 * Under the transcripts root, hidden so that ingest, the feed importer and /media leave it
 * alone: each deletion's files go to `<time>/<show folder>/`, to be moved back to undo it.
 */
export const TRASH_FOLDER = '.verbatim-trash';

export interface DeleteEpisodeResult {
  /** Removed files, relative to the transcripts root. */
  removedFiles: string[];
  /** Where they were moved, relative to the transcripts root (`.verbatim-trash/<time>`). */
  trashFolder: string | null;
  /** The feed item (its guid key) marked deleted, when a feed import wrote the transcript. */
  feedItem: string | null;
}

/** `rel` under `root`, or null when it would leave it (a tampered store must not delete elsewhere). */
function resolveInside(root: string, rel: string): string | null {
  if (rel.includes('\0') || path.isAbsolute(rel)) return null;
  const absolute = path.resolve(root, rel);
  return isInside(root, absolute) && absolute !== root ? absolute : null;
}

/** The local media files (relative to the root) of every stored episode but `episodeId`. */
async function mediaOfOtherEpisodes(store: ArchiveStore, episodeId: string): Promise<Set<string>> {
  const media = new Set<string>();
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await store.listEpisodes({ limit, offset });
    for (const other of page.items) {
      if (other.id !== episodeId && other.media && !/^https?:\/\//i.test(other.media)) media.add(other.media);
    }
    if (page.items.length === 0 || offset + limit >= page.total) return media;
  }
}

const exists = (file: string) =>
  fs.lstat(file).then(
    () => true,
    () => false,
  );

/**
 * `.verbatim-trash/2026-11-23T22-41-05-123Z`: the time of the deletion (a valid name on every
 * file system), one folder per deletion so that each can be undone on its own.
 */
async function newTrashFolder(root: string, now: Date): Promise<string> {
  const stamp = path.join(TRASH_FOLDER, now.toISOString().replace(/[:.]/g, '-'));
  let folder = stamp;
  for (let n = 2; await exists(path.join(root, folder)); n++) folder = `${stamp}-${n}`;
  await fs.mkdir(path.join(root, folder), { recursive: true });
  return folder;
}

/** Moves `file` to `target` (a new name if taken), across file systems if it must. */
async function moveToTrash(file: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  let free = target;
  for (let n = 2; await exists(free); n++) free = `${target}.${n}`;
  try {
    await fs.rename(file, free);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EXDEV')) throw error;
    await fs.copyFile(file, free);
    await fs.rm(file, { force: true });
  }
}

export async function deleteEpisode(
  deps: Pick<AppDeps, 'config' | 'store'>,
  episodeId: string,
): Promise<DeleteEpisodeResult> {
  const { store, config } = deps;
  return withArchiveWriteLock(store, async () => {
    // Another process's ingest (npm run import, npm run ingest) would store the episode back
    // from the file it read before the files went: the delete is refused while one runs.
    const lockFile = store.ingestLockFile;
    let release: (() => Promise<void>) | null = null;
    if (lockFile !== null) {
      const taken = await tryTakeIngestLock(lockFile, `an admin delete of episode ${episodeId}`);
      if (typeof taken !== 'function') {
        throw new ConflictError(
          `Episode ${episodeId} was not deleted: ${describeIngestLockHolder(taken)} is writing this archive; ` +
            'try again once it has ended',
          { runningPid: taken.pid, running: taken.what ?? 'ingest' },
        );
      }
      release = taken;
    }
    try {
      const root = await fs.realpath(config.transcriptsDir).catch(() => path.resolve(config.transcriptsDir));
      return await moveEpisodeToTrash(store, root, episodeId);
    } finally {
      await release?.();
    }
  });
}

async function moveEpisodeToTrash(
  store: ArchiveStore,
  root: string,
  episodeId: string,
): Promise<DeleteEpisodeResult> {
  const episode = await store.getEpisode(episodeId);
  if (!episode) throw new NotFoundError('Episode', episodeId);
  const files = new Set<string>();
  const transcript = resolveInside(root, episode.source);
  if (transcript) {
    const dir = path.dirname(transcript);
    // Compared composed (NFC), as ingest pairs them: a meta.json typed on Linux serves a
    // transcript copied from macOS.
    const base = baseNameOf(path.basename(transcript)).normalize('NFC');
    files.add(transcript);
    const siblings = await fs.readdir(dir).catch(() => [] as string[]);
    // `ep.srt` beside `ep.vtt`: the sidecars and media named `ep` serve the other one too.
    const sharedBase = siblings.some(
      (name) =>
        name !== path.basename(transcript) &&
        isTranscriptFileName(name) &&
        baseNameOf(name).normalize('NFC') === base,
    );
    if (!sharedBase) {
      for (const name of siblings) {
        const composed = name.normalize('NFC');
        if (!composed.startsWith(`${base}.`)) continue;
        const rest = composed.slice(base.length + 1);
        if (rest === 'meta.json' || rest === 'chapters.json' || rest.toLowerCase() in MEDIA_TYPES) {
          files.add(path.join(dir, name));
        }
      }
    }
    // Media named in meta.json is removed only when it sits in the episode's own folder.
    if (episode.media && !/^https?:\/\//i.test(episode.media)) {
      const media = resolveInside(root, episode.media);
      if (media && path.dirname(media) === dir) files.add(media);
    }
  }
  // A media file another episode plays (a translation's meta.json names it too) stays.
  const mediaInUse = await mediaOfOtherEpisodes(store, episodeId);
  // Recorded before the files go: an import that ran in between would fetch them back.
  const feedItem = transcript
    ? await recordFeedItemDeleted(path.dirname(transcript), path.basename(transcript), new Date())
    : null;
  const removedFiles: string[] = [];
  let trashFolder: string | null = null;
  for (const file of files) {
    const rel = path.relative(root, file);
    if (mediaInUse.has(rel.split(path.sep).join('/'))) continue;
    const stat = await fs.lstat(file).catch(() => null);
    if (!stat || stat.isDirectory()) continue;
    trashFolder ??= await newTrashFolder(root, new Date());
    await moveToTrash(file, path.join(root, trashFolder, rel));
    removedFiles.push(rel.split(path.sep).join('/'));
  }
  await store.removeEpisode(episodeId);
  return {
    removedFiles,
    trashFolder: trashFolder?.split(path.sep).join('/') ?? null,
    feedItem,
  };
}
