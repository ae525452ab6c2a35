// Links to an episode whose file was renamed or moved (a course's link, a bookmark, an API
// client) lead to its new id: 301 to the same page or API path, query kept (?t=32).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** `/episodes/<id>…` and `/api/episodes/<id>…`: the prefix, the id, the rest of the path. */
const EPISODE_PATH = /^(\/(?:api\/)?episodes\/)([^/]+)(\/.*)?$/;

export function redirectMovedEpisodes(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    const match = EPISODE_PATH.exec(url.pathname);
    if (!match) return next();
    let id: string;
    try {
      id = decodeURIComponent(match[2]!);
    } catch {
      return next();
    }
    const movedTo = await c.var.deps.store.episodeRedirect(id);
    if (movedTo === null) return next();
    return c.redirect(`${match[1]!}${encodeURIComponent(movedTo)}${match[3] ?? ''}${url.search}`, 301);
  };
}
