// Find in transcript on the episode page: as soon as the words typed are found, the count
// says how many there are ("3 matches"), then which one is shown once the listener steps
// to one (Enter, Shift+Enter). It used to say "– of 3" (and "– of 1") until Enter was
// pressed. Headless Chromium against the real server and the demo archive, EN and FR.
import type { Browser, Page } from 'playwright-core';
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

const EPISODE = 'ecoute-citoyenne--drones-manifestations';

const statusOf = (page: Page) => page.locator('.transcript-find-status').textContent();

describe.each([
  { locale: 'en-US', three: '3 matches', one: '1 match', of: (i: number, n: number) => `${i} of ${n}` },
  { locale: 'fr-FR', three: '3 résultats', one: '1 résultat', of: (i: number, n: number) => `${i} sur ${n}` },
])('Find in transcript in $locale', ({ locale, three, one, of }) => {
  it('counts the matches as soon as they are found, then says which one Enter and Shift+Enter show', async () => {
    const context = await newContext(browser, { locale });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${server.url}/episodes/${EPISODE}`);
      const find = page.getByRole('searchbox');
      await find.waitFor();

      // Said three times, none of them at the playhead (0:00, before the first line).
      await find.pressSequentially('drones', { delay: 20 });
      await expect.poll(() => statusOf(page), { timeout: 10_000 }).toBe(three);
      await find.press('Enter');
      await expect.poll(() => statusOf(page)).toBe(of(1, 3));
      await find.press('Enter');
      await expect.poll(() => statusOf(page)).toBe(of(2, 3));
      await find.press('Shift+Enter');
      await expect.poll(() => statusOf(page)).toBe(of(1, 3));
      await find.press('Shift+Enter');
      await expect.poll(() => statusOf(page)).toBe(of(3, 3));

      // Escape empties the field and the count.
      await find.press('Escape');
      await expect.poll(() => find.inputValue()).toBe('');
      await expect.poll(() => statusOf(page)).toBe('');

      // Said once, elsewhere than the line being played.
      await find.pressSequentially('visages', { delay: 20 });
      await expect.poll(() => statusOf(page), { timeout: 10_000 }).toBe(one);
      await find.press('Enter');
      await expect.poll(() => statusOf(page)).toBe(of(1, 1));
      expect(await page.locator('.transcript-scroll mark').first().textContent()).toBe('visages');
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
