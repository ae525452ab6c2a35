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
    index: z
      .object({
        state: z.enum(['current', 'outdated', 'rebuilding']),
        since: z
          .string()
          .optional()
          .openapi({ description: 'rebuilding: when the rebuild started (ISO 8601)' }),
        detail: z
          .string()
          .optional()
          .openapi({ description: 'outdated, rebuilding: what it means and what to do' }),
      })
      .optional()
      .openapi({
        description:
          'The search index: current; outdated (built by an earlier version, answering as it is until rebuilt); or being rebuilt in the background (searches answer from the previous index until the switch). Absent when it cannot be told (the archive cannot be read).',
      }),
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
