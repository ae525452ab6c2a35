// The search page's tab title names the query whose results it shows, so a listener with
// several searches open (or in their history) can tell them apart. Headless Chromium
// against the real server and the demo archive.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

let server: VerbatimTestServer;
let browser: Browser;
let context: BrowserContext | null = null;

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(locale?: string): Promise<{ page: Page; errors: PageErrors }> {
  context = await newContext(browser, { locale });
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

const results = (page: Page) => page.locator('[data-result]');

describe('the search page title', () => {
  it('names the query of a search link, then the query typed, and is plain again once cleared', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=donnees%20personnelles`);
    await results(page).first().waitFor();
    expect(await page.title()).toBe('“donnees personnelles” — search — Verbatim');

    const box = page.getByRole('searchbox');
    await box.fill('drones');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('“drones” — search — Verbatim');

    // A quoted phrase is not quoted twice.
    await box.fill('"donnees personnelles"');
    await expect
      .poll(() => page.title(), { timeout: 10_000 })
      .toBe('“donnees personnelles” — search — Verbatim');

    await box.fill('');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Verbatim');
    expect(errors.messages).toEqual([]);
  });

  it('is in French for a French browser', async () => {
    const { page, errors } = await openPage('fr-FR');
    await page.goto(`${server.url}/search?q=${encodeURIComponent('  drones  ')}`);
    await results(page).first().waitFor();
    expect(await page.title()).toBe('« drones » — recherche — Verbatim');
    expect(errors.messages).toEqual([]);
  });
});
