import { createRoute, z } from '@hono/zod-openapi';
import { CueSchema, EpisodeSchema, ShowSchema, errorResponse } from '../api-schemas.ts';

const VideoSizeSchema = z.object({ width: z.number().int(), height: z.number().int() }).openapi('VideoSize');
import { integerParam } from '../query-params.ts';

const EpisodeIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(300, 'id must be at most 300 characters')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'libertes-numeriques--2021-03-recours' }),
});

export const TRANSCRIPT_FORMATS = ['vtt', 'srt', 'json', 'txt'] as const;

/** Answered by redirectMovedEpisodes before the route runs. */
const MOVED = {
  description:
    "The episode's transcript file was renamed or moved: Location is the same request for the episode's new id",
  headers: { Location: { schema: { type: 'string' as const } } },
};

export const list = createRoute({
  method: 'get',
  path: '/api/episodes',
  tags: ['episodes'],
  summary: 'Episodes, newest first, optionally of one show',
  request: {
    query: z.object({
      show: z
        .string()
        .max(200, 'show must be at most 200 characters')
        .optional()
        // `?show=` (an empty form field) means every show, as an empty limit means the default.
        .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
        .openapi({
          param: { name: 'show', in: 'query' },
          description: 'Show id; empty or absent for every show',
        }),
      limit: integerParam('limit', 1, 100, 20),
      offset: integerParam('offset', 0, 1_000_000, 0),
    }),
  },
  responses: {
    200: {
      description: 'A page of episodes',
      content: {
        'application/json': {
          schema: z.object({
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
            items: z.array(EpisodeSchema),
          }),
        },
      },
    },
    400: errorResponse('Invalid parameter'),
    404: errorResponse('No show with this id'),
  },
});

export const getOne = createRoute({
  method: 'get',
  path: '/api/episodes/{id}',
  tags: ['episodes'],
  summary: 'One episode: metadata, speakers, chapters, media URL, source and every cue',
  request: { params: EpisodeIdParams },
  responses: {
    200: {
      description: 'The episode and its transcript',
      content: {
        'application/json': {
          schema: z.object({
            episode: EpisodeSchema,
            show: ShowSchema.nullable(),
            cues: z.array(CueSchema),
            videoSize: VideoSizeSchema.nullable().openapi({
              description:
                "A local video's picture as shown (sample aspect ratio and rotation applied), so a page can " +
                'give it its shape before it loads; null for audio, remote media or an unreadable file',
            }),
          }),
        },
      },
    },
    301: MOVED,
    304: { description: 'Not modified: If-None-Match names the ETag of the episode the client holds' },
    404: errorResponse('No episode with this id'),
  },
});

const transcriptContentTypes = {
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  txt: 'text/plain',
} as const;

const transcriptDescriptions = {
  vtt: 'WebVTT with <v> voice spans',
  srt: 'SubRip',
  json: 'Podcasting 2.0 transcript JSON',
  txt: 'Plain text with speaker names and timestamps',
} as const;

const NOT_MODIFIED = {
  description: 'Not modified: If-None-Match names the ETag of the export the client holds',
};

/** One route per format, so each is documented with its own content type. */
function transcriptRoute<F extends (typeof TRANSCRIPT_FORMATS)[number]>(format: F) {
  return createRoute({
    method: 'get',
    path: `/api/episodes/{id}/transcript.${format}` as const,
    tags: ['episodes'],
    summary: `The transcript as ${transcriptDescriptions[format]}`,
    request: { params: EpisodeIdParams },
    responses: {
      200: {
        description: 'The transcript file, sent as an attachment named after the episode',
        content: { [transcriptContentTypes[format]]: { schema: z.string() } },
      },
      304: NOT_MODIFIED,
      301: MOVED,
      404: errorResponse('No episode with this id'),
    },
  });
}

export const transcriptVtt = transcriptRoute('vtt');
export const transcriptSrt = transcriptRoute('srt');
export const PodcastTranscriptSchema = z
  .object({
    version: z.string(),
    segments: z.array(
      z.object({
        speaker: z.string().optional(),
        startTime: z.number(),
        endTime: z.number(),
        body: z.string(),
      }),
    ),
  })
  .openapi('PodcastTranscript');

export const transcriptJson = createRoute({
  ...transcriptRoute('json'),
  responses: {
    200: {
      description: 'Podcasting 2.0 transcript JSON, sent as an attachment named after the episode',
      content: { 'application/json': { schema: PodcastTranscriptSchema } },
    },
    304: NOT_MODIFIED,
    301: MOVED,
    404: errorResponse('No episode with this id'),
  },
});
export const transcriptTxt = transcriptRoute('txt');

export const chapters = createRoute({
  method: 'get',
  path: '/api/episodes/{id}/chapters.json',
  tags: ['episodes'],
  summary: 'Chapters in the Podcasting 2.0 JSON chapters format',
  request: { params: EpisodeIdParams },
  responses: {
    200: {
      description: 'Chapters',
      content: {
        'application/json+chapters': {
          schema: z.object({ version: z.string(), chapters: z.array(z.unknown()) }),
        },
      },
    },
    304: NOT_MODIFIED,
    301: MOVED,
    404: errorResponse('No episode with this id'),
  },
});

export type ListRoute = typeof list;
export type GetOneRoute = typeof getOne;
export type TextTranscriptRoute = typeof transcriptVtt | typeof transcriptSrt | typeof transcriptTxt;
export type JsonTranscriptRoute = typeof transcriptJson;
export type ChaptersRoute = typeof chapters;
