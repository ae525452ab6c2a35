export {
  api,
  ApiError,
  episodeCaptionsUrl,
  expectOk,
  isAbortError,
  isNetworkError,
  networkError,
} from './api-client.ts';
export type { EpisodeResult, SearchResult, SearchResultGroup, SearchResultHit } from './api-client.ts';
export type * from './api-types.ts';
export { busyServerText } from './busy-server-text.ts';
export { queryErrorText } from './query-error-text.ts';
export { takeEarly } from './early-requests.ts';
export {
  earlyEpisodeKey,
  earlyEpisodeSearchKey,
  fetchEpisode,
  searchEpisode,
  startEpisodePageRequests,
} from './episode-requests.ts';
