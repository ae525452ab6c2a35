import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app/app-deps.ts';

/** Clip, pack, oEmbed and share-page routes (issue 6). */
export function createClipsRoutes(_deps: AppDeps): OpenAPIHono {
  return new OpenAPIHono();
}
