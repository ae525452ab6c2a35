// A clip cut inside a 3-minute turn without word timings has an estimated quote. In headless
// Chromium against the real server, in English and French, the places a teacher takes the quote
// from say it is approximate: the embed (the iframe's page), the pack page and the
// "Quote with citation" text to copy (before: each gave it as verbatim). A clip of a whole short
// line says nothing of the kind.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCoarseTranscriptShow } from '../fixtures/clips/coarse-transcript.ts';
import { postJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

let dir: string;
let verbatim: VerbatimTestServer;
let browser: Browser;
let estimatedId: string;
let exactId: string;
let packId: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-estimated-e2e-'));
  const { episodeId } = await writeCoarseTranscriptShow(dir);
  verbatim = await startVerbatim({ VERBATIM_TRANSCRIPTS_DIR: dir });
  browser = await launchChromium();
  const cut = (start: number, end: number) =>
    postJson<{ clip: { id: string } }>(`${verbatim.url}/api/clips`, { episodeId, start, end });
  estimatedId = (await cut(40, 60)).clip.id;
  exactId = (await cut(331, 333)).clip.id;
  packId = (
    await postJson<{ pack: { id: string } }>(`${verbatim.url}/api/packs`, {
      title: 'Surveillance : le cours',
      items: [{ clipId: estimatedId }, { clipId: exactId }],
    })
  ).pack.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await verbatim?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const cases = [
  {
    locale: 'en-US',
    marker: '(approximate quote: this transcript has no word timings here)',
    embed: 'Approximate quote: “Troisième point',
    open: '“',
    close: '”',
    inText: '(Débats numériques, 2025, 0:40–1:00)',
  },
  {
    locale: 'fr-FR',
    marker: '(citation approximative : cette transcription n’a pas de minutage des mots ici)',
    embed: 'Citation approximative : «\u00a0Troisième point',
    open: '«\u00a0',
    close: '\u00a0»',
    inText: '(Débats numériques, 2025, 0:40–1:00)',
  },
] as const;

describe('an estimated quote, wherever a teacher takes it from', () => {
  for (const { locale, marker, embed, inText, open, close } of cases) {
    it(`is marked approximate in the embed, the pack page and the quote to copy (${locale})`, async () => {
      const context = await newContext(browser, { locale });
      const page = await context.newPage();
      const errors = collectPageErrors(page);

      await page.goto(`${verbatim.url}/embed/clips/${estimatedId}`);
      const embedQuote = page.locator('.clip-embed-quote');
      await embedQuote.waitFor();
      expect(await embedQuote.textContent()).toMatch(new RegExp(`^${embed.replace(/[()]/g, '\\$&')}`));
      expect(await embedQuote.isVisible()).toBe(true);
      // Its reason on hover, in the page's language.
      expect(await embedQuote.locator('.clip-embed-approximate').getAttribute('title')).toBe(marker);
      await page.goto(`${verbatim.url}/embed/clips/${exactId}`);
      await page.locator('.clip-embed-quote').waitFor();
      expect(await page.locator('.clip-embed-quote').textContent()).toContain(`${open}Merci Nadia Ferrand.`);

      await page.goto(`${verbatim.url}/packs/${packId}`);
      const items = page.locator('.pack-items > li');
      await expect.poll(() => items.count()).toBe(2);
      expect(await items.nth(0).getByRole('note').textContent()).toBe(marker);
      expect(await items.nth(1).getByRole('note').count()).toBe(0);

      await page.goto(`${verbatim.url}/clips/${estimatedId}`);
      const quote = page.locator('textarea[data-share="quote"]');
      await expect.poll(() => quote.inputValue(), { timeout: 30_000 }).toContain(inText);
      // The marker right after the quote, before its citation: pasted together.
      expect((await quote.inputValue()).startsWith(`${open}Troisième point`)).toBe(true);
      expect(await quote.inputValue()).toContain(`${close} ${marker} ${inText}`);
      await page.goto(`${verbatim.url}/clips/${exactId}`);
      const exactQuote = page.locator('textarea[data-share="quote"]');
      await expect.poll(() => exactQuote.inputValue(), { timeout: 30_000 }).toContain('2025, 5:30');
      expect(await exactQuote.inputValue()).not.toContain(marker);

      expect(errors.messages).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('leaves the quote room in a 320 px embed: the French mark takes one line of its two (fr-FR)', async () => {
    const context = await newContext(browser, { locale: 'fr-FR', viewport: { width: 320, height: 220 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${verbatim.url}/embed/clips/${estimatedId}`);
    const mark = page.locator('.clip-embed-approximate');
    await mark.waitFor();
    // Before: 'Citation approximative (pas de minutage des mots ici) :' filled both lines but a word.
    const lines = await mark.evaluate(
      (span) =>
        new Set([...span.getClientRects()].filter((r) => r.width > 1).map((r) => Math.round(r.top))).size,
    );
    expect(lines).toBe(1);
    expect(await page.locator('.clip-embed-quote').isVisible()).toBe(true);
    expect(errors.messages).toEqual([]);
    await context.close();
  }, 120_000);
});
