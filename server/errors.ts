// One error type for the whole archive. The HTTP layer maps `status` and `code` in one
// place; CLIs print `message`. `details` is safe to show to clients (never a stack).

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'gone',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'backend_unavailable',
  'parse_error',
  'not_implemented',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class VerbatimError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends VerbatimError {
  constructor(message: string, details?: unknown, options?: { cause?: unknown }) {
    super('bad_request', 400, message, details, options);
  }
}

export class UnauthorizedError extends VerbatimError {
  constructor(message = 'A valid admin token is required (Authorization: Bearer <token>).') {
    super('unauthorized', 401, message);
  }
}

export class ForbiddenError extends VerbatimError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}

export class NotFoundError extends VerbatimError {
  constructor(what: string, id: string) {
    super('not_found', 404, `${what} not found: ${id}`, { what, id });
  }
}

export class ConflictError extends VerbatimError {
  constructor(message: string, details?: unknown) {
    super('conflict', 409, message, details);
  }
}

export class GoneError extends VerbatimError {
  constructor(message: string, details?: unknown) {
    super('gone', 410, message, details);
  }
}

export class PayloadTooLargeError extends VerbatimError {
  constructor(what: string, limitBytes: number) {
    super('payload_too_large', 413, `${what} is larger than the limit of ${limitBytes} bytes`, {
      limitBytes,
    });
  }
}

export class RateLimitedError extends VerbatimError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 429, `Too many requests; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export class BackendUnavailableError extends VerbatimError {
  constructor(backend: string, reason: string, options?: { cause?: unknown }) {
    super(
      'backend_unavailable',
      503,
      `Search backend ${backend} is unavailable: ${reason}`,
      { backend },
      options,
    );
  }
}

/** A file (a transcript or its sidecar JSON) that cannot be imported. `line` is 1-based when known. */
export class TranscriptParseError extends VerbatimError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super('parse_error', 422, `${file}${line ? `:${line}` : ''}: ${reason}`, { file, line, reason }, options);
  }
}
