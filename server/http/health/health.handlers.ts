import type { RouteHandler } from '@hono/zod-openapi';
import type { ArchiveCounts } from '../../store/archive-store.ts';
import type { AppEnv } from '../app-env.ts';
import { serverVersion } from '../server-version.ts';
import type { HealthRoute } from './health.routes.ts';

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const health: RouteHandler<HealthRoute, AppEnv> = async (c) => {
  const { search, store, searchIndexState } = c.var.deps;
  // Called inside then(): a store that cannot be read throws as it is called (a closed or
  // broken SQLite file), which must give the documented 503, not a 500.
  const [backendHealth, counts, index] = await Promise.all([
    Promise.resolve()
      .then(() => search.health())
      .catch((err: unknown) => ({ ok: false, backend: search.name, reason: reasonOf(err) })),
    Promise.resolve()
      .then(() => store.counts())
      .catch((): ArchiveCounts | null => null),
    Promise.resolve()
      .then(() => searchIndexState?.())
      .catch(() => undefined),
  ]);
  const body = {
    version: serverVersion,
    backend: backendHealth.backend,
    counts,
    ...(index ? { index } : {}),
  };
  if (!backendHealth.ok) {
    const reason = backendHealth.reason ?? 'search backend did not report healthy';
    return c.json({ ...body, status: 'unavailable' as const, reason }, 503);
  }
  return c.json({ ...body, status: 'ok' as const }, 200);
};
