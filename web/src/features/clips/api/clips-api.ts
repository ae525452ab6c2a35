// The clip and pack endpoints through the typed Hono RPC client (types from the server's routes).
import { hc, type InferResponseType } from 'hono/client';
import type { ClipsRoutes } from '../../../../../server/http/app-type.ts';
import { ApiError, expectOk, isAbortError, networkError } from '../../../shared/api/index.ts';
import type { Locale } from '../../../shared/i18n/index.ts';

const clipsApi = hc<ClipsRoutes>(typeof window === 'undefined' ? 'http://localhost' : window.location.origin);

export type ClipView = InferResponseType<(typeof clipsApi.api.clips)[':id']['$get'], 200>;
export type CreatedClip = InferResponseType<typeof clipsApi.api.clips.$post, 201>;
export type PackView = InferResponseType<(typeof clipsApi.api.packs)[':id']['$get'], 200>;
export type CreatedPack = InferResponseType<typeof clipsApi.api.packs.$post, 201>;
export type Citation = InferResponseType<(typeof clipsApi.api.clips)[':id']['citation']['$get'], 200>;
export type CitationStyle = Citation['style'];

export const citationStyleNames: Record<CitationStyle, string> = {
  apa: 'APA 7',
  mla: 'MLA 9',
  chicago: 'Chicago 17',
  bibtex: 'BibTeX',
  csl: 'CSL-JSON',
};

/** Like expectOk, for routes answering 201 Created. */
async function expectCreated<T>(
  call: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<T> {
  let response: { ok: boolean; status: number; json(): Promise<unknown> };
  try {
    response = await call;
  } catch (cause) {
    if (isAbortError(cause)) throw cause;
    throw networkError();
  }
  const body = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'http',
      body?.error?.message ?? `HTTP ${response.status}`,
      body?.error?.details,
    );
  }
  return body as T;
}

export function createClip(input: {
  episodeId: string;
  start: number;
  end: number;
  title?: string | null;
  note?: string | null;
}): Promise<CreatedClip> {
  return expectCreated<CreatedClip>(clipsApi.api.clips.$post({ json: input }));
}

export function createPack(input: {
  title: string;
  intro?: string | null;
  items: { clipId: string; note?: string | null }[];
}): Promise<CreatedPack> {
  return expectCreated<CreatedPack>(clipsApi.api.packs.$post({ json: input }));
}

export function fetchClip(id: string, signal?: AbortSignal): Promise<ClipView> {
  return expectOk(clipsApi.api.clips[':id'].$get({ param: { id } }, { init: { signal } }));
}

/** The clip's citation in a style, written in the reader's language (its dates, genre, notes). */
export function fetchCitation(
  id: string,
  style: CitationStyle,
  lang: Locale,
  signal?: AbortSignal,
): Promise<Citation> {
  return expectOk(
    clipsApi.api.clips[':id'].citation.$get({ param: { id }, query: { style, lang } }, { init: { signal } }),
  );
}

export function fetchPack(id: string, signal?: AbortSignal): Promise<PackView> {
  return expectOk(clipsApi.api.packs[':id'].$get({ param: { id } }, { init: { signal } }));
}

/** The clip a refused pack names as unknown (`details.field` is `items.<i>.clipId`), if any. */
export function unknownPackClipIndex(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const field = (error.details as { field?: unknown } | undefined)?.field;
  const match = typeof field === 'string' ? /^items\.(\d+)\.clipId$/.exec(field) : null;
  return match ? Number(match[1]) : null;
}

/** The clip's length and the longest allowed, when the API refused a clip as too long. */
export function clipTooLong(error: unknown): { seconds: number; maxSeconds: number } | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const details = error.details as { field?: unknown; seconds?: unknown; maxSeconds?: unknown } | undefined;
  const { seconds, maxSeconds } = details ?? {};
  return details?.field === 'end' && typeof seconds === 'number' && typeof maxSeconds === 'number'
    ? { seconds, maxSeconds }
    : null;
}

/**
 * Download links of a clip's exports (plain URLs: the browser downloads them); the Markdown
 * quote and its citation in the reader's language.
 */
export function clipExportUrls(id: string, lang: Locale) {
  const base = `/api/clips/${encodeURIComponent(id)}/export`;
  return { audio: `${base}/audio`, vtt: `${base}/vtt`, srt: `${base}/srt`, md: `${base}/md?lang=${lang}` };
}
