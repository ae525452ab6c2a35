import type { RouteHandler } from '@hono/zod-openapi';
import type { ArchiveCounts } from '../../store/archive-store.ts';
import type { AppEnv } from '../app-env.ts';
import { serverVersion } from '../server-version.ts';
import type { HealthRoute } from './health.routes.ts';

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const health: RouteHandler<HealthRoute, AppEnv> = async (c) => {
  const { search, store } = c.var.deps;
  const [backendHealth, counts] = await Promise.all([
    search.health().catch((err: unknown) => ({ ok: false, backend: search.name, reason: reasonOf(err) })),
    store.counts().catch((): ArchiveCounts | null => null),
  ]);
  const body = {
    version: serverVersion,
    backend: backendHealth.backend,
    counts,
  };
  if (!backendHealth.ok) {
    const reason = backendHealth.reason ?? 'search backend did not report healthy';
    return c.json({ ...body, status: 'unavailable' as const, reason }, 503);
  }
  return c.json({ ...body, status: 'ok' as const }, 200);
};
