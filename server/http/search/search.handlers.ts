import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import type { HitEpisode, SearchHit, SearchRequest } from '../../search/search-types.ts';
import { ifNoneMatchHolds } from '../if-none-match.ts';
import { mediaUrlFor } from '../media/media-url.ts';
import type { SearchRoute } from './search.routes.ts';

const withMediaUrl = (episode: HitEpisode) => ({ ...episode, mediaUrl: mediaUrlFor(episode.media) });
const hitWithMediaUrl = (hit: SearchHit) => ({ ...hit, episode: withMediaUrl(hit.episode) });
/** A moment of a compact group: its episode is the group's. */
const momentInGroup = ({ episode: _episode, ...moment }: SearchHit) => moment;

/** A compact answer is another representation of the same search: its own validator. */
const compactTag = (tag: string) => tag.replace(/"$/, '-compact"');

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
  // A client (or a proxy) holding this answer revalidates it without a search being run.
  const fullTag = c.var.deps.search.answerTag?.(request) ?? null;
  const tag = fullTag !== null && query.compact ? compactTag(fullTag) : fullTag;
  if (tag !== null) {
    c.header('ETag', tag);
    c.header('Cache-Control', 'no-cache');
    if (ifNoneMatchHolds(c.req.header('If-None-Match'), tag)) return c.body(null, 304);
  }
  const response = await c.var.deps.search.search(request);
  return c.json(
    {
      ...response,
      // Compact: the grouped moments are not repeated in hits, nor their episode in each.
      hits: query.compact ? [] : response.hits.map(hitWithMediaUrl),
      groups: response.groups?.map((g) => ({
        ...g,
        episode: withMediaUrl(g.episode),
        moments: query.compact ? g.moments.map(momentInGroup) : g.moments.map(hitWithMediaUrl),
      })),
    },
    200,
  );
};
