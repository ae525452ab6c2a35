// Headers and limits every response gets: CSP and friends, CORS from the allow-list,
// a request body limit, and the per-client search rate limit.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../config/env.ts';
import { PayloadTooLargeError, RateLimitedError } from '../../errors.ts';

/** JSON bodies (clips, packs) are small; only transcript/media uploads get the upload limit. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  // Remote episode media (podcast CDNs) plays in the app as well as local /media files.
  mediaSrc: ["'self'", 'blob:', 'data:', 'https:', 'http:'],
  connectSrc: ["'self'", 'https:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'", 'blob:'],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

export function securityHeaders(): MiddlewareHandler {
  // overwrite: false lets a route (a share page, say) send a stricter policy of its own.
  const regular = secureHeaders({ contentSecurityPolicy, overwrite: false });
  const media = secureHeaders({
    contentSecurityPolicy,
    crossOriginResourcePolicy: 'cross-origin',
    overwrite: false,
  });
  // Clip embeds are meant to be framed by course pages anywhere.
  const embeds = secureHeaders({
    contentSecurityPolicy: { ...contentSecurityPolicy, frameAncestors: ['*'] },
    xFrameOptions: false,
    crossOriginResourcePolicy: 'cross-origin',
    overwrite: false,
  });
  return (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/embed/')) return embeds(c, next);
    if (path.startsWith('/media/')) return media(c, next);
    return regular(c, next);
  };
}

export function corsFromAllowList(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Range',
      'If-None-Match',
      'If-Modified-Since',
      'If-Range',
    ],
    // Every header the API documents, so a page on an allowed origin reads what a server can.
    exposeHeaders: [
      'Content-Range',
      'Accept-Ranges',
      'Content-Length',
      'Content-Disposition',
      'ETag',
      'Allow',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'RateLimit-Policy',
      'X-Verbatim-Transcript-Changed',
      'X-Verbatim-Quote-Estimated',
    ],
    maxAge: 600,
  });
}

export function limitBodySize(config: Pick<Config, 'maxUploadBytes'>): MiddlewareHandler {
  const limiter = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError(what, maxSize);
      },
    });
  const uploads = limiter(config.maxUploadBytes, 'Upload');
  const json = limiter(JSON_BODY_LIMIT_BYTES, 'Request body');
  return (c, next) =>
    c.req.method === 'POST' && c.req.path === '/api/episodes' ? uploads(c, next) : json(c, next);
}

/** The TCP peer address; behind a reverse proxy this is the proxy (see the README). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress ?? 'local';
}

/**
 * The refusal of a client over its limit: it may come back when its window ends, as the
 * RateLimit-Reset header says too (not a whole window later).
 */
export function refuseUntilWindowEnds(windowMs: number): (c: Context) => never {
  return (c) => {
    const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
    const resetMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : windowMs;
    throw new RateLimitedError(Math.max(1, Math.ceil(resetMs / 1000)));
  };
}

export function searchRateLimit(config: Pick<Config, 'searchRateLimitPerMinute'>): MiddlewareHandler {
  const windowMs = 60_000;
  const limiter = rateLimiter({
    windowMs,
    limit: config.searchRateLimitPerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: clientAddress,
    handler: refuseUntilWindowEnds(windowMs),
    // A revalidation answered 304 ran no search (a page left open, a proxy): it gives back
    // what it took, so it never uses up a client's searches.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (c) => c.res.status === 304,
  });
  // Only searches count: a wrong method gets its 405 without using up the client's budget.
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return limiter(c, next);
    await next();
  };
}
