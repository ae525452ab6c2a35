// A moment that does not say every word typed (a partial answer, or a pasted quote with a
// word misremembered) names the missing words, struck through, as typed: on the search
// page's results and on the episode page for the match shown, so the listener sees why the
// moment differs from what they typed. Headless Chromium, real server, demo archive, EN/FR.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  { locale: 'en-US', missing: 'Missing: Kangourou' },
  { locale: 'fr-FR', missing: 'Manquant : Kangourou' },
])('words a moment does not say, in $locale', ({ locale, missing }) => {
  it('are named on each result and on the episode page’s match', async () => {
    const context = await newContext(browser, { locale });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      // Nothing in the archive says `kangourou`: every moment found lacks it.
      await page.goto(`${server.url}/search?q=${encodeURIComponent('Recours Kangourou ')}`);
      const first = page.locator('[data-result]').first();
      await first.waitFor({ timeout: 10_000 });
      const results = await page.locator('[data-result]').count();
      expect(await page.locator('[data-result] .missing-words').count()).toBe(results);
      expect((await first.locator('.missing-words').textContent())?.replace(/\s+/g, ' ')).toBe(missing);
      // Struck through, as a search engine shows a word left out.
      expect(await first.locator('.missing-words s').allTextContents()).toEqual(['Kangourou']);
      expect(await first.locator('mark').first().textContent()).toMatch(/^recours$/i);

      // Opened, the episode says it of the match being played.
      await first.click();
      await page.waitForURL(/\/episodes\//);
      const onEpisode = page.locator('.transcript .missing-words');
      await expect
        .poll(async () => ((await onEpisode.count()) > 0 ? await onEpisode.textContent() : null), {
          timeout: 10_000,
        })
        .toBe(missing);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
