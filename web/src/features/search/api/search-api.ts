import { api, expectOk, type SearchResult } from '../../../shared/api/index.ts';
import type { SearchParams } from '../lib/search-params.ts';

export const PAGE_SIZE = 20;
/** The furthest the API pages (its `offset` maximum). */
export const MAX_OFFSET = 10_000;

/** Episodes matching the query, each with every matching moment (compact: not repeated in `hits`). */
export function searchArchive(
  params: SearchParams,
  limit: number,
  offset: number,
  signal: AbortSignal,
): Promise<SearchResult> {
  const query = {
    q: params.q,
    show: params.shows.length > 0 ? params.shows : undefined,
    speaker: params.speakers.length > 0 ? params.speakers : undefined,
    lang: params.languages.length > 0 ? params.languages : undefined,
    from: params.from || undefined,
    to: params.to || undefined,
    sort: params.sort,
    group: 'episode' as const,
    limit: String(limit),
    offset: offset > 0 ? String(offset) : undefined,
    // Each moment once, in its group: a long episode's moments were sent twice, with their episode.
    compact: 'true' as const,
  };
  return expectOk(api.api.search.$get({ query }, { init: { signal } }));
}

export type ShowList = Awaited<ReturnType<typeof fetchShows>>;

export function fetchShows(signal: AbortSignal) {
  return expectOk(api.api.shows.$get({ query: {} }, { init: { signal } }));
}
