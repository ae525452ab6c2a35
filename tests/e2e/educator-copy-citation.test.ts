// "Quote with citation" copies the citation, however slowly it comes: in headless Chromium
// against the real server on the demo archive, the citation's request is held back (a slow
// network, or the server's first citation); until it arrives the Copy button waits, saying
// why, in English and French — it does not copy the quote with a bare link instead.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson } from './helpers/fetch-json.ts';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

/** The demo's timestamped-Markdown episode. */
const episodeId = 'libertes-numeriques--donnees-biometriques';

let verbatim: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  verbatim = await startVerbatim();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await verbatim?.close();
});

const cases = [
  { locale: 'en-US', save: 'Save clip', copy: 'Copy: Quote with citation', waiting: 'Loading the citation…' },
  {
    locale: 'fr-FR',
    save: 'Enregistrer l’extrait',
    copy: 'Copier : Citation avec référence',
    waiting: 'Chargement de la référence…',
  },
] as const;

describe('copying the quote with its citation right after saving a clip', () => {
  for (const { locale, save, copy, waiting } of cases) {
    it(`waits for the citation rather than copying the quote without it (${locale})`, async () => {
      const { cues } = await fetchJson<{ cues: { start: number; end: number }[] }>(
        `${verbatim.url}/api/episodes/${episodeId}`,
      );
      const context = await newContext(browser, { locale });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: verbatim.url });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const release = await holdRequests(page, (url) => url.pathname.endsWith('/citation'));
      await page.goto(`${verbatim.url}/episodes/${episodeId}`);
      await page.locator('[data-cue-index="4"]').focus();
      await page.keyboard.press('Shift+ArrowDown');
      const maker = page.locator('.clip-maker');
      await maker.getByRole('button', { name: save }).click();
      const copyQuote = maker.getByRole('button', { name: copy });
      await copyQuote.waitFor();

      // Before: enabled at once, copying “…” and the clip's link, without any citation.
      expect(await copyQuote.isDisabled()).toBe(true);
      expect(await maker.locator('.clip-share').textContent()).toContain(waiting);

      release();
      await expect.poll(() => copyQuote.isDisabled()).toBe(false);
      await copyQuote.click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const range = `${Math.floor(cues[4]!.start / 60)}:${String(Math.floor(cues[4]!.start % 60)).padStart(2, '0')}`;
      expect(copied).toMatch(new RegExp(`\\(Le podcast des Libertés Numériques, \\d{4}, ${range}–`));
      // The full reference too, which ends with the episode's URL.
      expect(copied).toMatch(
        /\n\nLe podcast des Libertés Numériques\. \(\d{4}, .*podcast\/donnees-biometriques$/,
      );
      expect(await maker.locator('.clip-share').textContent()).not.toContain(waiting);
      expect(errors.messages).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
