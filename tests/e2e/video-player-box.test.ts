// An episode with a video: the player's box is the picture's size from the start (16:9,
// the picture letterboxed in it if it is not), so what is below it does not move when the
// player's code arrives, nor when the video draws its first frame (before: beside the
// transcript, the chapters below it went up 132 px, then down 139 px).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

const VIDEO_EPISODE = 'libertes-numeriques--surveillance-exports-explained';

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

/** Where the page's parts below the player are, in page coordinates (px). */
function partsBelowPlayer(page: Page) {
  return page.evaluate(() => {
    const top = (selector: string) => {
      const element = document.querySelector(selector);
      return element ? Math.round(element.getBoundingClientRect().top + window.scrollY) : null;
    };
    // Beside the transcript on a wide screen, the chapters come after the player; on a
    // phone, the transcript does.
    return { chapters: top('.episode-side .chapters'), transcript: top('.transcript h2') };
  });
}

describe.each([
  { name: 'a wide screen', viewport: { width: 1280, height: 900 }, phone: false },
  { name: 'a phone', viewport: { width: 375, height: 740 }, phone: true },
])('the video player on $name', ({ viewport, phone }) => {
  it('keeps what is below it in place while its code loads, then as the video draws', async () => {
    const context = await newContext(browser, { viewport, phone });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const releaseCode = await holdRequests(page, (url) =>
        /^\/assets\/vidstack-player-[^/]*\.js$/.test(url.pathname),
      );
      const releaseMedia = await holdRequests(page, (url) => url.pathname.endsWith('.webm'));
      await page.goto(`${server.url}/episodes/${VIDEO_EPISODE}`);
      await page.locator('.player-loading-picture').waitFor();
      const whileCodeLoads = await partsBelowPlayer(page);
      expect(whileCodeLoads.transcript).not.toBeNull();

      releaseCode();
      const video = page.locator('.player-media video');
      await video.waitFor({ state: 'attached' });
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      const beforeVideoDraws = await partsBelowPlayer(page);

      releaseMedia();
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      const afterVideoDraws = await partsBelowPlayer(page);

      expect({ beforeVideoDraws, afterVideoDraws }).toEqual({
        beforeVideoDraws: whileCodeLoads,
        afterVideoDraws: whileCodeLoads,
      });
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
