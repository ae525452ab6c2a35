// A three-hour episode says "données" in 2,430 passages. "Show all 2,430 moments" lists
// them in steps a browser draws at once (all of them at once froze the page for seconds):
// scrolling, the "Show more moments" button and the arrow keys reach every one of them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { COMMON_WORD, COMMON_WORD_CUES_IN_LONG_EPISODE } from './helpers/long-episode-archive.ts';
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

/** The long episode's result group, once the search has answered. */
async function openLongEpisodeGroup(page: Page) {
  await page.goto(`${server.url}/search?q=${encodeURIComponent(COMMON_WORD)}`);
  const group = page.getByRole('article', { name: 'La nuit des données' });
  await group.getByRole('button', { name: 'Show all 2,430 moments' }).click();
  return group;
}

const momentTimes = (group: ReturnType<Page['getByRole']>) =>
  group.locator('.moments .moment-time').allTextContents();

describe('an episode with thousands of moments', () => {
  it('lists them a step at a time, from the first, and scrolling down brings every one', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const group = await openLongEpisodeGroup(page);
      await expect.poll(async () => (await momentTimes(group)).length).toBe(100);
      // In time order from the episode's start, the first one ready for the keyboard.
      expect((await momentTimes(group)).slice(0, 3)).toEqual(['0:00', '0:04', '0:08']);
      const first = group.locator('[data-result]').first();
      await first.focus();
      await expect.poll(() => first.evaluate((link) => link === document.activeElement)).toBe(true);
      await group.getByRole('button', { name: 'Show more moments (100 of 2,430 shown)' }).waitFor();

      // Scrolling to the end of the list brings the next ones, up to the last of all.
      const listed = group.locator('.moments li');
      for (let shown = 100; shown < COMMON_WORD_CUES_IN_LONG_EPISODE;) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await expect.poll(() => listed.count()).toBeGreaterThan(shown);
        shown = await listed.count();
      }
      const times = await momentTimes(group);
      expect(times).toHaveLength(COMMON_WORD_CUES_IN_LONG_EPISODE);
      expect(new Set(times).size).toBe(COMMON_WORD_CUES_IN_LONG_EPISODE);
      expect(times.at(-1)).toBe('2:59:52');
      expect(await group.getByRole('button', { name: /^Show more moments/ }).count()).toBe(0);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('goes on past the last listed moment with ArrowDown and with "Show more moments"', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const group = await openLongEpisodeGroup(page);
      const links = group.locator('[data-result]');
      await expect.poll(() => links.count()).toBe(100);

      // ArrowDown on the 100th moment goes to the 101st, not to the next episode.
      await links.nth(99).focus();
      await page.keyboard.press('ArrowDown');
      const focusedTime = () =>
        page.evaluate(() => document.activeElement?.querySelector('.moment-time')?.textContent ?? null);
      const times = await momentTimes(group);
      expect(times[99]).toBe('7:20');
      await expect.poll(focusedTime).toBe('7:24');
      expect(await links.count()).toBeGreaterThan(100);

      // The button (for who does not scroll) says how far the list goes and moves focus to
      // the first moment it brings.
      const shown = await links.count();
      const more = group.getByRole('button', { name: /^Show more moments/ });
      expect(await more.textContent()).toBe(`Show more moments (${shown} of 2,430 shown)`);
      await more.focus();
      await more.press('Enter');
      // Focus is on a moment the press listed (nearing the end may list a further step too).
      const focusedIndex = () =>
        links.evaluateAll((all) => all.indexOf(document.activeElement as HTMLAnchorElement));
      await expect.poll(focusedIndex).toBeGreaterThanOrEqual(shown);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
  it('back from the 150th moment, the list is unfolded as it was and that moment has focus', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const group = await openLongEpisodeGroup(page);
      const links = group.locator('[data-result]');
      await group.getByRole('button', { name: /^Show more moments/ }).click();
      await expect.poll(() => links.count()).toBeGreaterThanOrEqual(200);
      const followed = links.nth(149);
      const href = await followed.getAttribute('href');
      await followed.click();
      await page.waitForURL(/\/episodes\//);
      await page.goBack();

      const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? null);
      await expect.poll(focusedHref).toBe(href);
      expect(await links.count()).toBeGreaterThanOrEqual(200);
      await group.getByRole('button', { name: 'Show the best moments only' }).waitFor();
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
