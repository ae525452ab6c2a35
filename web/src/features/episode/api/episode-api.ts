import { api, expectOk, type EpisodeResult } from '../../../shared/api/index.ts';

export function fetchEpisode(id: string, signal: AbortSignal): Promise<EpisodeResult> {
  return expectOk(api.api.episodes[':id'].$get({ param: { id } }, { init: { signal } }));
}
