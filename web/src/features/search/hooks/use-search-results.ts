import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError, isNetworkError, type SearchResult } from '../../../shared/api/index.ts';
import { PAGE_SIZE, searchArchive } from '../api/search-api.ts';
import { queryHasWord } from '../../../shared/text/index.ts';
import type { SearchParams } from '../lib/search-params.ts';

/** Why a search failed: no answer at all, the query refused (400), or the server's own trouble. */
export type SearchErrorKind = 'network' | 'query' | 'server';

export type SearchState =
  | { status: 'idle' }
  | {
      status: 'loading';
      previous: SearchResult | null;
      /** `previous` answers another query or filters (not fewer pages of this search). */
      stale: boolean;
    }
  | { status: 'success'; result: SearchResult }
  | { status: 'error'; kind: SearchErrorKind; error: unknown; message: string };

type Settled = { key: string } & (
  | { status: 'success'; result: SearchResult }
  | { status: 'error'; kind: SearchErrorKind; error: unknown; message: string }
);

function errorKind(error: unknown): SearchErrorKind {
  if (isNetworkError(error)) return 'network';
  return error instanceof ApiError && error.status === 400 ? 'query' : 'server';
}

/** A further page appended to the pages before it (an episode listed twice is kept once). */
function appendPage(before: SearchResult, page: SearchResult): SearchResult {
  const seen = new Set((before.groups ?? []).map((group) => group.episode.id));
  const groups = [...(before.groups ?? []), ...(page.groups ?? []).filter((g) => !seen.has(g.episode.id))];
  return { ...page, facets: before.facets, hits: [...before.hits, ...page.hits], groups };
}

/**
 * Results for the params, `pages` pages of PAGE_SIZE episodes (paged with `offset`, so
 * "Show more" goes on past the API's 100-per-request limit). Pages already loaded for the
 * same search are kept: "Show more" asks only for the next one. A newer request aborts
 * the one in flight, so a slow answer to an old query can never replace the answer to the
 * current one. While a new answer is on its way the previous results stay on screen
 * (marked busy, and stale when they answer another search) instead of flashing away.
 */
export function useSearchResults(params: SearchParams, pages: number, retry: number): SearchState {
  const [settled, setSettled] = useState<Settled | null>(null);
  const [last, setLast] = useState<{ search: string; result: SearchResult } | null>(null);
  const loaded = useRef<{ search: string; pages: number; result: SearchResult } | null>(null);
  const search = JSON.stringify([params, retry]);
  const key = JSON.stringify([params, pages, retry]);
  const empty = !queryHasWord(params.q);
  useEffect(() => {
    const [request, wanted] = JSON.parse(key) as [SearchParams, number, number];
    if (!queryHasWord(request.q)) return;
    const controller = new AbortController();
    const kept = loaded.current?.search === search && loaded.current.pages < wanted ? loaded.current : null;
    void (async () => {
      let result = kept?.result ?? null;
      for (let page = kept?.pages ?? 0; page < wanted; page++) {
        const next = await searchArchive(request, PAGE_SIZE, page * PAGE_SIZE, controller.signal);
        result = result ? appendPage(result, next) : next;
        loaded.current = { search, pages: page + 1, result };
        // Nothing beyond this page: the pages after it would be empty.
        if ((result.groups ?? []).length >= result.total) break;
      }
      return result;
    })().then(
      (result) => {
        if (!result) return;
        setSettled({ key, status: 'success', result });
        setLast({ search, result });
      },
      (error: unknown) => {
        if (isAbortError(error)) return;
        setSettled({
          key,
          status: 'error',
          kind: errorKind(error),
          error,
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return () => controller.abort();
  }, [key, search]);
  if (empty) return { status: 'idle' };
  if (settled?.key === key)
    return settled.status === 'success'
      ? { status: 'success', result: settled.result }
      : { status: 'error', kind: settled.kind, error: settled.error, message: settled.message };
  return { status: 'loading', previous: last?.result ?? null, stale: last?.search !== search };
}
