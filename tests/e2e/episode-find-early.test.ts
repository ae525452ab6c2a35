// A link to a 3-hour episode with ?q=données (said in 2,430 of its cues): the page asks for
// the episode and for the word's moments while its own code is still loading, side by side
// (they used to be asked one after the other, once the code had come), and lands with a
// highlighted match on screen while rendering only the rows in view.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { COMMON_WORD, LONG_EPISODE_CUES, LONG_EPISODE_ID } from './helpers/long-episode-archive.ts';
import { startLongEpisodeVerbatim } from './helpers/start-long-episode.ts';
import type { VerbatimTestServer } from './helpers/start-verbatim.ts';

let server: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLongEpisodeVerbatim();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('opening a long episode on a common word', () => {
  it('asks for the episode and its matches while the page code loads, then shows a highlighted match', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const asked: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/')) asked.push(`${url.pathname}${url.search}`);
      });
      // The episode page's code (a lazy chunk) is held back: a slow network.
      const releaseCode = await holdRequests(page, (url) =>
        /^\/assets\/episode-[^/]*\.js$/.test(url.pathname),
      );
      await page.goto(`${server.url}/episodes/${LONG_EPISODE_ID}?q=${encodeURIComponent(COMMON_WORD)}`);

      const askedFor = () => ({
        episode: asked.some((url) => url === `/api/episodes/${LONG_EPISODE_ID}`),
        matches: asked.some(
          (url) =>
            url.startsWith('/api/search?') &&
            new URLSearchParams(url.split('?')[1]).get('episode') === LONG_EPISODE_ID &&
            new URLSearchParams(url.split('?')[1]).get('q') === COMMON_WORD,
        ),
      });
      await expect.poll(askedFor).toEqual({ episode: true, matches: true });
      expect(await page.locator('.transcript-scroll').count()).toBe(0);
      releaseCode();

      // The first match (the first cue says the word) is highlighted, in view.
      const scroll = page.getByTestId('transcript-scroll');
      const firstMark = scroll.locator('mark').first();
      await firstMark.waitFor();
      expect(await firstMark.textContent()).toBe(COMMON_WORD);
      const inView = await firstMark.evaluate((mark) => {
        const box = mark.getBoundingClientRect();
        const list = mark.closest('.transcript-scroll')!.getBoundingClientRect();
        return box.height > 0 && box.top >= list.top && box.bottom <= list.bottom;
      });
      expect(inView).toBe(true);
      await expect.poll(() => page.locator('.transcript-find-status').textContent()).toBe('1 of 2,430');
      // Only the rows in view (and a few around them) exist, not the 2,700.
      const rows = await scroll.locator('.transcript-row').count();
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(LONG_EPISODE_CUES / 50);
      // Each match is asked for once.
      expect(asked.filter((url) => url.startsWith('/api/search?'))).toHaveLength(1);
      expect(asked.filter((url) => url.startsWith('/api/episodes/'))).toHaveLength(1);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
