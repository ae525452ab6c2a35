// The web app from one process: hashed assets cached forever, index.html revalidated,
// client routes answered with index.html (with a 404 where the app has no such page),
// server routes never.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';

let t: TestArchive;
beforeAll(async () => {
  t = await createTestArchive();
});
afterAll(async () => {
  await t?.cleanup();
});

const SHELL_MARK = 'data-shell="verbatim-test-shell"';

describe('web app', () => {
  it.each([
    ['/', 200],
    ['/search?q=recours', 200],
    ['/episodes/libertes-numeriques--recours-reconnaissance-faciale', 200],
    ['/packs/new', 200],
    // The app's not-found page, with the status a link checker reads.
    ['/episodes/no-such-episode', 404],
    ['/episodes/%E0%A4%A', 404],
    ['/shows/privacy-talks', 404],
    ['/about', 404],
  ])('%s answers index.html (%i), revalidated on every visit', async (path, status) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain(SHELL_MARK);
  });

  // A link or a typed address with a slash after the page's name: the page, not "not found".
  it.each([
    ['/search/?q=recours', '/search?q=recours'],
    ['/search//', '/search'],
    ['/packs/new/', '/packs/new'],
    [
      '/episodes/libertes-numeriques--recours-reconnaissance-faciale/?t=12',
      '/episodes/libertes-numeriques--recours-reconnaissance-faciale?t=12',
    ],
  ])('%s redirects to %s', async (path, location) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(location);
  });

  it.each(['/about/', '/episodes/no-such-episode/', '//example.org/', '/search/more/'])(
    '%s is still not found (no redirect to a page that does not exist)',
    async (path) => {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    },
  );

  it('serves hashed assets as immutable', async () => {
    const res = await t.app.request('/assets/app-3f9a1c7e.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain("getElementById('root')");
  });

  it('serves other files of the build, and 404s missing ones instead of index.html', async () => {
    const robots = await t.app.request('/robots.txt');
    expect(robots.status).toBe(200);
    expect(await robots.text()).toContain('User-agent');
    for (const missing of ['/assets/app-0000.js', '/favicon.ico', '/assets/nested/app.css']) {
      const res = await t.app.request(missing);
      expect(res.status, missing).toBe(404);
      expect(await res.text(), missing).not.toContain(SHELL_MARK);
    }
  });

  it.each(['/api/nothing', '/api', '/media/nothing.opus'])('%s is never the web app', async (path) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  // oEmbed consumers read JSON: a mistyped oEmbed URL gets the API's error, not a web page.
  it.each([
    ['/oembed/', '/oembed'],
    ['/oembed/?url=http%3A%2F%2Flocalhost%2Fclips%2Fabc', '/oembed'],
    ['/oembed/clips', undefined],
  ])('%s answers a JSON 404 (did you mean %s)', async (path, didYouMean) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { code: string; details: { didYouMean?: string } } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.details.didYouMean).toBe(didYouMean);
  });

  it('revalidates index.html with its ETag', async () => {
    const etag = (await t.app.request('/')).headers.get('etag')!;
    expect((await t.app.request('/search', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('says how to build the web app when it is missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'verbatim-nodist-'));
    try {
      const app = createApp(t.archive, { webDistDir: empty });
      const res = await app.request('/');
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:web');
      expect((await app.request('/api/health')).status).toBe(200);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
