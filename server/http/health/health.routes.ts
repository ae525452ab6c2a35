import { createRoute, z } from '@hono/zod-openapi';

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string(),
    backend: z.string(),
    reason: z.string().optional().openapi({ description: 'Why the archive cannot answer searches' }),
    counts: z
      .object({
        shows: z.number().int(),
        episodes: z.number().int(),
        cues: z.number().int(),
        clips: z.number().int(),
        packs: z.number().int(),
      })
      .nullable(),
  })
  .openapi('Health');

export const health = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['health'],
  summary: 'Search backend, archive counts and version',
  responses: {
    200: { description: 'Ready to search', content: { 'application/json': { schema: HealthSchema } } },
    503: {
      description: 'The search backend is unreachable (reason says why)',
      content: { 'application/json': { schema: HealthSchema } },
    },
  },
});

export type HealthRoute = typeof health;
