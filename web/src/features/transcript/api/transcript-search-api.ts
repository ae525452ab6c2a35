import { api, expectOk, type SearchResult } from '../../../shared/api/index.ts';

/** The search API's moments inside one episode: the same matching as the search page. */
export function searchEpisode(episodeId: string, q: string, signal: AbortSignal): Promise<SearchResult> {
  const query = { q, episode: episodeId, group: 'episode' as const, limit: '1' };
  return expectOk(api.api.search.$get({ query }, { init: { signal } }));
}
