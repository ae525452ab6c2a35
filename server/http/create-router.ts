import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { validationErrorFromZod } from './errors/error-response.ts';

/** A router whose zod validation failures become 400 `bad_request` errors naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFromZod(result.error, result.target);
    },
  });
}
