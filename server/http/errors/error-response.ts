// The one place where errors become HTTP responses: `{ error: { code, message, details } }`.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { ValidationError, VerbatimError, type ErrorCode } from '../../errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown };
}

/**
 * Zod issues as `{ field, message }`, so a client sees which input was wrong and why.
 * `repeated` counts the query parameters given more than once: one of those that takes a
 * single value is refused for that, not for a type or value it was not given.
 */
export function validationErrorFromZod(
  error: ZodError,
  target?: string,
  repeated: ReadonlyMap<string, number> = new Map(),
): ValidationError {
  const issues = error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || null;
    // A list parameter takes repeats: its own checks (code custom) say what is wrong.
    const times =
      target === 'query' && field !== null && issue.code !== 'custom' ? repeated.get(field) : undefined;
    // zod's own words for an absent field ("expected string, received undefined"), said plainly.
    const absent =
      issue.code === 'invalid_type' && field !== null && /received undefined$/.test(issue.message)
        ? `${field} is required (a${/^[aeiou]/.test(issue.expected) ? 'n' : ''} ${issue.expected})`
        : undefined;
    const message = times
      ? `${field} must be given once (it was given ${times} times)`
      : (absent ?? issue.message);
    return { field, message };
  });
  const first = issues[0];
  const where = target === 'query' ? 'query parameter' : target === 'param' ? 'path parameter' : 'field';
  const message = first
    ? first.field
      ? `Invalid ${where} "${first.field}": ${first.message}`
      : `Invalid ${target ?? 'input'}: ${first.message}`
    : 'Invalid input';
  return new ValidationError(message, { target: target ?? null, issues });
}

const codeForStatus: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'backend_unavailable',
};

/** The Content-Types an endpoint's body may have (from its route schema); empty when unknown. */
export type AcceptedBodyTypes = (method: string, path: string) => string[];

/** A body of a type the route does not take: say which it got and which it takes. */
function unsupportedBodyType(c: Context, accepted: string[]): VerbatimError {
  const given = c.req.header('Content-Type')?.trim() || null;
  const takes = accepted.length > 0 ? `: send ${accepted.join(' or ')}` : '';
  const message = given
    ? `Content-Type "${given}" is not accepted by ${c.req.method} ${c.req.path}${takes}`
    : `The request body has no Content-Type${takes}`;
  return new VerbatimError('unsupported_media_type', 415, message, { contentType: given, accepted });
}

function toVerbatimError(
  err: unknown,
  c: Context,
  acceptedBodyTypes: AcceptedBodyTypes,
): VerbatimError | null {
  if (err instanceof VerbatimError) return err;
  if (err instanceof ZodError) return validationErrorFromZod(err);
  if (err instanceof HTTPException && err.status === 415)
    return unsupportedBodyType(c, acceptedBodyTypes(c.req.method, c.req.path));
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx (malformed JSON body, body limit...): its message is written for clients.
    const code = codeForStatus[err.status] ?? 'bad_request';
    const message = err.message || (err.status === 413 ? 'Request body too large' : 'Bad request');
    return new VerbatimError(code, err.status, message);
  }
  return null;
}

/**
 * A 400's details with `issues`, as the API promises for every bad request: errors raised
 * past validation (an unknown episode, a malformed body) name at most one `field`.
 */
function withIssues(err: VerbatimError): unknown {
  const details = err.details as { issues?: unknown; field?: unknown } | null | undefined;
  if (err.code !== 'bad_request' || Array.isArray(details?.issues)) return err.details ?? null;
  const field = typeof details?.field === 'string' ? details.field : null;
  // "end: must be…", "items[0].clipId: no clip…", 'Invalid field "media": expected…'
  const message = field ? err.message.replace(/^(?:Invalid field "[^"]*"|[\w.[\]-]+): /, '') : err.message;
  return { ...(details ?? {}), issues: [{ field, message }] };
}

export function errorResponse(c: Context, err: VerbatimError): Response {
  if (err.code === 'rate_limited') {
    const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retry === 'number') c.header('Retry-After', String(retry));
  }
  if (err.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="verbatim-admin"');
  const body: ErrorBody = { error: { code: err.code, message: err.message, details: withIssues(err) } };
  return c.json(body, err.status as ContentfulStatusCode);
}

/** Central `app.onError`: known errors keep their status; anything else is a generic 500. */
export function createErrorHandler(acceptedBodyTypes: AcceptedBodyTypes = () => []): ErrorHandler {
  return (err, c) => {
    const known = toVerbatimError(err, c, acceptedBodyTypes);
    if (known) return errorResponse(c, known);
    // Logged for the operator; the client only learns that something went wrong.
    console.warn(`[verbatim] ${c.req.method} ${c.req.path} failed:`, err);
    return errorResponse(c, new VerbatimError('internal', 500, 'Internal server error'));
  };
}

export const handleError: ErrorHandler = createErrorHandler();

/** A route pattern (`/api/shows/:id`, `/media/*`) as a regular expression matching its paths. */
function routePattern(routePath: string): RegExp {
  const source = routePath
    .split('/')
    .map((part) =>
      part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The body types each route declares (`{ method, path: '/api/clips/{id}', types }`, as the
 * OpenAPI registry holds them) as a lookup from a request's method and path.
 */
export function acceptedBodyTypesOf(
  routes: () => readonly { method: string; path: string; types: string[] }[],
): AcceptedBodyTypes {
  let table: { method: string; pattern: RegExp; types: string[] }[] | undefined;
  return (method, path) => {
    table ??= routes().map((r) => ({
      method: r.method.toUpperCase(),
      pattern: routePattern(r.path.replace(/\{([^}]+)\}/g, ':$1')),
      types: r.types,
    }));
    return table.find((r) => r.method === method && r.pattern.test(path))?.types ?? [];
  };
}

/** The methods an existing path answers to, for a request that used another one. */
export type AllowedMethods = (path: string) => string[];

/**
 * Route patterns (`/api/shows/:id`, `/media/*`) as a lookup from a path to its methods.
 * Catch-all patterns (the web app's `/*`) are left out: they would make every unknown
 * path a 405.
 */
export function allowedMethodsOf(routes: readonly { method: string; path: string }[]): AllowedMethods {
  const byPattern = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    if (route.method === 'ALL' || /^\/?\*$/.test(route.path)) continue;
    let entry = byPattern.get(route.path);
    if (!entry) {
      entry = { pattern: routePattern(route.path), methods: new Set() };
      byPattern.set(route.path, entry);
    }
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
  }
  const entries = [...byPattern.values()];
  return (path) => {
    const methods = new Set<string>();
    for (const { pattern, methods: m } of entries) if (pattern.test(path)) for (const x of m) methods.add(x);
    return [...methods].sort();
  };
}

/** Central `app.notFound`: 405 with `Allow` when the path exists under other methods. */
export function handleNotFound(allowedMethods: AllowedMethods = () => []): NotFoundHandler {
  return (c) => {
    const { path } = c.req;
    // HEAD is answered as GET would be: the same words, so the same Content-Length.
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const allowed = allowedMethods(path);
    if (allowed.length > 0 && !allowed.includes(method)) {
      c.header('Allow', allowed.join(', '));
      return errorResponse(
        c,
        new VerbatimError(
          'method_not_allowed',
          405,
          `${path} does not answer ${method}; it answers ${allowed.join(', ')}`,
          {
            method,
            path,
            allowed,
          },
        ),
      );
    }
    // `/api/shows/` for `/api/shows`: say so rather than leave the client guessing.
    const bare = path.replace(/\/+$/, '');
    if (bare !== path && bare !== '' && allowedMethods(bare).includes(method)) {
      return errorResponse(
        c,
        new VerbatimError(
          'not_found',
          404,
          `No such endpoint: ${method} ${path}; did you mean ${bare}, without the trailing slash?`,
          { method, path, didYouMean: bare },
        ),
      );
    }
    return errorResponse(
      c,
      new VerbatimError('not_found', 404, `No such endpoint: ${method} ${path}`, { method, path }),
    );
  };
}
