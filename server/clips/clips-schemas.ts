// Request and response schemas of the clip, pack and oEmbed endpoints (and their OpenAPI docs).
import { z } from '@hono/zod-openapi';
import { CueSchema, EpisodeSchema, ShowSchema } from '../http/api-schemas.ts';
import { citationLanguages, citationStyles } from './format-citation.ts';
import { clipNoteMaxLength, clipTitleMaxLength } from './create-clip.ts';
import { packMaxItems } from './create-pack.ts';

export const ShortIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64, 'id must be at most 64 characters')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'k7Hq2mWx9P' }),
});

const seconds = (description: string) =>
  z.number({ error: 'must be a number of seconds' }).finite().min(0, 'must be ≥ 0').openapi({ description });

export const ClipCreateSchema = z
  .object({
    episodeId: z.string().min(1, 'is required').max(200),
    start: seconds('Seconds from the start of the episode'),
    end: seconds('Seconds; after start, at most the duration'),
    title: z.string().max(clipTitleMaxLength).nullish(),
    note: z.string().max(clipNoteMaxLength).nullish(),
  })
  .openapi('ClipCreate');

// Shared links must keep meaning the same range, so a range edit is refused, not ignored.
const fixedRange = z
  .unknown()
  .refine((v) => v === undefined, {
    error: "a clip's range cannot be changed: make a new clip for another range",
  })
  .optional()
  .openapi({ description: 'Refused: the range of a clip cannot be changed' });

export const ClipEditSchema = z
  .object({
    title: z.string().max(clipTitleMaxLength).nullish(),
    note: z.string().max(clipNoteMaxLength).nullish(),
    start: fixedRange,
    end: fixedRange,
  })
  .openapi('ClipEdit');

export const EpisodeAtCutSchema = z
  .object({
    showId: z.string(),
    showTitle: z.string(),
    showUrl: z.string().nullable(),
    title: z.string(),
    date: z.string().nullable(),
    language: z.string().nullable(),
    speakers: z.array(z.string()).openapi({ description: 'Everyone heard in the range, in order' }),
    mediaType: z.string().nullable(),
    url: z.string().nullable().openapi({ description: "The episode's own URL, from its metadata" }),
    license: z.string().nullable(),
    duration: z.number(),
    source: z.string().openapi({ description: 'Transcript file, relative to the transcripts root' }),
  })
  .openapi('EpisodeAtCut', {
    description:
      'The episode as it was when the clip was cut: the clip is shown and cited from it once the episode is gone',
  });

export const ClipSchema = z
  .object({
    id: z.string(),
    episodeId: z.string(),
    start: z.number(),
    end: z.number(),
    title: z.string().nullable(),
    note: z.string().nullable(),
    quote: z.string(),
    revision: z.string(),
    createdAt: z.string(),
    episodeAtCut: EpisodeAtCutSchema.nullable().openapi({
      description: 'Null only for a clip whose episode was deleted before clips kept these details',
    }),
  })
  .openapi('Clip');

export const ClipLinksSchema = z
  .object({
    page: z.string(),
    embed: z.string(),
    card: z.string(),
    oembed: z.string(),
    // Absent, not null, when the episode is gone: they would lead to a 404 page and a 410.
    episodeRange: z.string().optional().openapi({
      description: 'Plays the range on the episode page; absent when the episode is gone (episodeGone)',
    }),
    audio: z.string().optional().openapi({
      description: 'The audio export; absent when the episode is gone (episodeGone)',
    }),
  })
  .openapi('ClipLinks');

// The episode fields a clip view carries: a subset of the API's episode, so the two never drift.
export const ClipEpisodeSchema = EpisodeSchema.pick({
  id: true,
  showId: true,
  title: true,
  date: true,
  language: true,
  mediaUrl: true,
  mediaType: true,
  url: true,
  license: true,
  duration: true,
  revision: true,
}).openapi('ClipEpisode');

export const ClipViewSchema = z
  .object({
    clip: ClipSchema,
    episode: ClipEpisodeSchema,
    show: ShowSchema.nullable(),
    cues: z.array(CueSchema).openapi({
      description:
        'The cues of the range, cut to it (a cue the clip starts or ends inside keeps only the words of the range when word timings exist), original times',
    }),
    speaker: z
      .string()
      .nullable()
      .openapi({ description: 'Everyone heard in the range, in order of appearance, comma-separated' }),
    range: z.string().openapi({ example: '0:41–1:27' }),
    links: ClipLinksSchema,
    /** True when the transcript changed since the clip was cut. */
    transcriptChanged: z.boolean(),
    episodeGone: z.boolean().openapi({
      description:
        'The episode is no longer in the archive: episode and show are as stored when the clip was cut; no media, cues or audio and caption exports (410)',
    }),
    quoteEstimated: z.literal(true).optional().openapi({
      description:
        'Present when an end of the clip is inside a line over 15 s long without word timings (a timestamped-text turn): the quote is the words estimated to be said in the range',
    }),
    embedHtml: z.string(),
  })
  .openapi('ClipView');

export const ClipCreatedSchema = ClipViewSchema.extend({
  editToken: z.string().openapi({ description: 'Keep it: needed to edit or delete the clip' }),
  snap: z
    .object({
      to: z.enum(['words', 'cues', 'none', 'estimated']).openapi({
        description:
          'What the ends went out to: the words they cut into, whole cues (no word timings there), or nothing (no transcript there); ' +
          '"estimated": an end falls more than 3 s inside a line over 15 s long without word timings (a timestamped-text turn), ' +
          'so it stays where it was asked and the quote is the words estimated to be said in the range (spread over the line by their length)',
      }),
      requestedStart: z.number(),
      requestedEnd: z.number(),
    })
    .openapi({
      description:
        'The range asked for: the clip covers it, its ends moved out to the words (or cues) they cut into, except an end kept deep inside a long line without word timings (to: "estimated")',
    }),
}).openapi('ClipCreated');

/** The language of the text citing the clip: its dates, genre and notes ("5 mars 2024", "Dans"). */
const citationLanguageParam = z
  .enum(citationLanguages)
  .default('en')
  .openapi({
    param: { name: 'lang', in: 'query' },
    description:
      'The language of the text citing the clip: its dates, genre and notes ("5 mars 2024", "Dans")',
  });

export const CitationQuerySchema = z.object({
  style: z
    .enum(citationStyles)
    .default('apa')
    .openapi({ param: { name: 'style', in: 'query' } }),
  lang: citationLanguageParam,
});

export const CitationSchema = z
  .object({
    style: z.enum(citationStyles),
    text: z.string(),
    markdown: z.string(),
    inText: z.string().nullable(),
    range: z.string(),
  })
  .openapi('Citation');

export const ExportParams = ShortIdParams.extend({
  format: z.enum(['audio', 'vtt', 'srt', 'md']).openapi({ param: { name: 'format', in: 'path' } }),
});

/**
 * The words and citations of the Markdown export and of a pack zip's handout and offline page
 * follow `lang`; media and captions have none.
 */
export const ExportQuery = z.object({ lang: citationLanguageParam });

export const PackCreateSchema = z
  .object({
    title: z.string().min(1, 'is required').max(200),
    intro: z.string().max(5000).nullish(),
    items: z
      .array(
        z.object({ clipId: z.string().min(1).max(64), note: z.string().max(clipNoteMaxLength).nullish() }),
      )
      .min(1, 'a pack needs at least one clip')
      .max(packMaxItems, `a pack holds at most ${packMaxItems} clips`),
  })
  .openapi('PackCreate');

export const PackSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    intro: z.string().nullable(),
    items: z.array(z.object({ clipId: z.string(), note: z.string().nullable() })),
    createdAt: z.string(),
  })
  .openapi('Pack');

export const PackClipItemSchema = ClipViewSchema.extend({
  missing: z.literal(false),
  note: z.string().nullable(),
}).openapi('PackClipItem');

export const PackMissingItemSchema = z
  .object({
    missing: z.literal(true).openapi({
      description:
        'The clip was deleted since the pack was made (a clip whose episode was deleted stays, with episodeGone)',
    }),
    clipId: z.string(),
    note: z.string().nullable().openapi({ description: "The pack's note for this item, kept" }),
    code: z.enum(['clip_deleted']).openapi({
      description:
        'Why the clip is missing, for clients to say in their own language (title and reason are English)',
    }),
    title: z.string().openapi({ example: 'Clip 2 was deleted' }),
    reason: z.string().openapi({ example: 'the clip was deleted' }),
  })
  .openapi('PackMissingItem');

export const PackViewSchema = z
  .object({
    pack: PackSchema,
    items: z
      // A plain union: a discriminator on a boolean is not one OpenAPI clients can map to a schema.
      .array(z.union([PackClipItemSchema, PackMissingItemSchema]))
      .openapi({ description: 'In pack order; deleted clips keep their place, marked missing' }),
    links: z.object({ page: z.string(), zip: z.string() }),
  })
  .openapi('PackView');

export const PackCreatedSchema = PackViewSchema.extend({ editToken: z.string() }).openapi('PackCreated');

export const OembedQuerySchema = z.object({
  url: z
    .string()
    .min(1, 'is required')
    .max(2000)
    .openapi({ param: { name: 'url', in: 'query' } }),
  format: z
    .string()
    .default('json')
    .openapi({ param: { name: 'format', in: 'query' } }),
  maxwidth: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ param: { name: 'maxwidth', in: 'query' } }),
  maxheight: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ param: { name: 'maxheight', in: 'query' } }),
});

export const OembedSchema = z
  .object({
    version: z.literal('1.0'),
    type: z.literal('rich'),
    title: z.string(),
    author_name: z.string().optional(),
    author_url: z.string().optional(),
    provider_name: z.string(),
    provider_url: z.string(),
    html: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    thumbnail_url: z.string(),
    thumbnail_width: z.number().int(),
    thumbnail_height: z.number().int(),
    cache_age: z.number().int(),
  })
  .openapi('OEmbed');
