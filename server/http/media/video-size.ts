// The shape a local video is shown in (width × height as it is displayed: sample aspect ratio
// applied, a phone's rotation turned), so the episode page reserves a box of that shape from
// its first paint instead of letterboxing a 4:3 or 9:16 picture in 16:9. Read with ffprobe on
// first request and remembered per file (path, size and modification time).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Episode } from '../../model/types.ts';
import { BoundedLru } from '../../shared/bounded-lru.ts';
import { mediaUrlFor } from './media-url.ts';
import { resolveSafePath } from './resolve-safe-path.ts';

const run = promisify(execFile);

export interface VideoSize {
  width: number;
  height: number;
}

/** A video's picture is not probed for longer than this: the episode answers without it. */
const PROBE_TIMEOUT_MS = 5_000;

const VIDEO_EXTENSION = /\.(mp4|m4v|webm|mov|mkv|ogv)$/i;

/** Answers per file version; a probe under way is shared by the requests that wait for it. */
const sizes = new BoundedLru<Promise<VideoSize | null>>(2_000, 2_000);

/** What ffprobe's JSON (`-show_streams` of the first video stream) gives us. */
interface ProbedStream {
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/** Display size of the first video stream of ffprobe's answer, or null (no picture). */
export function displaySize(stream: ProbedStream | undefined): VideoSize | null {
  if (!stream?.width || !stream.height) return null;
  let width = stream.width;
  const height = stream.height;
  // Anamorphic video (DV, some broadcasts) is stored narrower than it is shown.
  const sar = /^(\d+):(\d+)$/.exec(stream.sample_aspect_ratio ?? '');
  if (sar && Number(sar[1]) > 0 && Number(sar[2]) > 0)
    width = Math.round((width * Number(sar[1])) / Number(sar[2]));
  // A phone's portrait video is often stored landscape with a rotation for the player to apply.
  const rotation =
    stream.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ??
    Number(stream.tags?.rotate ?? 0);
  const turned = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  return turned ? { width: height, height: width } : { width, height };
}

async function probe(file: string): Promise<VideoSize | null> {
  try {
    const { stdout } = await run(
      'ffprobe',
      ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-of', 'json', file],
      { timeout: PROBE_TIMEOUT_MS },
    );
    const answer = JSON.parse(stdout) as { streams?: ProbedStream[] };
    return displaySize(answer.streams?.[0]);
  } catch {
    // No ffprobe, a broken file, a probe too slow: the page keeps its 16:9 box.
    return null;
  }
}

/**
 * The display size of an episode's local video, or null: audio, remote media (not fetched
 * for this), a missing file, or a file ffprobe cannot read.
 */
export async function videoSizeOf(episode: Episode, transcriptsDir: string): Promise<VideoSize | null> {
  const url = mediaUrlFor(episode.media);
  if (!url?.startsWith('/media/')) return null;
  const video = episode.mediaType?.startsWith('video/') || VIDEO_EXTENSION.test(episode.media ?? '');
  if (!video) return null;
  let found;
  try {
    found = await resolveSafePath(transcriptsDir, url.slice('/media/'.length));
  } catch {
    return null;
  }
  const key = `${found.file}\0${found.stats.size}\0${found.stats.mtimeMs}`;
  let size = sizes.get(key);
  if (!size) {
    size = probe(found.file);
    sizes.set(key, size, 1);
  }
  return size;
}
