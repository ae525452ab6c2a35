import { api, expectOk, type SearchResult } from '../../../shared/api/index.ts';

/** The search API's moments inside one episode: the same matching as the search page. */
export function searchEpisode(episodeId: string, q: string, signal: AbortSignal): Promise<SearchResult> {
  // Compact: the moments once, without the episode repeated in each (thousands in a long one).
  const query = { q, episode: episodeId, group: 'episode' as const, limit: '1', compact: 'true' as const };
  return expectOk(api.api.search.$get({ query }, { init: { signal } }));
}
