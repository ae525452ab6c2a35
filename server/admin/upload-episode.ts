// POST /api/episodes: an uploaded transcript (plus metadata, optional media) becomes files in
// transcripts/<show>/ — the folder stays the source of truth — and is then ingested. The
// transcript is parsed in memory first: a file that would not ingest writes nothing.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../app/app-deps.ts';
import { PayloadTooLargeError, TranscriptParseError, ValidationError, VerbatimError } from '../errors.ts';
import { baseNameOf, episodeIdFor, shortHash, slugify } from '../ingest/episode-id.ts';
import { ingestFolder, type IngestWarning } from '../ingest/ingest-folder.ts';
import { isTranscriptFileName, parseTranscript } from '../ingest/parsers/parse-transcript.ts';
import { MEDIA_TYPES, findShowFolder } from '../ingest/scan-transcripts.ts';
import type { Episode } from '../model/types.ts';
import { withArchiveWriteLock } from './archive-write-lock.ts';
import { FolderTransaction } from './folder-transaction.ts';
import {
  MEDIA_UPLOAD_EXTENSIONS,
  TRANSCRIPT_UPLOAD_EXTENSIONS,
  pathInside,
  safeSlug,
  safeUploadName,
} from './safe-upload-name.ts';
import { sidecarOf, type UploadMetadata } from './upload-metadata.ts';

/** Transcripts are text: even a three-hour Whisper JSON with word timings stays far below. */
export const MAX_TRANSCRIPT_BYTES = 50 * 1024 * 1024;
export const MAX_METADATA_BYTES = 64 * 1024;

export interface UploadedFile {
  /** The file name the client sent (untrusted). */
  name: string;
  /** The part's Content-Type (untrusted). */
  type: string;
  bytes: Uint8Array;
}

export interface UploadEpisodeInput {
  transcript: UploadedFile;
  metadata: UploadMetadata;
  media?: UploadedFile;
}

export interface UploadEpisodeResult {
  episode: Episode;
  /** False when an episode with this id existed and was replaced. */
  created: boolean;
  warnings: IngestWarning[];
}

export function checkPartSize(field: string, bytes: number, limit: number): void {
  if (bytes > limit) throw new PayloadTooLargeError(`The "${field}" part`, limit);
}

function parseInMemory(source: string, bytes: Uint8Array): void {
  try {
    parseTranscript(source, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    if (error instanceof TranscriptParseError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TranscriptParseError(source, `could not be parsed: ${reason}`, undefined, { cause: error });
  }
}

function checkMediaType(media: UploadedFile): string {
  const { extension } = safeUploadName(media.name, 'media', MEDIA_UPLOAD_EXTENSIONS);
  const declared = media.type.split(';')[0]!.trim().toLowerCase();
  if (declared !== '' && declared !== 'application/octet-stream' && !/^(audio|video)\//.test(declared)) {
    throw new ValidationError(`Invalid field "media": expected an audio or video file, got ${declared}`, {
      field: 'media',
    });
  }
  if (media.bytes.byteLength === 0) {
    throw new ValidationError('Invalid field "media": the file is empty', { field: 'media' });
  }
  return extension;
}

function episodeBase(input: UploadEpisodeInput, fromFileName: string): string {
  if (input.metadata.slug) return input.metadata.slug;
  if (fromFileName) return fromFileName;
  const title = input.metadata.title;
  if (title && slugify(title) !== '') return safeSlug(title, title);
  return `episode-${shortHash(input.transcript.name)}`;
}

export async function uploadEpisode(
  deps: Pick<AppDeps, 'config' | 'store'>,
  input: UploadEpisodeInput,
): Promise<UploadEpisodeResult> {
  const { store, config } = deps;
  const named = safeUploadName(input.transcript.name, 'transcript', TRANSCRIPT_UPLOAD_EXTENSIONS);
  const base = episodeBase(input, named.base);
  const transcriptName = `${base}.${named.extension}`;
  const mediaExtension = input.media ? checkMediaType(input.media) : null;

  return withArchiveWriteLock(store, async () => {
    await fs.mkdir(config.transcriptsDir, { recursive: true });
    const root = await fs.realpath(config.transcriptsDir);
    const showId = input.metadata.show;
    const existingFolder = await findShowFolder(root, showId);
    const folderName = existingFolder ?? showId;
    if (existingFolder === null && !input.metadata.showTitle && !(await store.getShow(showId))) {
      throw new ValidationError(
        `Invalid field "metadata.showTitle": show "${showId}" does not exist yet; give its title to create it`,
        { field: 'metadata.showTitle' },
      );
    }
    const source = `${folderName}/${transcriptName}`;
    // Before anything is written: a transcript that would not ingest is refused here.
    parseInMemory(source, input.transcript.bytes);

    const showDir = path.join(root, folderName);
    const episodeId = episodeIdFor(showId, base);
    const previous = await store.getEpisode(episodeId);
    const tx = new FolderTransaction();
    let ingested = false;
    try {
      await tx.mkdir(showDir);
      if (existingFolder === null) {
        const showJson = { title: input.metadata.showTitle ?? (await store.getShow(showId))?.title };
        await tx.write(
          pathInside(showDir, 'show.json'),
          Buffer.from(`${JSON.stringify(showJson, null, 2)}\n`),
        );
      }
      const siblings = await fs.readdir(showDir);

      // The episode this upload replaces may come from a file with another name or extension.
      const replaced = new Set<string>();
      if (previous && previous.source !== source && previous.source.startsWith(`${folderName}/`)) {
        replaced.add(baseNameOf(path.basename(previous.source)));
      }
      for (const name of siblings) {
        if (isTranscriptFileName(name) && baseNameOf(name) === base && name !== transcriptName)
          replaced.add(base);
      }
      for (const oldBase of replaced) {
        for (const name of siblings) {
          if (baseNameOf(name) === oldBase && isTranscriptFileName(name) && name !== transcriptName) {
            await tx.remove(pathInside(showDir, name));
          }
        }
        if (oldBase !== base) {
          await tx.remove(pathInside(showDir, `${oldBase}.meta.json`));
          // Chapters and media belong to the episode, not to the file name: they follow it.
          await tx.move(
            pathInside(showDir, `${oldBase}.chapters.json`),
            pathInside(showDir, `${base}.chapters.json`),
          );
          for (const name of siblings) {
            const ext = name.slice(oldBase.length + 1).toLowerCase();
            if (name.startsWith(`${oldBase}.`) && ext in MEDIA_TYPES) {
              const target = pathInside(showDir, `${base}.${ext}`);
              if (mediaExtension) await tx.remove(pathInside(showDir, name));
              else await tx.move(pathInside(showDir, name), target);
            }
          }
        }
      }

      if (input.media && mediaExtension) {
        // Ingest picks one media file per episode by preference: leave only the new one.
        for (const name of await fs.readdir(showDir)) {
          const ext = name.slice(base.length + 1).toLowerCase();
          if (name.startsWith(`${base}.`) && ext in MEDIA_TYPES && ext !== mediaExtension) {
            await tx.remove(pathInside(showDir, name));
          }
        }
        await tx.write(pathInside(showDir, `${base}.${mediaExtension}`), input.media.bytes);
      }
      const sidecar = sidecarOf(input.metadata);
      const metaPath = pathInside(showDir, `${base}.meta.json`);
      if (Object.keys(sidecar).length > 0) {
        await tx.write(metaPath, Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`));
      } else {
        await tx.remove(metaPath);
      }
      // The transcript last: an ingest racing with this (a folder watcher) sees it complete.
      await tx.write(pathInside(showDir, transcriptName), input.transcript.bytes);

      ingested = true;
      const summary = await ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });
      const ours = (file: string) =>
        file.startsWith(`${folderName}/${base}.`) || file === `${folderName}/show.json`;
      const failure = summary.failed.find((f) => ours(f.file));
      if (failure) {
        throw failure.file === source
          ? new TranscriptParseError(failure.file, failure.reason, failure.line)
          : new ValidationError(`${failure.file}: ${failure.reason}`, { file: failure.file });
      }
      await tx.commit();
      const episode = await store.getEpisode(episodeId);
      if (!episode || episode.source !== source) {
        throw new VerbatimError('internal', 500, `The upload was written to ${source} but not ingested`);
      }
      return {
        episode,
        created: previous === null,
        warnings: summary.warnings.filter((w) => ours(w.file)),
      };
    } catch (error) {
      await tx.rollback();
      // Puts the store back in line with the restored files.
      if (ingested) await ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });
      throw error;
    }
  });
}
