import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import type { HitEpisode, SearchHit, SearchRequest } from '../../search/search-types.ts';
import { mediaUrlFor } from '../media/media-url.ts';
import type { SearchRoute } from './search.routes.ts';

const withMediaUrl = (episode: HitEpisode) => ({ ...episode, mediaUrl: mediaUrlFor(episode.media) });
const hitWithMediaUrl = (hit: SearchHit) => ({ ...hit, episode: withMediaUrl(hit.episode) });

export const search: RouteHandler<SearchRoute, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const request: SearchRequest = {
    q: query.q,
    filters: {
      showIds: query.show,
      episodeIds: query.episode,
      speakers: query.speaker,
      languages: query.lang,
      dateFrom: query.from,
      dateTo: query.to,
    },
    sort: query.sort,
    group: query.group,
    limit: query.limit,
    offset: query.offset,
  };
  const response = await c.var.deps.search.search(request);
  return c.json(
    {
      ...response,
      hits: response.hits.map(hitWithMediaUrl),
      groups: response.groups?.map((g) => ({
        ...g,
        episode: withMediaUrl(g.episode),
        moments: g.moments.map(hitWithMediaUrl),
      })),
    },
    200,
  );
};
