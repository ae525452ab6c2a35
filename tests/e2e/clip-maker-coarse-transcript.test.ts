// The clip maker on a transcript timed coarsely (timestamped Markdown, a 3-minute first turn),
// in headless Chromium against the real server: in / out set at 0:40 and 1:00 with i / o stay
// there — shown before saving, with a note that the quote is estimated, in English and French
// — and the saved clip is those 20 s (before: the whole 0:00–3:00 turn, told as "whole lines");
// its page says the quote is estimated.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCoarseTranscriptShow } from '../fixtures/clips/coarse-transcript.ts';
import { fetchJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

let dir: string;
let episodeId: string;
let verbatim: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-coarse-e2e-'));
  ({ episodeId } = await writeCoarseTranscriptShow(dir));
  verbatim = await startVerbatim({ VERBATIM_TRANSCRIPTS_DIR: dir });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await verbatim?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** Moves the playhead to `time` and presses `key` (i or o), as an educator listening would. */
async function setAt(page: Page, key: 'i' | 'o', time: number) {
  const which = key === 'i' ? 'start' : 'end';
  const shown = `${Math.floor(time / 60)}:${String(time % 60).padStart(2, '0')}`;
  // Set and press again until the maker shows that time: the player may still be settling
  // its own start position, and on a loaded machine it may not have taken the new time yet
  // when the key is pressed (the end then read 0:00).
  await expect
    .poll(
      async () => {
        const settled = await page.evaluate((t) => {
          const media = document.querySelector<HTMLMediaElement>('audio, video')!;
          if (Math.abs(media.currentTime - t) > 0.05) media.currentTime = t;
          return !media.seeking && Math.abs(media.currentTime - t) < 0.05;
        }, time);
        if (!settled) return null;
        await page.locator('body').press(key);
        return page.locator(`[data-clip-end="${which}"]`).textContent();
      },
      { timeout: 60_000 },
    )
    .toMatch(new RegExp(`^${shown}`));
}

const cases = [
  {
    locale: 'en-US',
    note: /no precise timings here .*keeps the range you set, 0:40–1:00 \(20\.0 s\), and its quote is estimated/,
    save: 'Save clip',
    open: 'Open the clip page',
    pageNote: 'This transcript has no precise timings here: the quote is estimated',
  },
  {
    locale: 'fr-FR',
    note: /pas de minutage précis ici .*garde la plage choisie, 0:40–1:00 \(20,0 s\), et sa citation est estimée/,
    save: 'Enregistrer l’extrait',
    open: 'Ouvrir la page de l’extrait',
    pageNote: 'Cette transcription n’a pas de minutage précis ici : la citation est estimée',
  },
] as const;

describe('the clip maker inside a 3-minute turn without word timings', () => {
  for (const { locale, note, save, open, pageNote } of cases) {
    it(`keeps 0:40–1:00, says the quote is estimated, and saves those 20 s (${locale})`, async () => {
      const context = await newContext(browser, { locale });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${verbatim.url}/episodes/${episodeId}`);
      await page.waitForFunction(
        () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
      );
      await setAt(page, 'i', 40);
      await setAt(page, 'o', 60);

      const maker = page.locator('.clip-maker');
      const said = maker.getByRole('note');
      await said.waitFor();
      expect(await said.textContent()).toMatch(note);
      const preview = (await maker.locator('.clip-maker-quote').textContent())!;
      expect(preview).toContain('Troisième point');
      expect(preview).not.toContain('Premier point');
      expect(preview).toContain('0:40–1:00');

      await maker.getByRole('button', { name: save }).click();
      const link = page.getByRole('link', { name: open });
      await link.waitFor();
      const id = (await link.getAttribute('href'))!.split('/').pop()!;
      const saved = await fetchJson<{ clip: { start: number; end: number; quote: string } }>(
        `${verbatim.url}/api/clips/${id}`,
      );
      expect([saved.clip.start, saved.clip.end]).toEqual([40, 60]);
      // What the preview showed is what was saved.
      expect(preview).toContain(saved.clip.quote);
      // The clip page says so too, beside the quote, for whoever opens the link.
      await page.goto(`${verbatim.url}/clips/${id}`);
      const estimated = page.locator('.clip-page').getByRole('note');
      await estimated.waitFor();
      expect(await estimated.textContent()).toContain(pageNote);
      expect(errors.messages).toEqual([]);
      await context.close();
    }, 120_000);
  }
});

describe('on a phone, inside a 3-minute turn', () => {
  it('Set in takes the playhead once it is moved on within the line (+10 s × 3), not the turn’s start', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, phone: true });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${verbatim.url}/episodes/${episodeId}`);
    await page.waitForFunction(
      () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
    );
    // Tap the turn: it plays from 0:00, and Set in names its start.
    await page.locator('[data-cue-index="0"]').tap();
    const setIn = page.locator('.clip-maker-end').first().locator('button').first();
    await expect.poll(() => setIn.textContent()).toBe('Set in at the start of the line (0:00)');
    const playhead = () =>
      page.evaluate(() => document.querySelector<HTMLMediaElement>('audio, video')!.currentTime);
    for (let i = 0; i < 3; i++) {
      const before = await playhead();
      await page.getByRole('button', { name: 'Forward 10 seconds' }).tap();
      await expect.poll(playhead).toBeGreaterThan(before + 9);
    }
    // Before: still "Set in at the start of the line (0:00)", 30 s back, for as long as the
    // turn lasts (3 minutes), so a phone could not set an in point inside it.
    await expect.poll(() => setIn.textContent()).toBe('Set in at playhead (i)');
    await setIn.tap();
    const inPoint = await page.locator('[data-clip-end="start"]').textContent();
    expect(Number(/\(([\d.]+) s\)/.exec(inPoint ?? '')?.[1])).toBeGreaterThan(29);
    expect(errors.messages).toEqual([]);
    await context.close();
  }, 120_000);
});
