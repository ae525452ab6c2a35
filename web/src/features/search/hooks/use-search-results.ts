import { useEffect, useState } from 'react';
import { ApiError, isAbortError, isNetworkError, type SearchResult } from '../../../shared/api/index.ts';
import { searchArchive } from '../api/search-api.ts';
import type { SearchParams } from '../lib/search-params.ts';

/** Why a search failed: no answer at all, the query refused (400), or the server's own trouble. */
export type SearchErrorKind = 'network' | 'query' | 'server';

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; previous: SearchResult | null }
  | { status: 'success'; result: SearchResult }
  | { status: 'error'; kind: SearchErrorKind; message: string };

type Settled = { key: string } & (
  { status: 'success'; result: SearchResult } | { status: 'error'; kind: SearchErrorKind; message: string }
);

function errorKind(error: unknown): SearchErrorKind {
  if (isNetworkError(error)) return 'network';
  return error instanceof ApiError && error.status === 400 ? 'query' : 'server';
}

/**
 * Results for the params; a newer request aborts the one in flight, so a slow answer to
 * an old query can never replace the answer to the current one. While a new answer is on
 * its way the previous results stay on screen (marked busy) instead of flashing away.
 */
export function useSearchResults(params: SearchParams, limit: number, retry: number): SearchState {
  const [settled, setSettled] = useState<Settled | null>(null);
  const [lastResult, setLastResult] = useState<SearchResult | null>(null);
  const key = JSON.stringify([params, limit, retry]);
  const empty = params.q.trim() === '';
  useEffect(() => {
    const [request, size] = JSON.parse(key) as [SearchParams, number, number];
    if (request.q.trim() === '') return;
    const controller = new AbortController();
    searchArchive(request, size, controller.signal).then(
      (result) => {
        setSettled({ key, status: 'success', result });
        setLastResult(result);
      },
      (error: unknown) => {
        if (isAbortError(error)) return;
        setSettled({
          key,
          status: 'error',
          kind: errorKind(error),
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return () => controller.abort();
  }, [key]);
  if (empty) return { status: 'idle' };
  if (settled?.key === key)
    return settled.status === 'success'
      ? { status: 'success', result: settled.result }
      : { status: 'error', kind: settled.kind, message: settled.message };
  return { status: 'loading', previous: lastResult };
}
