// A listener's audit of the search and episode pages in headless Chromium, against the real
// server and the demo archive: a date typed into the date filters with the keyboard is
// searched once it is whole (not at each digit of its year).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

// A browser driven keystroke by keystroke on a machine shared with other tests.
vi.setConfig({ testTimeout: 60_000 });

let server: VerbatimTestServer;
let browser: Browser;
let context: BrowserContext | null = null;

beforeAll(async () => {
  server = await startVerbatim({ VERBATIM_WATCH_TRANSCRIPTS: 'false' });
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

async function openPage(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; errors: PageErrors }> {
  context = await newContext(browser, options);
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

describe('a date typed into the date filters with the keyboard', () => {
  it('is searched once, when its year is whole: no search, history entry or refusal for years 0002, 0020, 0202', async () => {
    const { page, errors } = await openPage();
    const searched: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/search') searched.push(url.searchParams.get('to') ?? '');
    });
    await page.goto(`${server.url}/search?q=surveillance&from=2026-01-01`);
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    const entriesBefore = await page.evaluate(() => history.length);
    searched.length = 0;

    // Month, day, then the year digit by digit, as a reader types "05/01/2026".
    await page.getByRole('textbox', { name: 'To', exact: true }).click();
    await page.keyboard.type('0501', { delay: 50 });
    for (const digit of '2026') {
      await page.keyboard.type(digit, { delay: 50 });
      // Never "the end date is before the start date" while the year is being typed.
      expect(await page.getByText('This query cannot be searched').count()).toBe(0);
    }
    await page.waitForURL((url) => url.searchParams.get('to') === '2026-05-01');
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();

    expect(searched).toEqual(['2026-05-01']);
    // One Back returns to the search before the date.
    expect(await page.evaluate(() => history.length)).toBe(entriesBefore + 1);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('to'));
    expect(await page.getByRole('textbox', { name: 'To', exact: true }).inputValue()).toBe('');
    expect(errors.messages).toEqual([]);
  });
});
