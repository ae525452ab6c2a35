// HTTP GET for feed import: follows redirects, times out, retries transient failures
// with backoff, refuses bodies over a size limit, and does conditional requests.
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VerbatimError } from '../../errors.ts';
import { writeBodyToFile } from '../../shared/write-body-to-file.ts';
import type { HostPauses } from './limit-requests.ts';

export class FetchFailedError extends VerbatimError {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly httpStatus?: number,
    /** Whether trying again later might succeed (timeouts, 5xx, 429). */
    readonly retryable = false,
    /** `what`: the link that failed, said first ('feed', 'transcript (podcast:transcript)'). */
    options?: { cause?: unknown; what?: string },
  ) {
    super(
      'bad_request',
      502,
      `${options?.what ? `${options.what} ` : ''}${url}: ${reason}`,
      { url, status: httpStatus },
      options,
    );
  }
}

/**
 * The same failure, saying which link of the feed it was: an archivist reading
 * '<url>: HTTP 404' cannot tell a lost transcript from a lost feed. Other errors pass as they are.
 */
export function fetchFailureOf(what: string, error: unknown): unknown {
  if (!(error instanceof FetchFailedError)) return error;
  return new FetchFailedError(error.url, error.reason, error.httpStatus, error.retryable, {
    cause: error,
    what,
  });
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** What a size error names as too large ('the feed'); else only the URL. */
  what?: string;
  retries: number;
  /** First backoff delay; doubles on each retry. */
  backoffMs: number;
  /** Shared by a run's requests: a host's Retry-After holds back all of them. */
  hostPauses?: HostPauses;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 15_000,
  maxBytes: 20 * 1024 * 1024,
  retries: 2,
  backoffMs: 500,
};

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchOutcome =
  | { status: 'not-modified'; url: string }
  | { status: 'ok'; url: string; body: Buffer; contentType: string | null; validators: Validators };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The longest a busy host's Retry-After is waited for (holding one of its request slots);
 * a longer one fails the item at once, to be fetched on a later run.
 */
const MAX_RETRY_AFTER_MS = 60_000;

/** How long a 429 or 503 asks the client to wait: `Retry-After` in seconds or as a date. */
function retryAfterMs(response: Response): number | null {
  if (response.status !== 429 && response.status !== 503) return null;
  const value = response.headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** `20971520 bytes (20 MiB)`: the exact figure, and one a person reads at a glance. */
function sizeLimit(maxBytes: number): string {
  const mib = maxBytes / (1024 * 1024);
  return `${maxBytes} bytes (${Number.isInteger(mib) ? mib : mib.toFixed(2)} MiB)`;
}

function tooLargeError(
  url: string,
  maxBytes: number,
  what: string | undefined,
  detail = '',
): FetchFailedError {
  return new FetchFailedError(
    url,
    `${what ? `${what} is ` : ''}larger than the limit of ${sizeLimit(maxBytes)}${detail}`,
  );
}

/** The Content-Length a response declares, if it is a plain number. */
function declaredLength(response: Response): number | null {
  const header = response.headers.get('content-length');
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
}

/** Refuses a body whose declared Content-Length is over the limit before reading it. */
async function refuseDeclaredOversize(
  response: Response,
  url: string,
  maxBytes: number,
  what?: string,
): Promise<void> {
  const declared = declaredLength(response);
  if (declared !== null && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLargeError(url, maxBytes, what, ` (Content-Length ${declared})`);
  }
}

async function readLimited(
  response: Response,
  url: string,
  maxBytes: number,
  what?: string,
): Promise<Buffer> {
  await refuseDeclaredOversize(response, url, maxBytes, what);
  if (!response.body) return Buffer.alloc(0);
  // With a declared length the body is read straight into one buffer of that size: a list
  // of chunks joined at the end holds a large feed twice.
  const declared = declaredLength(response);
  let whole = declared !== null ? Buffer.allocUnsafe(declared) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      await reader.cancel();
      throw tooLargeError(url, maxBytes, what);
    }
    if (whole !== null && size + value.byteLength <= whole.length) {
      whole.set(value, size);
    } else {
      // More than declared (or no declaration): gathered in chunks.
      if (whole !== null) chunks.push(whole.subarray(0, size));
      whole = null;
      chunks.push(Buffer.from(value));
    }
    size += value.byteLength;
  }
  return whole !== null ? whole.subarray(0, size) : Buffer.concat(chunks);
}

/** GET with the limits: retries transient failures, then hands the 200 response to `consume`. */
async function requestWithLimits<T>(
  url: string,
  limits: FetchLimits,
  validators: Validators,
  consume: (response: Response) => Promise<T>,
  /** Headers worked out afresh before each attempt (a Range that resumes a download). */
  attemptHeaders: () => Promise<Record<string, string>> = () => Promise.resolve({}),
): Promise<{ status: 'not-modified'; url: string } | { status: 'ok'; response: Response; value: T }> {
  let lastError: unknown;
  let askedToWaitMs = 0;
  for (let attempt = 0; attempt <= limits.retries; attempt++) {
    if (attempt > 0) await sleep(Math.max(limits.backoffMs * 2 ** (attempt - 1), askedToWaitMs));
    for (let pause = limits.hostPauses?.pauseOf(url); pause; pause = limits.hostPauses?.pauseOf(url)) {
      if (pause.remainingMs > MAX_RETRY_AFTER_MS) {
        throw new FetchFailedError(
          url,
          `not asked: the host answered HTTP ${pause.status} to another request and asks to wait ${pause.askedSeconds} s before trying again; run the import again later`,
        );
      }
      await sleep(pause.remainingMs);
    }
    const headers: Record<string, string> = {
      'user-agent': 'Verbatim feed import',
      ...(await attemptHeaders()),
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    try {
      const response = await fetch(url, {
        headers,
        redirect: 'follow',
        signal: AbortSignal.timeout(limits.timeoutMs),
      });
      // Where the redirects led: links relative to a feed are relative to that address.
      if (response.status === 304) return { status: 'not-modified', url: response.url || url };
      if (!response.ok) {
        await response.body?.cancel();
        const waitMs = retryAfterMs(response);
        if (waitMs !== null) limits.hostPauses?.pause(url, waitMs, response.status);
        if (waitMs !== null && waitMs > MAX_RETRY_AFTER_MS) {
          throw new FetchFailedError(
            url,
            `HTTP ${response.status} (the host asks to wait ${Math.ceil(waitMs / 1000)} s before trying again; run the import again later)`,
            response.status,
          );
        }
        askedToWaitMs = waitMs ?? 0;
        throw new FetchFailedError(
          url,
          `HTTP ${response.status}`,
          response.status,
          isTransient(response.status),
        );
      }
      return { status: 'ok', response, value: await consume(response) };
    } catch (error) {
      if (error instanceof FetchFailedError && !error.retryable) throw error;
      lastError =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? new FetchFailedError(url, `timed out after ${limits.timeoutMs} ms`, undefined, true, {
              cause: error,
            })
          : error;
    }
  }
  if (lastError instanceof FetchFailedError) throw lastError;
  throw new FetchFailedError(url, `request failed: ${requestFailure(lastError)}`, undefined, true, {
    cause: lastError,
  });
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** fetch() says only "fetch failed": the reason (refused, no such host, redirect loop) is its cause. */
function requestFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const message = (cause instanceof Error ? cause.message : String(cause)) || code;
  const known = NETWORK_ERRORS[code];
  return known ? `${known} (${message})` : message;
}

const validatorsOf = (response: Response): Validators => ({
  etag: response.headers.get('etag'),
  lastModified: response.headers.get('last-modified'),
});

export async function fetchWithLimits(
  url: string,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  validators: Validators = {},
): Promise<FetchOutcome> {
  const outcome = await requestWithLimits(url, limits, validators, (response) =>
    readLimited(response, url, limits.maxBytes, limits.what),
  );
  if (outcome.status === 'not-modified') return outcome;
  return {
    status: 'ok',
    url: outcome.response.url || url,
    body: outcome.value,
    contentType: outcome.response.headers.get('content-type'),
    validators: validatorsOf(outcome.response),
  };
}

export type DownloadOutcome =
  { status: 'not-modified' } | { status: 'ok'; bytes: number; validators: Validators };

interface PartialDownload {
  url: string;
  /** A strong ETag or Last-Modified of the answer the part comes from: sent as If-Range. */
  validator: string;
}

async function readPartialDownload(file: string, url: string): Promise<PartialDownload | null> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as Partial<PartialDownload>;
    return info.url === url && typeof info.validator === 'string' ? (info as PartialDownload) : null;
  } catch {
    return null;
  }
}

/** Where a 206 answer starts (`Content-Range: bytes 1000-1999/2000`), or null. */
function rangeStart(response: Response): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * Streams a (large) body to `file` under the limits, never holding it in memory: it is
 * written to a hidden `.<file>.part` and renamed into place only once complete, so an
 * interrupted or refused download never leaves a file ingest would pick up. A download cut
 * midway keeps its part, and the next attempt (a retry, or the next run) asks only for the
 * rest (`Range` with `If-Range`, so a file changed since starts over): a long media file on
 * a slow line gets there even when no single attempt fits in the timeout.
 */
export async function downloadWithLimits(
  url: string,
  file: string,
  limits: FetchLimits,
  validators: Validators = {},
): Promise<DownloadOutcome> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.part`);
  const partialInfo = `${partial}.json`;
  const dropPartial = () => Promise.all([rm(partial, { force: true }), rm(partialInfo, { force: true })]);
  let resumeAt = 0;
  const attemptHeaders = async (): Promise<Record<string, string>> => {
    const info = await readPartialDownload(partialInfo, url);
    const size = info ? ((await stat(partial).catch(() => null))?.size ?? 0) : 0;
    resumeAt = size;
    return info && size > 0 ? { range: `bytes=${size}-`, 'if-range': info.validator } : {};
  };
  let outcome;
  try {
    outcome = await requestWithLimits(
      url,
      limits,
      validators,
      async (response) => {
        const resumed = response.status === 206 && resumeAt > 0 && rangeStart(response) === resumeAt;
        if (response.status === 206 && !resumed) {
          await response.body?.cancel();
          await dropPartial();
          throw new FetchFailedError(url, 'answered a range that was not asked for', 206, true);
        }
        const start = resumed ? resumeAt : 0;
        await refuseDeclaredOversize(response, url, limits.maxBytes - start, limits.what);
        if (!resumed) {
          const etag = response.headers.get('etag');
          const validator = etag && !etag.startsWith('W/') ? etag : response.headers.get('last-modified');
          if (validator) await writeFile(partialInfo, JSON.stringify({ url, validator }));
          else await rm(partialInfo, { force: true });
        }
        let tooLarge = false;
        try {
          return await writeBodyToFile(
            response.body,
            partial,
            limits.maxBytes,
            () => {
              tooLarge = true;
              return tooLargeError(url, limits.maxBytes, limits.what);
            },
            start,
          );
        } catch (error) {
          // A cut connection keeps its part to resume from; an oversize one keeps nothing.
          if (tooLarge) await dropPartial();
          throw error;
        }
      },
      attemptHeaders,
    );
  } catch (error) {
    // The part is gone on the host's side (416): the next run starts over.
    if (error instanceof FetchFailedError && error.httpStatus === 416) await dropPartial();
    if (!(await readPartialDownload(partialInfo, url))) await dropPartial();
    throw error;
  }
  if (outcome.status === 'not-modified') {
    await dropPartial();
    return { status: 'not-modified' };
  }
  await rename(partial, file);
  await rm(partialInfo, { force: true });
  return { status: 'ok', bytes: outcome.value, validators: validatorsOf(outcome.response) };
}
