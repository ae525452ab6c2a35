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
/** A moment without the text around its snippet (context=false). */
const withoutContext = <M extends { before?: string; after?: string }>({
  before: _b,
  after: _a,
  ...moment
}: M) => moment;

/** A compact or context-free answer is another representation of the same search: its own validator. */
const representationTag = (tag: string, compact: boolean, context: boolean) =>
  tag.replace(/"$/, `${compact ? '-compact' : ''}${context ? '' : '-nocontext'}"`);

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
  const tag = fullTag === null ? null : representationTag(fullTag, query.compact, query.context);
  if (tag !== null) {
    c.header('ETag', tag);
    c.header('Cache-Control', 'no-cache');
    if (ifNoneMatchHolds(c.req.header('If-None-Match'), tag)) return c.body(null, 304);
  }
  const response = await c.var.deps.search.search(request);
  const moment = <M extends { before?: string; after?: string }>(m: M) =>
    query.context ? m : withoutContext(m);
  return c.json(
    {
      ...response,
      // Compact: the grouped moments are not repeated in hits, nor their episode in each.
      hits: query.compact ? [] : response.hits.map((h) => moment(hitWithMediaUrl(h))),
      groups: response.groups?.map((g) => ({
        ...g,
        episode: withMediaUrl(g.episode),
        moments: query.compact
          ? g.moments.map((m) => moment(momentInGroup(m)))
          : g.moments.map((m) => moment(hitWithMediaUrl(m))),
      })),
    },
    200,
  );
};
