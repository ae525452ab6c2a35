import { createRoute, z } from '@hono/zod-openapi';
import { SearchResponseSchema, errorResponse } from '../api-schemas.ts';
import { dateParam, integerParam, listParam } from '../query-params.ts';

export const MAX_QUERY_LENGTH = 256;
export const MAX_SEARCH_OFFSET = 10_000;

export const SearchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required: the words or "exact phrase" to search for' })
    .max(MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH} characters`)
    .refine((q) => q.trim().length > 0, 'q must contain at least one word')
    .openapi({
      param: { name: 'q', in: 'query' },
      description: 'Words to find; "quoted phrase" for an exact phrase, -word to exclude',
      example: 'reconnaissance faciale',
    }),
  show: listParam('show', 'Show ids (repeat or comma-separate)'),
  episode: listParam('episode', 'Episode ids (repeat or comma-separate)'),
  speaker: listParam('speaker', 'Speaker names (repeat the parameter for several)', false),
  lang: listParam('lang', 'Language codes such as fr, en'),
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
  limit: integerParam('limit', 1, 100, 20),
  offset: integerParam('offset', 0, MAX_SEARCH_OFFSET, 0),
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
