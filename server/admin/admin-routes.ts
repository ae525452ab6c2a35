import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app/app-deps.ts';

/** Admin write routes: upload, delete, reindex (issue 7). */
export function createAdminRoutes(_deps: AppDeps): OpenAPIHono {
  return new OpenAPIHono();
}
