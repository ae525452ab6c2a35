// A listener who starts a phrase search types its opening quote first (`"`, or `« ` as a
// French keyboard writes it) and may pause there. The page waits for a word: no search is
// sent, no "This query cannot be searched" box appears (before: the server's refusal, "the
// query contains no word to search for", shown until the first letter, and a failed request).
// Headless Chromium against the real server and the demo archive, in English and French.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPING_PAUSE_MS } from '../../web/src/shared/hooks/use-debounced-value.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

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

describe.each([
  { locale: 'en-US', opening: '"', closing: '"', refused: 'This query cannot be searched' },
  { locale: 'fr-FR', opening: '« ', closing: ' »', refused: 'Cette recherche n’est pas possible' },
])('a phrase typed in $locale', ({ locale, opening, closing, refused }) => {
  it('is searched once it has a word, with nothing refused while only its quote is typed', async () => {
    const context = await newContext(browser, { locale });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const searches: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/search') searches.push(url.searchParams.get('q') ?? '');
      });
      await page.goto(`${server.url}/`);
      const box = page.getByRole('searchbox');
      await box.pressSequentially(opening, { delay: 40 });
      // The listener pauses on the quote, longer than the typing pause that starts a search.
      await page.waitForTimeout(TYPING_PAUSE_MS * 4);
      expect(await page.getByText(refused).count()).toBe(0);
      expect(searches).toEqual([]);

      await box.pressSequentially(`reconnaissance faciale${closing}`, { delay: 20 });
      // The phrase is highlighted whole in the first moment found.
      const firstMark = page.locator('[data-result] mark').first();
      await expect
        .poll(
          async () => ((await firstMark.count()) > 0 ? (await firstMark.textContent())?.toLowerCase() : null),
          {
            timeout: 10_000,
          },
        )
        .toBe('reconnaissance faciale');
      expect(await page.getByText(refused).count()).toBe(0);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe.each([
  { locale: 'en-US', opening: '"', closing: '"', found: /^(1 of 1|1 match)$/ },
  { locale: 'fr-FR', opening: '« ', closing: ' »', found: /^(1 sur 1|1 résultat)$/ },
])('a phrase typed into Find in transcript in $locale', ({ locale, opening, closing, found }) => {
  it('waits for its first word, then marks where the phrase is said', async () => {
    const context = await newContext(browser, { locale });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const searches: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/search') searches.push(url.searchParams.get('q') ?? '');
      });
      await page.goto(`${server.url}/episodes/ecoute-citoyenne--videosurveillance-algorithmique`);
      const find = page.locator('.transcript-find input');
      await find.waitFor();
      await find.pressSequentially(opening, { delay: 40 });
      await page.waitForTimeout(TYPING_PAUSE_MS * 4);
      expect(searches).toEqual([]);
      expect((await page.locator('.transcript-find-status').textContent())?.trim()).toBe('');

      await find.pressSequentially(`le logiciel analyse${closing}`, { delay: 20 });
      await expect
        .poll(() => page.locator('.transcript-find-status').textContent(), { timeout: 10_000 })
        .toMatch(found);
      expect((await page.locator('.transcript-scroll mark').first().textContent())?.toLowerCase()).toBe(
        'le logiciel analyse',
      );
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
