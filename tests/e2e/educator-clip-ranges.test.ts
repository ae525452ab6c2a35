// What an educator sees is what is saved, in headless Chromium against the real server: on a
// transcript without word timings, the clip maker shows (before saving) the range the clip
// will have, which holds all of the range set, and the saved clip has that range; the embed
// of a clip whose episode has no media says why nothing plays, in the reader's language.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, postJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { demoTranscriptsDir, startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

interface CueJson {
  start: number;
  end: number;
  text: string;
}
interface ClipJson {
  clip: { id: string; start: number; end: number; quote: string };
  range: string;
  embedHtml: string;
}

/** The demo's SRT episode (cue timings only), copied with its media. */
const srtShow = 'ecoute-citoyenne';
const srtEpisode = 'exportations-technologies-surveillance';
const srtEpisodeId = `${srtShow}--${srtEpisode}`;
/** An episode of our own without any media file. */
const silentEpisodeId = 'cours--sans-media';
const silentVtt = `WEBVTT

00:00:01.000 --> 00:00:05.000
<v Nadia Perrin>Le chiffrement protège les journalistes et leurs sources.

00:00:05.000 --> 00:00:09.500
<v Nadia Perrin>Affaiblir le chiffrement, c’est affaiblir tout le monde.
`;

let dir: string;
let verbatim: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-educator-'));
  await mkdir(path.join(dir, srtShow));
  for (const file of ['show.json', `${srtEpisode}.srt`, `${srtEpisode}.meta.json`, `${srtEpisode}.opus`]) {
    await cp(path.join(demoTranscriptsDir, srtShow, file), path.join(dir, srtShow, file));
  }
  await mkdir(path.join(dir, 'cours'));
  await writeFile(path.join(dir, 'cours', 'sans-media.vtt'), silentVtt);
  verbatim = await startVerbatim({ VERBATIM_TRANSCRIPTS_DIR: dir });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await verbatim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the clip maker on a transcript without word timings', () => {
  it('shows the range the clip will be saved with, all of the range set, and saves that range', async () => {
    const { cues } = await fetchJson<{ cues: CueJson[] }>(`${verbatim.url}/api/episodes/${srtEpisodeId}`);
    const [first, last] = [cues[3]!, cues[4]!];
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${verbatim.url}/episodes/${srtEpisodeId}`);
    // Lines 4–5 selected, then the in point 3.5 s into line 4 (nearer line 5's start than its
    // own) and the out point 1 s before line 5 ends.
    expect(first.end - first.start).toBeGreaterThan(4.5);
    await page.locator('[data-cue-index="3"]').focus();
    await page.keyboard.press('Shift+ArrowDown');
    const inEnd = page.getByRole('group', { name: 'Nudge In' });
    const outEnd = page.getByRole('group', { name: 'Nudge Out' });
    await expect.poll(() => page.locator('[data-clip-end="end"]').textContent()).toMatch(/\(\d/);
    for (let i = 0; i < 7; i++) await inEnd.getByRole('button', { name: '+0.5 s' }).click();
    for (let i = 0; i < 2; i++) await outEnd.getByRole('button', { name: '−0.5 s' }).click();
    const note = page.locator('.clip-maker').getByRole('note');
    await note.waitFor();
    const preview = (await page.locator('.clip-maker-quote').textContent())!;
    expect(preview).toContain(`“${first.text} ${last.text}”`);

    await page.getByRole('button', { name: 'Save clip' }).click();
    const link = page.getByRole('link', { name: 'Open the clip page' });
    await link.waitFor();
    const id = (await link.getAttribute('href'))!.split('/').pop()!;
    const saved = await fetchJson<ClipJson>(`${verbatim.url}/api/clips/${id}`);
    // All of both lines (before: the nearest boundaries, line 5 alone, losing 2 s of the range set).
    expect([saved.clip.start, saved.clip.end]).toEqual([first.start, last.end]);
    expect(saved.clip.quote).toBe(`${first.text} ${last.text}`);
    // What was shown before saving is what was saved: its length, and its range in the note.
    const length = (saved.clip.end - saved.clip.start).toFixed(1);
    expect(preview).toMatch(new RegExp(`, ${length.replace('.', '\\.')} s$`));
    expect(await note.textContent()).toContain(`(${length} s)`);
    expect(errors.messages).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('the embed of a clip whose episode has no media', () => {
  for (const [locale, text] of [
    ['en-US', 'No audio or video of this clip in the archive.'],
    ['fr-FR', 'Pas d’audio ni de vidéo de cet extrait dans l’archive.'],
  ] as const) {
    it(`says so in view, in its 560×220 frame (${locale})`, async () => {
      const made = await postJson<ClipJson>(`${verbatim.url}/api/clips`, {
        episodeId: silentEpisodeId,
        start: 1,
        end: 9.5,
      });
      // The embed code names the clip for screen readers (before: the episode's title alone).
      expect(made.embedHtml).toContain('title="“Le chiffrement protège les journalistes');
      const context = await newContext(browser, { locale, viewport: { width: 560, height: 220 } });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${verbatim.url}/embed/clips/${made.clip.id}`);
      const note = page.locator('.clip-embed').getByRole('note');
      await note.waitFor();
      expect(await note.textContent()).toBe(text);
      const box = (await note.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(220);
      expect(errors.messages).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
