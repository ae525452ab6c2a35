// A listener's audit of the search and episode pages in headless Chromium, against the real
// server, the demo archive and a few episodes written here:
// - a date typed into the date filters with the keyboard is searched once it is whole, not
//   at each digit of its year;
// - on a slow network the player's place already has its height, so nothing below it jumps;
// - on a phone, a search hit opens with the line it found in the window, and "Back to now"
//   shows in the window when the transcript is scrolled away;
// - a reload, or Back then Forward, goes on from where the listener was in an episode, and
//   keeps the pages of results loaded and where they had scrolled;
// - a word said 1,200 times in an episode marks the slider no more than it can show;
// - a long list of chapters shows the chapter being played;
// - "Show more results" pressed with the keyboard goes on to the first result it brought.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { demoTranscriptsDir, startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

// A browser driven keystroke by keystroke on a machine shared with other tests.
vi.setConfig({ testTimeout: 60_000 });

let server: VerbatimTestServer;
let browser: Browser;
let context: BrowserContext | null = null;
let transcriptsDir: string;

/** Cues of the long episode: one a second, each saying "parapluie". */
const LONG_EPISODE_CUES = 1200;

/** `hh:mm:ss.000` for a WebVTT timing line. */
function vttTime(seconds: number): string {
  const part = (n: number) => String(n).padStart(2, '0');
  return `${part(Math.floor(seconds / 3600))}:${part(Math.floor(seconds / 60) % 60)}:${part(seconds % 60)}.000`;
}

/** Silence as WAV (8 kHz, 8 bits, mono): media of any length, written at once. */
function silentWav(seconds: number): Buffer {
  const samples = seconds * 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

/**
 * The demo archive; a 20-minute episode in which "parapluie" is said every second; and 30
 * short episodes of a show where "tramway" is said once each, for two pages of results.
 */
function writeArchive(root: string) {
  cpSync(demoTranscriptsDir, root, { recursive: true });
  const trams = path.join(root, 'trams');
  mkdirSync(trams, { recursive: true });
  for (let n = 1; n <= 30; n++) {
    writeFileSync(
      path.join(trams, `episode-${n}.vtt`),
      `WEBVTT\n\n00:00.000 --> 00:05.000\n<v Paul Girard>Bonjour, épisode ${n}.\n\n` +
        `00:05.000 --> 00:10.000\n<v Paul Girard>J’ai pris le tramway numéro ${n} ce matin.\n`,
    );
  }
  const show = path.join(root, 'longues-heures');
  mkdirSync(show, { recursive: true });
  const cues = Array.from(
    { length: LONG_EPISODE_CUES },
    (_, i) => `${vttTime(i)} --> ${vttTime(i + 1)}\n<v Léa Martin>Ligne ${i}, encore un parapluie.`,
  );
  writeFileSync(path.join(show, 'marathon.vtt'), `WEBVTT\n\n${cues.join('\n\n')}\n`);
  writeFileSync(path.join(show, 'marathon.wav'), silentWav(LONG_EPISODE_CUES));
  // 40 chapters of 30 s: more than the chapter list shows at once.
  const chapters = Array.from({ length: 40 }, (_, i) => ({ startTime: i * 30, title: `Partie ${i + 1}` }));
  writeFileSync(path.join(show, 'marathon.chapters.json'), JSON.stringify({ version: '1.2.0', chapters }));
}

beforeAll(async () => {
  transcriptsDir = await mkdtemp(path.join(tmpdir(), 'verbatim-listener-web-'));
  writeArchive(transcriptsDir);
  server = await startVerbatim({
    VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
    VERBATIM_WATCH_TRANSCRIPTS: 'false',
  });
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(transcriptsDir, { recursive: true, force: true });
});

async function openPage(
  options: { locale?: string; viewport?: { width: number; height: number }; phone?: boolean } = {},
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

describe('while the player’s code loads on a slow network', () => {
  /** The player's box (or its stand-in's) height, and where the transcript starts on the page. */
  const layout = (page: Page) =>
    page.evaluate(() => ({
      player: document.querySelector('.episode-side > .player')?.getBoundingClientRect().height,
      transcript: document.querySelector('.transcript')?.getBoundingClientRect().top,
    }));

  it.each([
    ['a 1440 px laptop', { width: 1440, height: 900 }, false],
    ['a 360 px phone', { width: 360, height: 740 }, true],
  ])(
    'the player’s place has its height on %s: nothing below moves when it arrives',
    async (_name, viewport, phone) => {
      const { page, errors } = await openPage({ viewport, phone });
      const release = await holdRequests(page, (url) =>
        /\/assets\/vidstack-player-[^/]*\.js$/.test(url.pathname),
      );
      // An audio episode: a podcast's usual media.
      await page.goto(`${server.url}/episodes/ecoute-citoyenne--drones-manifestations`);
      await page.locator('.player-loading').waitFor();
      const loading = await layout(page);
      release();
      await page.locator('.player-buttons').waitFor();
      const loaded = await layout(page);
      expect(loading.player).toBeGreaterThan(0);
      expect(Math.abs(loading.player! - loaded.player!)).toBeLessThanOrEqual(1);
      expect(Math.abs(loading.transcript! - loaded.transcript!)).toBeLessThanOrEqual(1);
      expect(errors.messages).toEqual([]);
    },
  );
});

describe('a search hit opened on a phone', () => {
  /** Where the line being spoken sits: in the window, and in the transcript's scroller. */
  const currentLine = (page: Page) =>
    page.evaluate(() => {
      const line = document.querySelector('.transcript .cue-active');
      const scroller = document.querySelector('.transcript-scroll');
      const player = document.querySelector('.episode-side > .player');
      if (!line || !scroller || !player) return null;
      const box = line.getBoundingClientRect();
      const frame = scroller.getBoundingClientRect();
      return {
        start: Number(line.getAttribute('data-start')),
        inWindow: box.top >= 0 && box.bottom <= window.innerHeight,
        inScroller: box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1,
        playerBottom: player.getBoundingClientRect().bottom,
      };
    });

  it('shows the line it found in the window, scrolling the page no further than that', async () => {
    const { page, errors } = await openPage({ viewport: { width: 360, height: 740 }, phone: true });
    await page.goto(`${server.url}/search?q=${encodeURIComponent('arrete du prefet')}`);
    const hit = page.locator('section[aria-busy="false"] [data-result]').first();
    const hitStart = Number(await hit.getAttribute('data-start'));
    await hit.tap();
    await page.waitForURL(/\/episodes\//);
    await expect.poll(async () => (await currentLine(page))?.inWindow, { timeout: 10_000 }).toBe(true);
    const line = (await currentLine(page))!;
    expect(line.start).toBeLessThanOrEqual(hitStart);
    expect(line.inScroller).toBe(true);
    // The least scroll that shows it: the player's controls are still on screen above it.
    expect(line.playerBottom).toBeGreaterThan(0);
    expect(errors.messages).toEqual([]);
  });

  it('offers "Back to now" in the window once the reader scrolls the transcript away', async () => {
    const { page, errors } = await openPage({ viewport: { width: 360, height: 740 }, phone: true });
    await page.goto(`${server.url}/episodes/ecoute-citoyenne--drones-manifestations?t=48`);
    await expect.poll(async () => (await currentLine(page))?.inWindow, { timeout: 10_000 }).toBe(true);
    // The reader's finger scrolls the transcript back to its first lines.
    await page.locator('.transcript-scroll').evaluate((scroller) => {
      scroller.dispatchEvent(new Event('touchmove'));
      scroller.scrollTop = 0;
    });
    const button = page.getByRole('button', { name: 'Back to now' });
    await button.waitFor();
    const box = await button.evaluate((element) => {
      const { top, bottom } = element.getBoundingClientRect();
      return { top, bottom, height: window.innerHeight };
    });
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.height);
    await button.tap();
    await expect.poll(async () => (await currentLine(page))?.inScroller).toBe(true);
    expect(errors.messages).toEqual([]);
  });
});

describe('an episode left and come back to', () => {
  const playingAt = (page: Page) =>
    page.evaluate(() => {
      const media = document.querySelector<HTMLMediaElement>('audio, video');
      return media && !media.paused && !media.seeking ? media.currentTime : null;
    });
  /** The line "Que fait votre observatoire" (1:14), well after the hit's 0:48. */
  const LATER_LINE = 74;

  it('goes on from where the listener was after a reload, and after Back then Forward', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=${encodeURIComponent('arrete du prefet')}`);
    await page.locator('section[aria-busy="false"] [data-result]').first().click();
    await page.waitForURL(/\/episodes\/.*[?&]t=48/);
    await page.locator(`.cue[data-start="${LATER_LINE}"]`).click();
    await expect.poll(() => playingAt(page), { timeout: 15_000 }).toBeGreaterThan(LATER_LINE + 1);

    await page.reload();
    await expect.poll(() => playingAt(page), { timeout: 15_000 }).toBeGreaterThan(LATER_LINE);
    expect(await page.locator('.cue-active').getAttribute('data-start')).toBe(String(LATER_LINE));

    await page.goBack();
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    await page.goForward();
    await expect.poll(() => playingAt(page), { timeout: 15_000 }).toBeGreaterThan(LATER_LINE);
    expect(errors.messages).toEqual([]);
  });

  it('a new link to another second of it still plays from that second', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/ecoute-citoyenne--drones-manifestations?t=48`);
    await page.locator(`.cue[data-start="${LATER_LINE}"]`).click();
    await expect.poll(() => playingAt(page), { timeout: 15_000 }).toBeGreaterThan(LATER_LINE + 1);
    await page.goto(`${server.url}/episodes/ecoute-citoyenne--drones-manifestations?t=21`);
    await expect.poll(() => playingAt(page), { timeout: 15_000 }).toBeGreaterThan(21);
    expect((await playingAt(page))!).toBeLessThan(LATER_LINE);
    expect(errors.messages).toEqual([]);
  });
});

describe('a word said thousands of times in a long episode', () => {
  it('is marked on the slider with no more marks than it can show, and every match still counted', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/longues-heures--marathon?t=600&q=parapluie`);
    await expect
      .poll(() => page.locator('.transcript-find-status').innerText(), { timeout: 15_000 })
      .toMatch(/^(\d+ of 1,200|1,200 matches)$/);
    await page.locator('.time-slider-marker').first().waitFor({ state: 'attached' });
    // 1,200 marks 3 px wide on a 500 px slider: each step of the slider restyled them all,
    // four times a second, and playback stuttered.
    const marks = await page.locator('.time-slider-marker').count();
    expect(marks).toBeGreaterThan(100);
    expect(marks).toBeLessThanOrEqual(300);
    expect(errors.messages).toEqual([]);
  });
});

describe('a reload of the results', () => {
  it('keeps the pages "Show more" loaded and where the listener had scrolled', async () => {
    const { page, errors } = await openPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${server.url}/search?q=tramway`);
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    expect(await page.locator('[data-result]').count()).toBe(20);
    await page.getByRole('button', { name: 'Show more results' }).click();
    await expect.poll(() => page.locator('[data-result]').count()).toBe(30);
    // The listener scrolls down, stops, and reloads.
    await page.evaluate(() => {
      document.documentElement.dataset.scrollEnds = '0';
      window.addEventListener('scrollend', () => {
        document.documentElement.dataset.scrollEnds = String(
          Number(document.documentElement.dataset.scrollEnds) + 1,
        );
      });
    });
    await page.mouse.wheel(0, 1500);
    await expect
      .poll(() => page.evaluate(() => Number(document.documentElement.dataset.scrollEnds)))
      .toBeGreaterThan(0);
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(1000);

    await page.reload();
    await expect.poll(() => page.locator('[data-result]').count(), { timeout: 10_000 }).toBe(30);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(errors.messages).toEqual([]);
  });
});

describe('a long list of chapters', () => {
  /** The chapter marked current, and whether the list shows it. */
  const currentChapter = (page: Page) =>
    page.evaluate(() => {
      const chapter = document.querySelector('.chapter-active');
      const list = document.querySelector('.chapters ol');
      if (!chapter || !list) return null;
      const box = chapter.getBoundingClientRect();
      const frame = list.getBoundingClientRect();
      return {
        title: chapter.querySelector('.chapter-title')?.textContent,
        inList: box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1,
      };
    });

  it('shows the chapter being played, from a link to a late second and as playback moves on', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/longues-heures--marathon?t=1082`);
    await expect
      .poll(() => currentChapter(page), { timeout: 10_000 })
      .toEqual({ title: 'Partie 37', inList: true });
    // Into the next chapter: the list follows.
    await page.locator('.cue[data-start="1110"]').click();
    await expect
      .poll(() => currentChapter(page), { timeout: 10_000 })
      .toEqual({ title: 'Partie 38', inList: true });
    // Back to the start with the slider's Home key: the list goes back up.
    await page.getByRole('slider', { name: 'Seek' }).press('Home');
    await expect
      .poll(() => currentChapter(page), { timeout: 10_000 })
      .toEqual({ title: 'Partie 1', inList: true });
    expect(errors.messages).toEqual([]);
  });
});

describe('"Show more results" pressed with the keyboard', () => {
  it('moves focus to the first result it brought, in sight, and ↓ goes on from there', async () => {
    const { page, errors } = await openPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${server.url}/search?q=tramway`);
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement;
        const groups = [...document.querySelectorAll('.result-groups > li')];
        const box = element?.getBoundingClientRect();
        return {
          result: element?.hasAttribute('data-result') ?? false,
          group: groups.findIndex((group) => group.contains(element)),
          inWindow: box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight,
        };
      });
    await page.getByRole('button', { name: 'Show more results' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-result]').count()).toBe(30);
    await expect.poll(focused).toEqual({ result: true, group: 20, inWindow: true });
    await page.keyboard.press('ArrowDown');
    expect((await focused()).group).toBe(21);
    expect(errors.messages).toEqual([]);
  });
});
