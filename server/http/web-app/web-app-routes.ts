// Serves the built web app (web/dist): hashed assets cached forever, index.html
// revalidated every time, and index.html for client-side routes (SPA fallback).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { VerbatimError } from '../../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { resolveSafePath } from '../media/resolve-safe-path.ts';
import { sendFile } from '../media/send-file.ts';
import { ifNoneMatchHolds } from '../if-none-match.ts';
import { shortDigest } from '../../shared/short-digest.ts';
import { withEpisodePreloads } from './episode-page-preloads.ts';

export const defaultWebDistDir = path.resolve(import.meta.dirname, '../../../web/dist');

const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Paths the SPA never owns (machines read them): they answer JSON 404s instead of index.html. */
const serverOwned = /^\/(?:api|media|oembed)(?:\/|$)/;

/** The id of the episode whose page `pathname` is, or null. */
function episodePageId(pathname: string): string | null {
  const episode = /^\/episodes\/([^/]+)$/.exec(pathname);
  if (!episode) return null;
  try {
    return decodeURIComponent(episode[1]!);
  } catch {
    return null;
  }
}

/** Whether the web app has a page at `pathname` (clip and pack pages are served elsewhere). */
async function pageExists(c: Context<AppEnv>, pathname: string): Promise<boolean> {
  if (pathname === '/' || pathname === '/search' || pathname === '/packs/new') return true;
  const id = episodePageId(pathname);
  return id !== null && (await c.var.deps.store.getEpisode(id)) !== null;
}

/** index.html for an episode's page, naming what the page asks for first (see episode-page-preloads.ts). */
async function episodePage(c: Context<AppEnv>, distDir: string, id: string): Promise<Response> {
  const indexHtml = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const html = await withEpisodePreloads(indexHtml, distDir, id, new URL(c.req.url).searchParams.get('q'));
  const etag = `W/"${shortDigest([html])}"`;
  const headers = { 'Cache-Control': REVALIDATE, ETag: etag };
  if (ifNoneMatchHolds(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  return c.html(html, 200, headers);
}

export function createWebAppRoutes(distDir: string = defaultWebDistDir): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const serveFromDist = async (c: Context<AppEnv>, relative: string, cache: string) => {
    const { file, relativePath, stats } = await resolveSafePath(distDir, relative);
    const contentType = staticTypes[path.extname(relativePath).toLowerCase()] ?? 'application/octet-stream';
    return sendFile(c, file, stats, { contentType, cacheControl: cache, acceptRanges: false });
  };

  app.get('/assets/*', (c) => serveFromDist(c, new URL(c.req.url).pathname.slice(1), IMMUTABLE));

  app.get('*', async (c, next) => {
    const pathname = new URL(c.req.url).pathname;
    if (serverOwned.test(pathname)) return next();
    const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
    // A file name (favicon.ico, robots.txt): serve it from dist or 404, never index.html.
    if (lastSegment.includes('.')) return serveFromDist(c, pathname.slice(1), 'public, max-age=3600');
    if (!existsSync(path.join(distDir, 'index.html'))) {
      throw new VerbatimError('internal', 503, 'The web app is not built: run `npm run build:web`.');
    }
    // `/search/` typed or linked: the app's pages have no trailing slash, so send the
    // listener on to the page (only to one that exists: never an open redirect).
    const bare = pathname.replace(/\/+$/, '');
    if (bare !== pathname && bare !== '' && !bare.startsWith('//') && (await pageExists(c, bare)))
      return c.redirect(`${bare}${new URL(c.req.url).search}`, 308);
    const episodeId = episodePageId(pathname);
    if (episodeId !== null && (await c.var.deps.store.getEpisode(episodeId)) !== null)
      return episodePage(c, distDir, episodeId);
    const page = await serveFromDist(c, 'index.html', REVALIDATE);
    // The app shows its not-found page for these; the status says so too, for link
    // checkers (a course's links to episodes) and crawlers.
    if (page.status !== 200 || (await pageExists(c, pathname))) return page;
    return new Response(page.body, { status: 404, headers: page.headers });
  });

  return app;
}
