// Admin write endpoints (upload, delete, reindex) need `Authorization: Bearer <token>`.
// With no token configured they are disabled (403), never open.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../app/app-deps.ts';
import { ForbiddenError, UnauthorizedError } from '../../errors.ts';

/** Compares digests so neither the token's content nor its length leaks through timing. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function requireAdmin(deps: Pick<AppDeps, 'config'>): MiddlewareHandler {
  return async (c, next) => {
    const expected = deps.config.adminToken;
    if (!expected) {
      throw new ForbiddenError('Admin endpoints are disabled: set VERBATIM_ADMIN_TOKEN to enable them.');
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1] || !tokensMatch(match[1], expected)) throw new UnauthorizedError();
    await next();
  };
}
