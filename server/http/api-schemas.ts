// Response schemas shared by several features. They mirror server/model/types.ts and
// server/search/search-types.ts; the handlers' `c.json(...)` calls are type-checked
// against them, and the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '../errors.ts';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().openapi({
        description:
          'null, or an object: 400 `{ issues: [{ field, message }] }` (field null when it is the whole body), ' +
          '404 `{ what, id }`, 415 `{ contentType, accepted }`, 429 `{ retryAfterSeconds }`, 410 `{ missing }`',
      }),
    }),
  })
  .openapi('Error');

export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ErrorSchema } } } as const;
}

export const WordTimingSchema = z
  .object({ text: z.string(), start: z.number(), end: z.number() })
  .openapi('WordTiming');

export const CueSchema = z
  .object({
    start: z.number().openapi({ description: 'Seconds' }),
    end: z.number(),
    speaker: z.string().nullable(),
    text: z.string().openapi({ description: 'Plain text, never HTML' }),
    words: z.array(WordTimingSchema).optional(),
  })
  .openapi('Cue');

export const ChapterSchema = z
  .object({
    startTime: z.number(),
    endTime: z.number().optional(),
    title: z.string(),
    url: z.string().optional(),
    img: z.string().optional(),
  })
  .openapi('Chapter');

export const ShowSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    language: z.string().nullable(),
    url: z.string().nullable(),
    image: z.string().nullable(),
    license: z.string().nullable(),
  })
  .openapi('Show');

export const ShowSummarySchema = ShowSchema.extend({ episodeCount: z.number().int() }).openapi('ShowSummary');

export const EpisodeSchema = z
  .object({
    id: z.string(),
    showId: z.string(),
    title: z.string(),
    date: z.string().nullable(),
    language: z.string().nullable(),
    speakers: z.array(z.string()),
    media: z
      .string()
      .nullable()
      .openapi({ description: 'Local path under the transcripts root, or a remote URL' }),
    mediaUrl: z
      .string()
      .nullable()
      .openapi({ description: 'Playable URL: /media/... for local files, the remote URL otherwise' }),
    mediaType: z.string().nullable(),
    url: z.string().nullable(),
    license: z.string().nullable(),
    tags: z.array(z.string()),
    chapters: z.array(ChapterSchema),
    duration: z.number(),
    source: z.string().openapi({ description: 'Transcript file, relative to the transcripts root' }),
    format: z.enum(['vtt', 'srt', 'podcast-json', 'whisper-json', 'whisper-cpp-json', 'markdown', 'text']),
    revision: z.string(),
    cueCount: z.number().int(),
  })
  .openapi('Episode');

export const HitEpisodeSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    showId: z.string(),
    showTitle: z.string(),
    date: z.string().nullable(),
    source: z.string(),
    media: z.string().nullable(),
    mediaUrl: z.string().nullable(),
  })
  .openapi('HitEpisode');

export const TextRangeSchema = z
  .object({ start: z.number().int(), end: z.number().int() })
  .openapi('TextRange');

/** What a moment says, with or without its episode. */
const momentFields = {
  start: z.number().openapi({ description: 'Seconds: where the quote begins' }),
  end: z.number(),
  speaker: z.string().nullable(),
  snippet: z.string(),
  highlights: z.array(TextRangeSchema).openapi({ description: 'Character ranges inside snippet' }),
  before: z
    .string()
    .optional()
    .openapi({ description: 'Text just before the snippet; absent with context=false' }),
  after: z
    .string()
    .optional()
    .openapi({ description: 'Text just after the snippet; absent with context=false' }),
  matchedWords: z.number().int(),
  missingWords: z
    .array(z.string())
    .optional()
    .openapi({
      description:
        'The words (and quoted phrases) typed that this moment does not say, as typed and in the order ' +
        'typed: a partial answer, or a pasted quote with a word misremembered. Absent when it says them all',
    }),
  score: z.number(),
};

export const SearchHitSchema = z.object({ episode: HitEpisodeSchema, ...momentFields }).openapi('SearchHit');

/** A moment in its episode's group: with compact=true, without the episode (the group's). */
export const GroupMomentSchema = z
  .object({
    episode: HitEpisodeSchema.optional().openapi({
      description: "Absent with compact=true: the group's episode",
    }),
    ...momentFields,
  })
  .openapi('GroupMoment');

export const EpisodeGroupSchema = z
  .object({
    episode: HitEpisodeSchema,
    count: z.number().int(),
    moments: z.array(GroupMomentSchema),
    score: z.number(),
  })
  .openapi('EpisodeGroup');

const CountsByKey = z.record(z.string(), z.number().int());

export const SearchResponseSchema = z
  .object({
    query: z.string(),
    total: z.number().int().openapi({
      description:
        'Matching moments; with group=episode, matching episodes (what limit and offset page through)',
    }),
    partial: z.boolean().openapi({
      description: 'True when nothing matched every word and these are the best partial matches',
    }),
    shortened: z
      .object({
        searched: z.string().openapi({ description: 'The first words of q, as typed: what was searched' }),
        words: z.number().int().openapi({ description: 'Words typed in all' }),
      })
      .optional()
      .openapi({
        description:
          'Only when q has more words than a search takes (a pasted quote): its first 12 words are searched, ' +
          'which hold where the quote starts',
      }),
    estimated: z.boolean().optional().openapi({
      description: 'True when total and facets were extrapolated from a sample of a very large match set',
    }),
    facetsEstimated: z
      .boolean()
      .optional()
      .openapi({
        description:
          'True when the facet counts were extrapolated from a sample of the match set: with `estimated`, ' +
          'and also for a grouped answer whose episode count is exact',
      }),
    tookMs: z.number().openapi({ description: 'Time the search took; 0 when `cached` is true' }),
    cached: z.boolean().optional().openapi({
      description:
        'True when the answer was remembered from an identical earlier search of the unchanged archive',
    }),
    hits: z.array(SearchHitSchema).openapi({
      description:
        'The page of moments; with group=episode, every moment of the episodes in groups (empty with compact=true)',
    }),
    groups: z.array(EpisodeGroupSchema).optional().openapi({
      description:
        'With group=episode only: the page of episodes, best first, each with every moment in time order',
    }),
    facets: z
      .object({ show: CountsByKey, speaker: CountsByKey, language: CountsByKey, year: CountsByKey })
      .openapi({
        description:
          'Matching moments by show, by the speaker who says them (not everyone speaking in the passage), ' +
          'by language and by year; estimated like `total` when `estimated` is true, and the same whatever the `sort`',
      }),
  })
  .openapi('SearchResponse');
