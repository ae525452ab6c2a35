import { createRoute, z } from '@hono/zod-openapi';
import { ShowSummarySchema, errorResponse } from '../api-schemas.ts';

export const ShowIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200, 'id must be at most 200 characters')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'libertes-numeriques' }),
});

export const list = createRoute({
  method: 'get',
  path: '/api/shows',
  tags: ['shows'],
  summary: 'Every show with its episode count',
  responses: {
    200: {
      description: 'Shows',
      content: { 'application/json': { schema: z.object({ items: z.array(ShowSummarySchema) }) } },
    },
  },
});

export const getOne = createRoute({
  method: 'get',
  path: '/api/shows/{id}',
  tags: ['shows'],
  summary: 'One show',
  request: { params: ShowIdParams },
  responses: {
    200: { description: 'The show', content: { 'application/json': { schema: ShowSummarySchema } } },
    404: errorResponse('No show with this id'),
  },
});

export type ListRoute = typeof list;
export type GetOneRoute = typeof getOne;
