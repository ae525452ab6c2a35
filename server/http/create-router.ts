import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { validationErrorFromZod } from './errors/error-response.ts';

/** A router whose zod validation failures become 400 `bad_request` errors naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const repeated = new Map<string, number>();
      if (result.target === 'query')
        for (const [name, values] of Object.entries(c.req.queries()))
          if (values.length > 1) repeated.set(name, values.length);
      throw validationErrorFromZod(result.error, result.target, repeated);
    },
  });
}
