import type { RouteHandler, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFoundError } from '../../errors.ts';
import type { Episode } from '../../model/types.ts';
import { shortDigest } from '../../shared/short-digest.ts';
import { exportChapters, exportTranscript } from '../../transcript-export/export-transcript.ts';
import type { AppEnv } from '../app-env.ts';
import { ifNoneMatchHolds } from '../if-none-match.ts';
import { serverRun, serverVersion } from '../server-version.ts';
import { mediaUrlFor } from '../media/media-url.ts';
import { videoSizeOf } from '../media/video-size.ts';
import type {
  ChaptersRoute,
  GetOneRoute,
  JsonTranscriptRoute,
  ListRoute,
  TextTranscriptRoute,
  PodcastTranscriptSchema,
} from './episodes.routes.ts';

type TranscriptFormat = 'vtt' | 'srt' | 'json' | 'txt';

const contentTypes: Record<TranscriptFormat, string> = {
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

const withMediaUrl = (episode: Episode) => ({ ...episode, mediaUrl: mediaUrlFor(episode.media) });

async function requireEpisode(c: Context<AppEnv>, id: string): Promise<Episode> {
  const episode = await c.var.deps.store.getEpisode(id);
  if (!episode) throw new NotFoundError('Episode', id);
  return episode;
}

/** `attachment; filename=...` with an ASCII fallback and the exact name per RFC 6266. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const list: RouteHandler<ListRoute, AppEnv> = async (c) => {
  const { show, limit, offset } = c.req.valid('query');
  const { store } = c.var.deps;
  if (show !== undefined && !(await store.getShow(show))) throw new NotFoundError('Show', show);
  const page = await store.listEpisodes({ showId: show, limit, offset });
  return c.json({ total: page.total, limit, offset, items: page.items.map(withMediaUrl) }, 200);
};

export const getOne: RouteHandler<GetOneRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { store } = c.var.deps;
  const episode = await requireEpisode(c, id);
  // Tagged by its revision (transcript, sidecars, show.json) and this run of the server: a
  // client holding it gets 304 before its cues are read.
  c.header('Cache-Control', 'no-cache');
  // The video's shape is part of what is sent: a media file swapped for another shape is a new answer.
  const videoSize = await videoSizeOf(episode, c.var.deps.config.transcriptsDir);
  const shape = videoSize ? ` ${videoSize.width}x${videoSize.height}` : '';
  if (clientHolds(c, episode, `episode ${serverRun}${shape}`)) return c.body(null, 304);
  const [show, cues] = await Promise.all([store.getShow(episode.showId), store.getCues(id)]);
  return c.json({ episode: withMediaUrl(episode), show, cues, videoSize }, 200);
};

/**
 * The validator of an export or of the episode's JSON: what it is made from (the transcript,
 * its sidecars and show.json, which the revision hashes, the title it carries), what is sent
 * (a format, or the episode's JSON of this run), and the server version that wrote it.
 */
function episodeTag(episode: Episode, format: string): string {
  return `W/"${shortDigest([serverVersion, episode.revision, episode.title, format])}"`;
}

/** Sets the ETag of what is sent of the episode; true when the client holds it already (answer 304). */
function clientHolds(c: Context<AppEnv>, episode: Episode, format: string): boolean {
  const tag = episodeTag(episode, format);
  c.header('ETag', tag);
  return ifNoneMatchHolds(c.req.header('If-None-Match'), tag);
}

/** The export as a string, after checking the episode exists; null when the client holds it. */
async function exportFor(c: Context<AppEnv>, id: string, format: TranscriptFormat) {
  const episode = await requireEpisode(c, id);
  if (clientHolds(c, episode, format)) return null;
  const cues = await c.var.deps.store.getCues(id);
  const body = exportTranscript(format, cues, { title: episode.title });
  const headers = {
    'Content-Type': contentTypes[format],
    'Content-Disposition': attachment(`${episode.id}.${format}`),
  };
  return { body, headers };
}

function textTranscript(format: 'vtt' | 'srt' | 'txt'): RouteHandler<TextTranscriptRoute, AppEnv> {
  return async (c) => {
    const made = await exportFor(c, c.req.valid('param').id, format);
    if (!made) return c.body(null, 304);
    return c.text(made.body, 200, made.headers);
  };
}

export const transcriptVtt = textTranscript('vtt');
export const transcriptSrt = textTranscript('srt');
export const transcriptTxt = textTranscript('txt');

export const transcriptJson: RouteHandler<JsonTranscriptRoute, AppEnv> = async (c) => {
  const made = await exportFor(c, c.req.valid('param').id, 'json');
  if (!made) return c.body(null, 304);
  return c.json(JSON.parse(made.body) as z.infer<typeof PodcastTranscriptSchema>, 200, made.headers);
};

export const chapters: RouteHandler<ChaptersRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const episode = await requireEpisode(c, id);
  if (clientHolds(c, episode, 'chapters')) return c.body(null, 304);
  const document = JSON.parse(exportChapters(episode.chapters)) as { version: string; chapters: unknown[] };
  return c.json(document, 200, {
    'Content-Type': 'application/json+chapters; charset=utf-8',
    'Content-Disposition': attachment(`${episode.id}.chapters.json`),
  });
};
