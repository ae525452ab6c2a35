// Admin write routes (issue 7): upload a transcript, delete an episode, reindex. Every one
// needs `Authorization: Bearer <VERBATIM_ADMIN_TOKEN>` (403 when no token is configured) and
// is registered with its schema, so it appears in /api/openapi.json.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app/app-deps.ts';
import { VerbatimError } from '../errors.ts';
import { EpisodeSchema, errorResponse } from '../http/api-schemas.ts';
import { createRouter } from '../http/create-router.ts';
import { mediaUrlFor } from '../http/media/media-url.ts';
import { requireAdmin } from '../http/middleware/require-admin.ts';
import type { Episode } from '../model/types.ts';
import { deleteEpisode } from './delete-episode.ts';
import { parseUploadMetadata } from './upload-metadata.ts';
import {
  MAX_METADATA_BYTES,
  MAX_TRANSCRIPT_BYTES,
  checkPartSize,
  uploadEpisode,
  type UploadedFile,
} from './upload-episode.ts';

const adminSecurity = [{ adminToken: [] }];

const fileField = (description: string) =>
  z
    .instanceof(File, { message: 'expected a file' })
    .openapi({ type: 'string', format: 'binary', description });

const UploadForm = z.object({
  transcript: fileField('The transcript: .vtt, .srt, .json (Podcasting 2.0 or Whisper), .md or .txt'),
  metadata: z
    .union([z.string(), z.instanceof(File)], { message: 'expected a JSON string (or a .json file part)' })
    .openapi({
      type: 'string',
      description:
        'JSON: { show (slug), showTitle (for a new show), slug?, title?, date?, language?, speakers?, url?, license?, tags? }',
      example: JSON.stringify({
        show: 'libertes-numeriques',
        title: 'Le recours',
        date: '2024-03-18',
        language: 'fr',
      }),
    }),
  media: fileField('Optional audio or video: .mp3 .m4a .ogg .opus .wav .mp4 .webm').optional(),
});

const WarningSchema = z.object({ file: z.string(), line: z.number().int().optional(), message: z.string() });

const UploadResponse = z.object({
  episode: EpisodeSchema,
  warnings: z.array(WarningSchema),
});

const EpisodeIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(300, 'id must be at most 300 characters')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'libertes-numeriques--recours' }),
});

const ReindexResponse = z.object({
  backend: z.enum(['sqlite', 'meilisearch']),
  episodes: z.number().int(),
  passages: z.number().int(),
  ms: z.number(),
});

const authErrors = {
  401: errorResponse('Missing or wrong admin token'),
  403: errorResponse('Admin endpoints are disabled (no VERBATIM_ADMIN_TOKEN configured)'),
};

export function createAdminRoutes(deps: AppDeps) {
  const admin = requireAdmin(deps);

  const upload = createRoute({
    method: 'post',
    path: '/api/episodes',
    tags: ['admin'],
    summary: 'Upload a transcript (and optional media) into a show, then ingest it',
    description:
      'The transcript is parsed before anything is written; a file that does not parse is refused with ' +
      'its file:line and reason (422) and nothing changes. Files land in transcripts/<show>/ under a safe ' +
      'slug of the uploaded name. 201 for a new episode, 200 when it replaced one with the same id.',
    security: adminSecurity,
    middleware: [admin] as const,
    request: { body: { required: true, content: { 'multipart/form-data': { schema: UploadForm } } } },
    responses: {
      200: {
        description: 'An existing episode was replaced',
        content: { 'application/json': { schema: UploadResponse } },
      },
      201: {
        description: 'A new episode was created',
        content: { 'application/json': { schema: UploadResponse } },
      },
      400: errorResponse('Invalid metadata, file name or form'),
      ...authErrors,
      413: errorResponse('Upload (or one of its parts) over the size limit'),
      422: errorResponse('The transcript does not parse: file:line: reason'),
    },
  });

  const remove = createRoute({
    method: 'delete',
    path: '/api/episodes/{id}',
    tags: ['admin'],
    summary: 'Delete an episode: its transcript, sidecars and local media files, and its stored data',
    security: adminSecurity,
    middleware: [admin] as const,
    request: { params: EpisodeIdParams },
    responses: {
      204: { description: 'Deleted' },
      ...authErrors,
      404: errorResponse('No episode with this id'),
      409: errorResponse(
        'Another process (npm run import, npm run ingest) is writing the archive: named, nothing deleted',
      ),
    },
  });

  const reindex = createRoute({
    method: 'post',
    path: '/api/reindex',
    tags: ['admin'],
    summary: 'Rebuild the search index from the stored episodes; searches keep answering meanwhile',
    security: adminSecurity,
    middleware: [admin] as const,
    responses: {
      200: {
        description: 'The new index is live',
        content: { 'application/json': { schema: ReindexResponse } },
      },
      ...authErrors,
      503: errorResponse('This archive cannot be reindexed'),
    },
  });

  const toUploaded = async (file: File): Promise<UploadedFile> => ({
    name: file.name,
    type: file.type,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  const withMediaUrl = (episode: Episode) => ({ ...episode, mediaUrl: mediaUrlFor(episode.media) });

  return createRouter()
    .openapi(upload, async (c) => {
      const form = c.req.valid('form');
      // `curl -F metadata=@meta.json` sends the metadata as a file part.
      const metadataSize =
        typeof form.metadata === 'string' ? Buffer.byteLength(form.metadata) : form.metadata.size;
      checkPartSize('metadata', metadataSize, MAX_METADATA_BYTES);
      checkPartSize(
        'transcript',
        form.transcript.size,
        Math.min(MAX_TRANSCRIPT_BYTES, deps.config.maxUploadBytes),
      );
      const metadata = parseUploadMetadata(
        typeof form.metadata === 'string' ? form.metadata : await form.metadata.text(),
      );
      const result = await uploadEpisode(deps, {
        metadata,
        transcript: await toUploaded(form.transcript),
        media: form.media ? await toUploaded(form.media) : undefined,
      });
      const body = { episode: withMediaUrl(result.episode), warnings: result.warnings };
      return result.created ? c.json(body, 201) : c.json(body, 200);
    })
    .openapi(remove, async (c) => {
      await deleteEpisode(deps, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(reindex, async (c) => {
      if (!deps.reindex) {
        throw new VerbatimError('backend_unavailable', 503, 'This archive does not support reindexing');
      }
      return c.json(await deps.reindex(), 200);
    });
}
