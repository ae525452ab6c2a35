import { api, expectOk, type EpisodeResult, type SearchResult } from './api-client.ts';
import { startEarly } from './early-requests.ts';

/** An episode with its cues. */
export function fetchEpisode(id: string, signal?: AbortSignal): Promise<EpisodeResult> {
  return expectOk(api.api.episodes[':id'].$get({ param: { id } }, { init: { signal } }));
}

/** The search API's moments inside one episode: the same matching as the search page. */
export function searchEpisode(episodeId: string, q: string, signal?: AbortSignal): Promise<SearchResult> {
  // Compact: the moments once, without the episode repeated in each (thousands in a long one),
  // and without the text around each snippet, which the transcript shows itself.
  const query = {
    q,
    episode: episodeId,
    group: 'episode' as const,
    limit: '1',
    compact: 'true' as const,
    context: 'false' as const,
  };
  return expectOk(api.api.search.$get({ query }, { init: { signal } }));
}

export const earlyEpisodeKey = (id: string) => `episode:${id}`;
export const earlyEpisodeSearchKey = (id: string, q: string) => `episode-search:${JSON.stringify([id, q])}`;

/**
 * Asks for what the episode page at `/episodes/<id><search>` shows first (the episode, and
 * the moments of its `?q=`), while the page's code is still on its way.
 */
export function startEpisodePageRequests(id: string, search: string): void {
  startEarly(earlyEpisodeKey(id), () => fetchEpisode(id));
  const q = new URLSearchParams(search).get('q') ?? '';
  if (q.trim() !== '') startEarly(earlyEpisodeSearchKey(id, q), () => searchEpisode(id, q));
}
