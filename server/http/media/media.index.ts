// GET /media/<path>: local media under the transcripts root, with Range and validators.
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { NotFoundError } from '../../errors.ts';
import { ErrorSchema } from '../api-schemas.ts';
import type { AppEnv } from '../app-env.ts';
import { mediaTypeFor } from './media-types.ts';
import { resolveSafePath } from './resolve-safe-path.ts';
import { sendFile } from './send-file.ts';
import { TRASH_FOLDER } from '../../admin/delete-episode.ts';

const MEDIA_PREFIX = '/media/';

export const mediaRouter = new OpenAPIHono<AppEnv>();

mediaRouter.get('/media/*', async (c) => {
  // The raw (still percent-encoded) path: each segment must be decoded exactly once.
  const rawPath = new URL(c.req.url).pathname.slice(MEDIA_PREFIX.length);
  const { file, relativePath, stats } = await resolveSafePath(c.var.deps.config.transcriptsDir, rawPath);
  const contentType = mediaTypeFor(relativePath);
  // A deleted episode's media waits in the trash to be put back, not to be played.
  if (!contentType || file.split(path.sep).includes(TRASH_FOLDER)) {
    throw new NotFoundError('Media file', relativePath);
  }
  return sendFile(c, file, stats, { contentType, cacheControl: 'public, max-age=3600', acceptRanges: true });
});

const errorContent = { 'application/json': { schema: ErrorSchema } };

mediaRouter.openAPIRegistry.registerPath({
  method: 'get',
  path: '/media/{path}',
  tags: ['media'],
  summary: 'Local media file under the transcripts root (HTTP Range, ETag)',
  description:
    'Serves audio/video (mp3, m4a, aac, ogg, opus, wav, flac, webm, mp4) and cover images found under ' +
    'the transcripts root. Supports a single byte range (206 with Content-Range; 416 when unsatisfiable) ' +
    'and If-None-Match/If-Modified-Since (304). Paths that leave the root are refused.',
  request: {
    params: z.object({
      path: z.string().openapi({
        param: { name: 'path', in: 'path' },
        example: 'show/episode.opus',
        description:
          "Several segments: use an episode's mediaUrl as the API gives it (each segment percent-encoded, " +
          'the / between them kept as /). A / sent as %2F is refused with 400, as a client that encodes ' +
          'the whole parameter would send it.',
      }),
    }),
    headers: z.object({ range: z.string().optional().openapi({ example: 'bytes=0-1023' }) }),
  },
  responses: {
    200: { description: 'The whole file' },
    206: { description: 'The requested byte range' },
    304: { description: 'Not modified' },
    400: { description: 'Forbidden path (.., encoded separators, NUL bytes...)', content: errorContent },
    404: { description: 'No such media file under the root', content: errorContent },
    416: { description: 'Range not satisfiable' },
  },
});
