// An episode opened from a link with a search (`/episodes/<id>?q=…`, shared or bookmarked):
// its HTML names the episode page's code and the two answers the page asks for first, so the
// browser fetches them while the app's main code is still on its way, and the page takes those
// answers instead of asking again (before: nothing was asked until the main code had run).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

const EPISODE = 'ecoute-citoyenne--videosurveillance-algorithmique';
// A typographic apostrophe and spaces: the preloaded address must be the page's own, byte for byte.
const QUOTE = 'l’algorithme le logiciel';

let server: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an episode link with a search', () => {
  it('fetches the episode, its matches and the page code while the main code loads, each once', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const asked: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/episode-'))
          asked.push(`${url.pathname}${url.search}`);
      });
      // The app's main code is held back: a slow network.
      const releaseMain = await holdRequests(page, (url) => /^\/assets\/index-[^/]*\.js$/.test(url.pathname));
      await page.goto(`${server.url}/episodes/${EPISODE}?q=${encodeURIComponent(QUOTE)}`, {
        waitUntil: 'commit',
      });
      const episodeAnswers = () => asked.filter((url) => url === `/api/episodes/${EPISODE}`);
      const searchAnswers = () =>
        asked.filter((url) => {
          const query = new URLSearchParams(url.split('?')[1]);
          return (
            url.startsWith('/api/search?') && query.get('episode') === EPISODE && query.get('q') === QUOTE
          );
        });
      const pageCode = () => asked.filter((url) => url.startsWith('/assets/episode-'));
      await expect
        .poll(() => ({
          episode: episodeAnswers().length,
          search: searchAnswers().length,
          code: pageCode().length,
        }))
        .toEqual({ episode: 1, search: 1, code: 1 });
      releaseMain();

      const firstMark = page.getByTestId('transcript-scroll').locator('mark').first();
      await firstMark.waitFor();
      expect((await firstMark.textContent())?.toLowerCase()).toContain('algorithme');
      // The page took the answers fetched for it: nothing asked twice.
      expect({ episode: episodeAnswers().length, search: searchAnswers().length }).toEqual({
        episode: 1,
        search: 1,
      });
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('is its own answer per search, revalidated like the other pages', async () => {
    const get = (q: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/episodes/${EPISODE}?q=${encodeURIComponent(q)}`, { headers });
    const first = await get(QUOTE);
    const html = await first.text();
    expect(html).toContain(`href="/api/episodes/${EPISODE}"`);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get(QUOTE, { 'If-None-Match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    const other = await get('caméras', { 'If-None-Match': first.headers.get('etag')! });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('q=cam%C3%A9ras');
  });
});
