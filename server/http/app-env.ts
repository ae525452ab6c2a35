import type { AppDeps } from '../app/app-deps.ts';

/** Hono environment of the API: every handler reads the archive through `c.var.deps`. */
export interface AppEnv {
  Variables: { deps: AppDeps };
}
