import { createRoute, z } from '@hono/zod-openapi';
import { SearchResponseSchema, errorResponse } from '../api-schemas.ts';
import { ValidationError } from '../../errors.ts';
import {
  codePointCount,
  MAX_QUERY_LENGTH,
  MAX_QUERY_WORDS,
  parseQuery,
} from '../../search/query/parse-query.ts';
import { dateParam, integerParam, listParam } from '../query-params.ts';

export const MAX_SEARCH_OFFSET = 10_000;

/** Values one filter parameter may list (`?show=a,b,…`). */
export const MAX_FILTER_VALUES = 50;

/** The query's own rules (words to find, at most 12 words…), reported like any other field. */
function checkQueryText(q: string, ctx: z.RefinementCtx): void {
  if (codePointCount(q) > MAX_QUERY_LENGTH) {
    ctx.addIssue({ code: 'custom', message: `q must be at most ${MAX_QUERY_LENGTH} characters` });
    return;
  }
  if (q.trim().length === 0) {
    ctx.addIssue({ code: 'custom', message: 'q must contain at least one word' });
    return;
  }
  try {
    parseQuery(q);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message.replace(/^q: /, '') });
  }
}

export const SearchQuerySchema = z
  .object({
    q: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'q is required: the words or "exact phrase" to search for'
            : 'q must be given once, as text',
      })
      .superRefine(checkQueryText)
      .openapi({
        param: { name: 'q', in: 'query' },
        description: `Words to find; "quoted phrase" for an exact phrase, -word to exclude. At most ${MAX_QUERY_LENGTH} characters; of a longer query (a pasted quote) the first ${MAX_QUERY_WORDS} words are searched, as the answer's shortened says`,
        example: 'reconnaissance faciale',
      }),
    show: listParam('show', 'Show ids (repeat or comma-separate)', true, MAX_FILTER_VALUES),
    episode: listParam('episode', 'Episode ids (repeat or comma-separate)', true, MAX_FILTER_VALUES),
    speaker: listParam(
      'speaker',
      'Speaker names (repeat the parameter for several)',
      false,
      MAX_FILTER_VALUES,
    ),
    lang: listParam('lang', 'Language codes such as fr, en', true, MAX_FILTER_VALUES),
    from: dateParam('from', 'start'),
    to: dateParam('to', 'end'),
    sort: z
      .enum(['relevance', 'newest', 'oldest'], { error: 'sort must be relevance, newest or oldest' })
      .default('relevance')
      .openapi({ param: { name: 'sort', in: 'query' } }),
    group: z
      .enum(['none', 'episode'], { error: 'group must be none or episode' })
      .default('none')
      .openapi({
        param: { name: 'group', in: 'query' },
        description: 'episode: one group per episode with every moment',
      }),
    limit: integerParam('limit', 1, 100, 20, 'Moments per page (episodes with group=episode)'),
    offset: integerParam('offset', 0, MAX_SEARCH_OFFSET, 0, 'Moments to skip (episodes with group=episode)'),
    compact: z
      .enum(['true', 'false'], { error: 'compact must be true or false' })
      .default('false')
      .transform((value) => value === 'true')
      .openapi({
        param: { name: 'compact', in: 'query' },
        type: 'string',
        enum: ['true', 'false'],
        default: 'false',
        description:
          'true (with group=episode only): each moment once, in its group, without its episode (the ' +
          "group's); hits is then empty. A long episode's thousands of moments come in a third of the bytes",
      }),
    context: z
      .enum(['true', 'false'], { error: 'context must be true or false' })
      .default('true')
      .transform((value) => value === 'true')
      .openapi({
        param: { name: 'context', in: 'query' },
        type: 'string',
        enum: ['true', 'false'],
        default: 'true',
        description:
          'false: moments without before and after (the text around each snippet), for a client showing ' +
          "them in the transcript itself: a long episode's thousands of moments come in about half the bytes",
      }),
  })
  .superRefine((query, ctx) => {
    if (query.compact && query.group !== 'episode') {
      ctx.addIssue({
        code: 'custom',
        path: ['compact'],
        message: 'compact=true needs group=episode: without groups every moment is in hits',
      });
    }
    // Both are inclusive days (a year or month stands for its first and last day).
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `to (${query.to}) is before from (${query.from}): nothing could match`,
      });
    }
  });

export const search = createRoute({
  method: 'get',
  path: '/api/search',
  tags: ['search'],
  summary: 'Search every transcript for a quote',
  description:
    'Returns the moments where the words are spoken (start time in seconds, snippet with highlight ranges), ' +
    'facet counts, and with group=episode one group per episode. Rate-limited per client.',
  request: { query: SearchQuerySchema },
  responses: {
    200: {
      description:
        'Search results. Embedded mode tags each answer with an ETag (Cache-Control: no-cache): ' +
        'the tag changes when the archive does',
      content: { 'application/json': { schema: SearchResponseSchema } },
    },
    304: { description: 'Not modified: If-None-Match names the answer the client holds' },
    400: errorResponse('Invalid parameter (named in error.details.issues)'),
    429: errorResponse('Too many searches from this client; see Retry-After'),
    503: errorResponse('Search backend unavailable'),
  },
});

export type SearchRoute = typeof search;
