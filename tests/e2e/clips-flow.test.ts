// Clips end to end in headless Chromium against the real server and the demo archive:
// select transcript cues → save → the clip page plays only the range; the embed works in
// an iframe on another origin; a pack of three clips from two episodes plays in order,
// and its zip's offline page plays from file://.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, postJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { seriousAxeViolations } from './helpers/run-axe.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

interface EpisodeSummary {
  id: string;
  mediaUrl: string | null;
  cueCount: number;
}
interface CueJson {
  start: number;
  end: number;
  text: string;
}
interface ClipJson {
  clip: { id: string; start: number; end: number; quote: string };
  editToken: string;
}

let verbatim: VerbatimTestServer;
let browser: Browser;
let episodes: { id: string; cues: CueJson[] }[] = [];
const tempDirs: string[] = [];

async function postClip(episodeId: string, start: number, end: number): Promise<ClipJson> {
  return postJson<ClipJson>(`${verbatim.url}/api/clips`, { episodeId, start, end });
}

/**
 * Records the media element's currentTime on every animation frame and timeupdate, so a
 * test can check playback never ran past the clip's end.
 */
async function watchPlayback(target: Page | Frame): Promise<void> {
  await target.waitForSelector('audio, video', { state: 'attached' });
  await target.evaluate(() => {
    const media = document.querySelector<HTMLMediaElement>('audio, video')!;
    const w = window as unknown as { playback: { max: number; first: number | null; playing: boolean } };
    w.playback = { max: 0, first: null, playing: false };
    const sample = () => {
      if (!media.paused) {
        w.playback.playing = true;
        w.playback.first ??= media.currentTime;
        w.playback.max = Math.max(w.playback.max, media.currentTime);
      }
    };
    media.addEventListener('timeupdate', sample);
    const loop = () => {
      sample();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

async function readPlayback(target: Page | Frame) {
  return target.evaluate(() => {
    const media = document.querySelector<HTMLMediaElement>('audio, video')!;
    const w = window as unknown as { playback: { max: number; first: number | null; playing: boolean } };
    return { ...w.playback, paused: media.paused, currentTime: media.currentTime };
  });
}

/**
 * Seeks to a second before `end` when the media plays earlier than that (a seek inside the
 * range, as the slider makes): the stop at the end is then reached without listening
 * through whole demo lines (4–9 s each) in real time.
 */
async function skipToNear(target: Page | Frame, end: number) {
  await target.evaluate((at) => {
    const media = document.querySelector<HTMLMediaElement>('audio, video')!;
    if (!media.paused && media.currentTime < at) media.currentTime = at;
  }, end - 1);
}

/**
 * Plays via the player's Play button and waits until playback stops at the clip's end
 * (once it has played from the start, it skips to a second before the end).
 */
async function playToEnd(target: Page | Frame, clip: { start: number; end: number }) {
  await watchPlayback(target);
  await target.getByRole('button', { name: 'Play', exact: true }).first().click();
  const deadline = Date.now() + (clip.end - clip.start + 15) * 1000;
  let skipped = false;
  for (;;) {
    const state = await readPlayback(target);
    if (state.playing && state.paused && state.max >= clip.end - 0.5) return state;
    if (!skipped && state.playing && !state.paused) {
      skipped = true;
      await skipToNear(target, clip.end);
    }
    if (Date.now() > deadline)
      throw new Error(`playback did not reach the clip's end: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  verbatim = await startVerbatim();
  browser = await launchChromium();
  const list = await fetchJson<{ items: EpisodeSummary[] }>(`${verbatim.url}/api/episodes?limit=100`);
  for (const item of list.items.filter(
    (e) => e.mediaUrl && !/^https?:/.test(e.mediaUrl) && e.cueCount >= 4,
  )) {
    const full = await fetchJson<{ cues: CueJson[] }>(
      `${verbatim.url}/api/episodes/${encodeURIComponent(item.id)}`,
    );
    episodes.push({ id: item.id, cues: full.cues });
  }
  episodes = episodes.slice(0, 2);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await verbatim?.close();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('clips in the browser', () => {
  it('select cues with the keyboard → save → the clip page plays from the start and stops at the end', async () => {
    const episode = episodes[0]!;
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${verbatim.url}/episodes/${encodeURIComponent(episode.id)}`);
    // In/out at the playhead: play from cue 3, press i, then o a moment later.
    const endTime = async (which: 'start' | 'end') =>
      Number(
        /\(([\d.]+) s\)/.exec((await page.locator(`[data-clip-end="${which}"]`).textContent()) ?? '')?.[1],
      );
    // Wait for the player to be ready, else the click has no player to drive yet.
    await page.waitForFunction(
      () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
    );
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.locator('[data-cue-index="3"]').click();
    await page.waitForFunction(() => {
      const media = document.querySelector<HTMLMediaElement>('audio, video');
      return media !== null && !media.paused && media.currentTime > 0;
    });
    await page.keyboard.press('i');
    await expect.poll(() => endTime('start')).toBeGreaterThanOrEqual(episode.cues[3]!.start - 0.3);
    expect(await endTime('start')).toBeLessThan(episode.cues[3]!.start + 3);
    await page.waitForTimeout(700);
    await page.keyboard.press('o');
    await expect.poll(() => endTime('end')).toBeGreaterThan(await endTime('start'));
    await page.getByRole('button', { name: 'Pause' }).first().click();

    // Mouse selection: click cue 1, shift+click cue 2 → cues 1..2, with no stray text
    // highlight left across the cues (the browser extends its own selection on shift+click).
    await page.locator('[data-cue-index="1"]').click();
    await page.locator('[data-cue-index="2"]').click({ modifiers: ['Shift'] });
    await expect.poll(() => endTime('start')).toBeCloseTo(episode.cues[1]!.start, 1);
    await expect.poll(() => endTime('end')).toBeCloseTo(episode.cues[2]!.end, 1);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    // The clip tools scroll under the sticky player column: it must hide them (opaque, above),
    // not let their text run through its chapters.
    const side = await page.locator('.episode-side').evaluate((element) => {
      const style = getComputedStyle(element);
      return { position: style.position, background: style.backgroundColor, zIndex: style.zIndex };
    });
    expect(side.position).toBe('sticky');
    expect(side.background).toMatch(/^rgb\(/);
    expect(Number(side.zIndex)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause' }).first().click();

    // Keyboard selection: focus the 2nd cue, shift+ArrowDown once → cues 1..2.
    const cue = page.locator('[data-cue-index="1"]');
    await cue.focus();
    await page.keyboard.press('Shift+ArrowDown');
    const expected = { start: episode.cues[1]!.start, end: episode.cues[2]!.end };
    await expect.poll(() => endTime('start')).toBeCloseTo(expected.start, 1);
    // Nudge the out point by +0.5 s and back.
    const outTime = () => endTime('end');
    const outGroup = page.getByRole('group', { name: 'Nudge Out' });
    await expect.poll(outTime).toBeCloseTo(expected.end, 1);
    await outGroup.getByRole('button', { name: '+0.5 s' }).click();
    await expect.poll(outTime).toBeCloseTo(expected.end + 0.5, 1);
    await outGroup.getByRole('button', { name: '−0.5 s' }).click();
    await expect.poll(outTime).toBeCloseTo(expected.end, 1);
    await page.getByRole('textbox', { name: 'Title (optional)' }).fill('Extrait e2e');
    await page.getByRole('button', { name: 'Save clip' }).click();
    const link = page.getByRole('link', { name: 'Open the clip page' });
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/\/clips\/[2-9a-zA-Z]{10}$/);
    const embedCode = await page.locator('textarea[data-share="embed"]').inputValue();
    expect(embedCode).toContain('/embed/clips/');

    const id = href.split('/').pop()!;
    const saved = await fetchJson<ClipJson>(`${verbatim.url}/api/clips/${id}`);
    expect(saved.clip.start).toBeCloseTo(expected.start, 2);
    expect(saved.clip.end).toBeCloseTo(expected.end, 2);

    await page.goto(href);
    await expect.poll(() => page.title()).toContain('Extrait e2e');
    const state = await playToEnd(page, saved.clip);
    expect(state.first!).toBeGreaterThanOrEqual(saved.clip.start - 0.25);
    expect(state.first!).toBeLessThan(saved.clip.start + 1);
    expect(state.max).toBeLessThanOrEqual(saved.clip.end + 0.25);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors.messages).toEqual([]);
    await context.close();

    // The same clip page to a French reader: French quotation marks, dates and colons.
    const french = await newContext(browser, { locale: 'fr-FR' });
    const frenchPage = await french.newPage();
    const frenchErrors = collectPageErrors(frenchPage);
    await frenchPage.goto(href);
    const quote = frenchPage.locator('blockquote.clip-quote');
    await quote.waitFor();
    expect(await quote.textContent()).toBe(`«\u00a0${saved.clip.quote}\u00a0»`);
    const attribution = (await frenchPage.locator('.clip-attribution').textContent())!;
    expect(attribution).toContain('Source : ');
    expect(attribution).not.toMatch(/\(\d{4}-\d{2}-\d{2}\)/);
    expect(attribution).toMatch(/\(\d{1,2}(er)? [a-zéû]+ \d{4}\)/);
    expect(await frenchPage.locator('.clip-transcript .cue-speaker').first().textContent()).toMatch(
      /\S :\s$/,
    );
    await frenchPage.getByText('Dans le texte :').waitFor();
    // The citation is French too: the quote to copy and the reference shown (before: English,
    // “(2024, March 5). … [Audio podcast episode]. In …”).
    const shareQuote = frenchPage.locator('textarea[data-share="quote"]');
    await expect.poll(() => shareQuote.inputValue()).toMatch(/\[Épisode de podcast (audio|vidéo)\]\. Dans /);
    expect(await shareQuote.inputValue()).toMatch(/\(\d{4}, \d{1,2}(er)? [a-zéû]+\)\./);
    await expect
      .poll(() => frenchPage.locator('.clip-citation-text').textContent())
      .toMatch(/\[Épisode de podcast (audio|vidéo)\]\. Dans /);
    // And so is the quote to download as Markdown (before: English, “Citation (APA 7):”).
    const markdownHref = await frenchPage
      .getByRole('link', { name: 'Citation (Markdown)' })
      .getAttribute('href');
    const markdown = await (await fetch(new URL(markdownHref!, verbatim.url))).text();
    expect(markdown).toContain('**Référence (APA 7) :**');
    expect(markdown).toContain(`«\u00a0${saved.clip.quote}\u00a0»`);
    expect(frenchErrors.messages).toEqual([]);
    await french.close();
  }, 120_000);

  it('the embed page plays the range inside an iframe on another origin (127.0.0.2)', async () => {
    const episode = episodes[0]!;
    const made = await postClip(episode.id, episode.cues[2]!.start, episode.cues[3]!.end);
    const host = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Course page</title><h1>Cours</h1><iframe src="${verbatim.url}/embed/clips/${made.clip.id}" width="560" height="320" title="Clip"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.2', resolve));
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`http://127.0.0.2:${(host.address() as AddressInfo).port}/`);
      const frame = await (async () => {
        for (let i = 0; i < 100; i++) {
          const found = page.frames().find((f) => f.url().includes('/embed/clips/'));
          if (found) return found;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('embed frame not found');
      })();
      await frame.getByText(episode.cues[2]!.text.slice(0, 20)).waitFor();
      const state = await playToEnd(frame, made.clip);
      expect(state.first!).toBeGreaterThanOrEqual(made.clip.start - 0.25);
      expect(state.max).toBeLessThanOrEqual(made.clip.end + 0.25);
      expect(errors.messages).toEqual([]);
      await context.close();
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  }, 120_000);

  it('a pack of three clips from two episodes plays in order, and its zip plays offline from file://', async () => {
    const [a, b] = [episodes[0]!, episodes[1]!];
    const short = (e: { id: string; cues: CueJson[] }, i: number) =>
      postClip(e.id, e.cues[i]!.start, e.cues[i]!.end);
    const clips = [await short(a, 0), await short(b, 1), await short(a, 3)];
    const pack = await fetchJson<{ pack: { id: string } }>(`${verbatim.url}/api/packs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Dossier e2e',
        intro: 'Trois extraits.',
        items: clips.map((c) => ({ clipId: c.clip.id })),
      }),
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${verbatim.url}/packs/${pack.pack.id}`);
    await page.getByRole('button', { name: 'Play all in order' }).click();
    // Record which clip is loaded and where the media is, until the pack finishes; once a
    // clip plays, skip to a second before its end.
    const seen: { index: number; src: string; time: number }[] = [];
    const skipped = new Set<number>();
    const deadline = Date.now() + 90_000;
    while ((await page.locator('article.pack-page').getAttribute('data-finished')) !== 'true') {
      if (Date.now() > deadline) throw new Error(`pack did not finish: ${JSON.stringify(seen.slice(-3))}`);
      const sample = await page.evaluate(() => {
        const media = document.querySelector<HTMLMediaElement>('audio, video');
        const article = document.querySelector('article.pack-page');
        return {
          index: Number(article?.getAttribute('data-current-index')),
          src: media?.currentSrc ?? '',
          time: media && !media.paused ? media.currentTime : -1,
        };
      });
      if (sample.time >= 0) seen.push(sample);
      const playing = clips[sample.index];
      if (sample.time >= 0 && playing && !skipped.has(sample.index)) {
        skipped.add(sample.index);
        await skipToNear(page, playing.clip.end);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const order = seen.map((s) => s.index).filter((v, i, all) => i === 0 || all[i - 1] !== v);
    expect(order).toEqual([0, 1, 2]);
    // Each clip played within its own range, from its own episode's media.
    for (const [i, clip] of clips.entries()) {
      const samples = seen.filter((s) => s.index === i);
      const episodeId = i === 1 ? b.id : a.id;
      expect(samples.every((s) => s.time >= clip.clip.start - 0.25 && s.time <= clip.clip.end + 0.25)).toBe(
        true,
      );
      expect(samples[0]!.src).toContain(encodeURIComponent(episodeId.split('--')[1] ?? '').slice(0, 10));
    }
    expect(errors.messages).toEqual([]);

    // The zip: unpack it and play its offline page from file://.
    const zipRes = await fetch(`${verbatim.url}/api/packs/${pack.pack.id}/export.zip`);
    expect(zipRes.status).toBe(200);
    const files = unzipSync(new Uint8Array(await zipRes.arrayBuffer()));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-pack-zip-'));
    tempDirs.push(dir);
    for (const [name, data] of Object.entries(files)) await writeFile(path.join(dir, name), data);
    const offline = await context.newPage();
    const offlineErrors = collectPageErrors(offline);
    await offline.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    // Each clip's file, once it plays, skips to a second before its end.
    await offline.evaluate(() => {
      const media = document.querySelector<HTMLMediaElement>('audio, video')!;
      let skippedSrc = '';
      media.addEventListener('playing', () => {
        if (media.currentSrc === skippedSrc || !Number.isFinite(media.duration)) return;
        skippedSrc = media.currentSrc;
        if (media.currentTime < media.duration - 1) media.currentTime = media.duration - 1;
      });
    });
    await offline.getByRole('button', { name: 'Play all in order' }).click();
    await offline.waitForSelector('body[data-finished="true"]', { timeout: 60_000 });
    expect(await offline.locator('body').getAttribute('data-played')).toBe('0,1,2');
    expect(offlineErrors.messages).toEqual([]);
    await context.close();
  }, 180_000);

  it('an educator assembles a pack in the browser: add clips from their pages, order, annotate, create', async () => {
    const [a, b] = episodes as [{ id: string; cues: CueJson[] }, { id: string; cues: CueJson[] }];
    const first = await postClip(a.id, a.cues[0]!.start, a.cues[1]!.end);
    const second = await postClip(b.id, b.cues[1]!.start, b.cues[1]!.end);
    const gone = await postClip(b.id, b.cues[2]!.start, b.cues[2]!.end);
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);

    for (const clip of [first, second, gone]) {
      await page.goto(`${verbatim.url}/clips/${clip.clip.id}`);
      await page.getByRole('button', { name: 'Add to a lesson pack' }).click();
      await page.getByText('In your lesson pack').waitFor();
    }
    // The pack being made survives a reload, and the header says how many clips it holds,
    // without pushing anything off a phone's screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByText('In your lesson pack').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Language' }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Lesson pack (3)' }).click();
    await page.waitForURL(`${verbatim.url}/packs/new`);
    const builder = page.locator('form.pack-builder');
    await builder.waitFor();
    const clipTitles = () => builder.locator('.pack-builder-clip-title').allTextContents();
    expect((await clipTitles()).length).toBe(3);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Creating without a title says what is missing, and sends nothing.
    await page.getByRole('button', { name: 'Create the pack' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give the pack a title first.' }).waitFor();

    // Second clip first (from the keyboard: focus follows the moved clip), a note on it.
    const secondItem = builder.getByRole('region', { name: /^Clip 2: / });
    await secondItem.getByRole('button', { name: 'Move up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await clipTitles())[0]).toMatch(/^Clip 1: /);
    const moved = builder.getByRole('region', { name: /^Clip 1: / });
    expect(await moved.getByRole('textbox', { name: 'Note for this clip (optional)' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('↓ Move down');
    await moved.getByRole('textbox', { name: 'Note for this clip (optional)' }).fill('À écouter en premier');
    await page.getByRole('textbox', { name: 'Title of the pack' }).fill('Deux voix sur la surveillance');
    await page.getByRole('textbox', { name: 'Intro (optional)' }).fill('Pour la séance de jeudi.');
    // A clip deleted since it was added: the pack is refused, and the builder says which clip.
    const deleted = await fetch(`${verbatim.url}/api/clips/${gone.clip.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${gone.editToken}` },
    });
    expect(deleted.status).toBe(204);
    await page.getByRole('button', { name: 'Create the pack' }).click();
    const goneItem = builder.getByRole('region', { name: /^Clip 3: / });
    await goneItem.getByRole('alert').filter({ hasText: 'This clip no longer exists' }).waitFor();
    await goneItem.getByRole('button', { name: 'Remove' }).click();
    expect((await clipTitles()).length).toBe(2);
    await page.getByRole('button', { name: 'Create the pack' }).click();
    const open = page.getByRole('link', { name: 'Open the pack' });
    await open.waitFor();
    const packId = (await open.getAttribute('href'))!.split('/').pop()!;

    const saved = await fetchJson<{
      pack: { title: string; intro: string; items: { clipId: string; note: string | null }[] };
    }>(`${verbatim.url}/api/packs/${packId}`);
    expect(saved.pack.title).toBe('Deux voix sur la surveillance');
    expect(saved.pack.intro).toBe('Pour la séance de jeudi.');
    expect(saved.pack.items).toEqual([
      { clipId: second.clip.id, note: 'À écouter en premier' },
      { clipId: first.clip.id, note: null },
    ]);
    // The pack is made: the one being assembled is emptied, and the header link is gone.
    expect(await page.getByRole('link', { name: /^Lesson pack/ }).count()).toBe(0);
    await open.click();
    await page.getByRole('button', { name: 'Play all in order' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Deux voix sur la surveillance');
    // Only the browser's own line for the refused request (HTTP 400).
    expect(errors.messages.filter((m) => !/status of 400/.test(m))).toEqual([]);
    await context.close();
  }, 120_000);
});
