// The typed API client: Hono RPC over the server's route types, so request and response
// shapes are never written by hand. Every failure becomes an ApiError carrying the
// server's code and message; cancellations stay AbortErrors.
import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../../server/http/app-type.ts';
import type { ApiErrorBody } from './api-types.ts';

export const api = hc<AppType>(typeof window === 'undefined' ? 'http://localhost' : window.location.origin);

export type SearchResult = InferResponseType<typeof api.api.search.$get, 200>;
export type SearchResultHit = SearchResult['hits'][number];
export type SearchResultGroup = NonNullable<SearchResult['groups']>[number];
export type EpisodeResult = InferResponseType<(typeof api.api.episodes)[':id']['$get'], 200>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` as the API sent them (e.g. `{ field: 'items.2.clipId' }`). */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** No answer from the server at all (offline, server down): the UI says so in its own words. */
export function networkError(): ApiError {
  return new ApiError(0, 'network', 'network error: no response from the server');
}

export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'network';
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

interface RpcResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The JSON body of the 200 response among a route's possible responses. */
type OkBody<R> = R extends { status: 200; json(): Promise<infer T> } ? T : never;

/** Awaits an RPC call and returns its 200 body, or throws an ApiError. */
export async function expectOk<R extends RpcResponse>(call: Promise<R>): Promise<OkBody<R>> {
  let response: RpcResponse;
  try {
    response = await call;
  } catch (cause) {
    if (isAbortError(cause)) throw cause;
    throw networkError();
  }
  let body: unknown = null;
  let unread: unknown = null;
  try {
    body = await response.json();
  } catch (cause) {
    // The reader left (abort) while the body came: an abort, never an empty answer.
    if (isAbortError(cause)) throw cause;
    unread = cause;
  }
  if (!response.ok) {
    if (isErrorBody(body))
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    throw new ApiError(response.status, 'http', `HTTP ${response.status}`);
  }
  if (unread !== null) {
    // Cut off mid-body (a dropped connection), or not JSON at all (a proxy's page).
    if (unread instanceof SyntaxError) throw new ApiError(response.status, 'http', 'The answer is not JSON');
    throw networkError();
  }
  return body as OkBody<R>;
}

/** An episode's captions (WebVTT with voices), for the player's subtitles track. */
export function episodeCaptionsUrl(episodeId: string): string {
  return api.api.episodes[':id']['transcript.vtt'].$url({ param: { id: episodeId } }).pathname;
}
