// The HTTP application: middleware, the API feature routers, clip and admin routes,
// the OpenAPI document, media, and the web app with its SPA fallback — in that order.
import path from 'node:path';
import type { Context } from 'hono';
import type { AppDeps } from '../app/app-deps.ts';
import { createAdminRoutes } from '../admin/admin-routes.ts';
import { createClipsRoutes, type ClipsRoutesOptions } from '../clips/clips-routes.ts';
import { createRouter } from './create-router.ts';
import { episodesRouter } from './episodes/episodes.index.ts';
import { redirectMovedEpisodes } from './episodes/moved-episode-redirect.ts';
import {
  acceptedBodyTypesOf,
  allowedMethodsOf,
  type AllowedMethods,
  createErrorHandler,
  handleNotFound,
} from './errors/error-response.ts';
import { healthRouter } from './health/health.index.ts';
import { mediaRouter } from './media/media.index.ts';
import { compressResponses } from './middleware/compress-responses.ts';
import { headLikeGet } from './middleware/head-like-get.ts';
import { refuseJsonBodyNotUtf8 } from './middleware/refuse-json-body-not-utf8.ts';
import { refuseQueryNotUtf8 } from './middleware/refuse-query-not-utf8.ts';
import { tagJsonAnswers } from './middleware/tag-json-answers.ts';
import { corsFromAllowList, limitBodySize, searchRateLimit, securityHeaders } from './middleware/security.ts';
import { registerOpenApi } from './openapi/openapi.index.ts';
import { searchRouter } from './search/search.index.ts';
import { showsRouter } from './shows/shows.index.ts';
import { createWebAppRoutes, defaultWebDistDir } from './web-app/web-app-routes.ts';

export interface AppOptions {
  /** Built web app to serve at `/` (default: web/dist of this repository). */
  webDistDir?: string;
  /** Options for the clip routes (share pages use the web app's index.html by default). */
  clips?: ClipsRoutesOptions;
}

/** The JSON API routes, chained so `hc<AppType>` infers every path and response. */
export function createApiRoutes() {
  return createRouter()
    .route('/', searchRouter)
    .route('/', showsRouter)
    .route('/', episodesRouter)
    .route('/', healthRouter);
}

export type ApiRoutes = ReturnType<typeof createApiRoutes>;

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const webDistDir = options.webDistDir ?? defaultWebDistDir;
  const app = createRouter();
  // A 415 names the types the route takes, read from the routes' schemas once all are registered.
  const bodyRoutes = () =>
    app.openAPIRegistry.definitions.flatMap((def) =>
      def.type === 'route' && def.route.request?.body
        ? [
            {
              method: def.route.method,
              path: def.route.path,
              types: Object.keys(def.route.request.body.content),
            },
          ]
        : [],
    );
  app.onError(createErrorHandler(acceptedBodyTypesOf(bodyRoutes)));
  // The methods each path takes, known once every route is registered (below).
  let allowedMethods: AllowedMethods = () => [];
  const notFound = handleNotFound((requestPath) => allowedMethods(requestPath));

  // Outermost: it sees the answer as GET would send it, compressed or not.
  app.use('*', headLikeGet());
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    // A CORS preflight names the method it asks for; a plain OPTIONS asks what the path takes.
    if (c.req.method !== 'OPTIONS' || c.req.header('Access-Control-Request-Method')) return next();
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) return c.req.path.startsWith('/api/') ? notFound(c as Context) : next();
    c.header('Allow', [...allowed, 'OPTIONS'].join(', '));
    return c.body(null, 204);
  });
  app.use('*', corsFromAllowList(deps.config.corsOrigins));
  app.use('*', compressResponses());
  app.use('*', limitBodySize(deps.config));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Search tags its answers itself, by the archive's generation, where the backend can.
  for (const route of ['/api/shows/*', '/api/episodes/*', '/api/clips/*', '/api/packs/*', '/api/health'])
    app.use(route, tagJsonAnswers());
  app.use('/api/openapi.json', tagJsonAnswers());
  app.use('/oembed', tagJsonAnswers());
  app.use('/api/*', refuseQueryNotUtf8());
  app.use('/api/*', refuseJsonBodyNotUtf8());
  app.use('/oembed', refuseQueryNotUtf8());
  app.use('/api/search', searchRateLimit(deps.config));
  app.use('/api/episodes/*', redirectMovedEpisodes());
  app.use('/episodes/*', redirectMovedEpisodes());

  app.route('/', createApiRoutes());
  app.route('/', mediaRouter);
  // Clip pages (/clips/:id, /embed/clips/:id, /oembed) are server-rendered: before the SPA fallback.
  app.route(
    '/',
    createClipsRoutes(deps, { indexHtmlPath: path.join(webDistDir, 'index.html'), ...options.clips }),
  );
  app.route('/', createAdminRoutes(deps));
  registerOpenApi(app);
  app.route('/', createWebAppRoutes(webDistDir));
  allowedMethods = allowedMethodsOf(app.routes);
  app.notFound(notFound);
  return app;
}
