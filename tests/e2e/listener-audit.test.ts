// What a listener's audit in headless Chromium found, checked against the real server on an
// archive written here: a hit on an episode without media lands on its line, a cue longer
// than the transcript's height shows its start (time and speaker), and Back from an
// episode returns to the results where the listener left them (scroll, focus, pages), and a
// search over the rate limit is said in the reader's language with the wait.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { demoTranscriptsDir, startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

// A browser driven step by step on a machine shared with other tests: as player-ranges does.
vi.setConfig({ testTimeout: 60_000 });

let server: VerbatimTestServer;
let browser: Browser;
let transcriptsDir: string;
let context: BrowserContext | null = null;

/** `mm:ss.000` for a WebVTT timing line. */
function vttTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `00:${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000`;
}

function writeVtt(file: string, cues: { start: number; end: number; speaker: string; text: string }[]) {
  const body = cues.map(
    (cue) => `${vttTime(cue.start)} --> ${vttTime(cue.end)}\n<v ${cue.speaker}>${cue.text}`,
  );
  writeFileSync(file, `WEBVTT\n\n${body.join('\n\n')}\n`);
}

/** A sentence of our own, numbered so no two lines are the same. */
const line = (i: number) => `Une phrase ordinaire, la numéro ${i}, sur la vie privée en ligne.`;

/**
 * essais/sans-media: 60 five-second lines, no media, "kangourou" said at 3:20 only; its
 * title starts with a 25-letter word.
 * essais/tirade: 40 short lines, then one 30-second line of 600 words from 1:20 (a turn
 * of a coarsely timed transcript), with the demo's audio (1:53) as its media.
 * essais/video: 20 four-second lines over the demo's video.
 * essais/media-absent: its media is a URL that answers 404.
 * parapluies/episode-01…25: each says "parapluie" once, for a search of 25 episodes.
 */
function writeArchive(root: string, missingMediaUrl: string) {
  const essais = path.join(root, 'essais');
  mkdirSync(essais, { recursive: true });
  writeFileSync(path.join(essais, 'show.json'), JSON.stringify({ title: 'Essais', language: 'fr' }));
  writeVtt(
    path.join(essais, 'sans-media.vtt'),
    Array.from({ length: 60 }, (_, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      speaker: 'Léa Martin',
      text: i === 40 ? `${line(i)} Et puis le kangourou.` : line(i),
    })),
  );
  writeFileSync(
    path.join(essais, 'sans-media.meta.json'),
    JSON.stringify({ title: 'Anticonstitutionnellement : un entretien', date: '2024-02-01' }),
  );
  const tirade = Array.from({ length: 600 }, (_, i) => `mot${i}`).join(' ');
  writeVtt(path.join(essais, 'tirade.vtt'), [
    ...Array.from({ length: 40 }, (_, i) => ({
      start: i * 2,
      end: i * 2 + 2,
      speaker: 'Léa Martin',
      text: line(i),
    })),
    { start: 80, end: 110, speaker: 'Marie-Hélène de La Tour', text: `Début de la tirade. ${tirade}` },
    { start: 110, end: 112, speaker: 'Léa Martin', text: line(40) },
  ]);
  copyFileSync(
    path.join(demoTranscriptsDir, 'libertes-numeriques', 'recours-conseil-etat.opus'),
    path.join(essais, 'tirade.opus'),
  );
  writeVtt(
    path.join(essais, 'video.vtt'),
    Array.from({ length: 20 }, (_, i) => ({
      start: i * 4,
      end: i * 4 + 4,
      speaker: 'Léa Martin',
      text: line(i),
    })),
  );
  copyFileSync(
    path.join(demoTranscriptsDir, 'libertes-numeriques', 'surveillance-exports-explained.webm'),
    path.join(essais, 'video.webm'),
  );
  writeVtt(
    path.join(essais, 'media-absent.vtt'),
    Array.from({ length: 10 }, (_, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      speaker: 'Léa Martin',
      text: line(i),
    })),
  );
  writeFileSync(
    path.join(essais, 'media-absent.meta.json'),
    JSON.stringify({ title: 'Un média disparu', media: missingMediaUrl }),
  );
  const parapluies = path.join(root, 'parapluies');
  mkdirSync(parapluies, { recursive: true });
  writeFileSync(path.join(parapluies, 'show.json'), JSON.stringify({ title: 'Parapluies', language: 'fr' }));
  for (let n = 1; n <= 25; n++) {
    const name = `episode-${String(n).padStart(2, '0')}`;
    writeVtt(
      path.join(parapluies, `${name}.vtt`),
      Array.from({ length: 6 }, (_, i) => ({
        start: i * 5,
        end: i * 5 + 5,
        speaker: 'Paul Girard',
        text: i === 3 ? `Épisode ${n} : j’ai oublié mon parapluie dans le train.` : line(i),
      })),
    );
    writeFileSync(
      path.join(parapluies, `${name}.meta.json`),
      JSON.stringify({ title: `Parapluie numéro ${n}`, date: `2024-01-${String(n).padStart(2, '0')}` }),
    );
  }
}

/** A media host that has lost its files: every request gets a 404. */
let mediaHost: Server;

beforeAll(async () => {
  mediaHost = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => mediaHost.listen(0, '127.0.0.1', resolve));
  const { port } = mediaHost.address() as AddressInfo;
  transcriptsDir = await mkdtemp(path.join(tmpdir(), 'verbatim-listener-'));
  writeArchive(transcriptsDir, `http://127.0.0.1:${port}/episodes/absent.mp3`);
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
  await new Promise((resolve) => mediaHost?.close(resolve));
});

async function openPage(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; errors: PageErrors }> {
  context = await newContext(browser, options);
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

/** How the line marked current sits in the transcript's scroller (px from its top edge). */
function currentLineInScroller(page: Page) {
  return page.evaluate(() => {
    const cue = document.querySelector<HTMLElement>('.transcript [aria-current="true"]');
    const scroller = document.querySelector<HTMLElement>('.transcript-scroll');
    if (!cue || !scroller) return null;
    const top = cue.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    return { start: Number(cue.dataset.start), top, scrollerHeight: scroller.clientHeight };
  });
}

describe('landing on a second', () => {
  it('a hit on an episode without media lands on its line: marked and in view, not 0:00', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=kangourou`);
    await page.locator('[data-result]').first().waitFor();
    await page.locator('#search-input').press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/episodes\//);
    await expect.poll(async () => (await currentLineInScroller(page))?.start, { timeout: 10_000 }).toBe(200);
    await expect
      .poll(async () => {
        const where = await currentLineInScroller(page);
        return where !== null && where.top >= 0 && where.top < where.scrollerHeight;
      })
      .toBe(true);
    await expect(page.locator('.transcript [aria-current="true"]').textContent()).resolves.toContain(
      'kangourou',
    );
    expect(errors.messages.join('\n')).toBe('');
  });

  it('a line longer than the transcript is high shows its start (time and speaker), not its middle', async () => {
    const { page, errors } = await openPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${server.url}/episodes/essais--tirade?t=90`);
    await expect.poll(async () => (await currentLineInScroller(page))?.start, { timeout: 15_000 }).toBe(80);
    const where = await currentLineInScroller(page);
    const height = await page
      .locator('.transcript [aria-current="true"]')
      .evaluate((cue) => cue.clientHeight);
    expect(height, 'the line is taller than the scroller').toBeGreaterThan(where!.scrollerHeight);
    // Let any smooth scroll finish before reading where it ended.
    await expect
      .poll(async () => {
        const now = await currentLineInScroller(page);
        return now !== null && now.top >= 0 && now.top < 40;
      })
      .toBe(true);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('back from an episode to the results', () => {
  const phone = { width: 375, height: 667 };

  /** Opens the `index`th moment with the keyboard; returns its address and the page's scroll then. */
  async function openMoment(page: Page, index: number) {
    const moment = page.locator('[data-result]').nth(index);
    await moment.focus();
    const href = await moment.getAttribute('href');
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/episodes\//);
    await page.locator('h1').waitFor();
    return { href, scrollY };
  }

  const focusedHref = (page: Page) =>
    page.evaluate(() => document.activeElement?.getAttribute('href') ?? null);

  it('returns where the listener was: the same scroll, the moment opened focused', async () => {
    const { page, errors } = await openPage({ viewport: phone });
    await page.goto(`${server.url}/search?q=parapluie`);
    await expect.poll(() => page.locator('[data-result]').count(), { timeout: 10_000 }).toBe(20);
    const opened = await openMoment(page, 14);
    expect(opened.scrollY, 'the moment is far down the page').toBeGreaterThan(1000);
    await page.goBack();
    await expect.poll(() => focusedHref(page), { timeout: 10_000 }).toBe(opened.href);
    const scrollY = await page.evaluate(() => window.scrollY);
    expect(Math.abs(scrollY - opened.scrollY)).toBeLessThan(2);
    expect(errors.messages.join('\n')).toBe('');
  });

  it('keeps the pages "Show more" loaded', async () => {
    const { page, errors } = await openPage({ viewport: phone });
    await page.goto(`${server.url}/search?q=parapluie`);
    await expect.poll(() => page.locator('[data-result]').count(), { timeout: 10_000 }).toBe(20);
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => page.locator('[data-result]').count()).toBe(25);
    const opened = await openMoment(page, 22);
    await page.goBack();
    await expect.poll(() => focusedHref(page), { timeout: 10_000 }).toBe(opened.href);
    expect(await page.locator('[data-result]').count()).toBe(25);
    const scrollY = await page.evaluate(() => window.scrollY);
    expect(Math.abs(scrollY - opened.scrollY)).toBeLessThan(2);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('a server that refuses for a while', () => {
  let strict: VerbatimTestServer;
  beforeAll(async () => {
    strict = await startVerbatim({
      VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
      VERBATIM_WATCH_TRANSCRIPTS: 'false',
      VERBATIM_SEARCH_RATE_LIMIT: '2',
    });
  }, 180_000);
  afterAll(async () => {
    await strict?.close();
  });

  it('over the search limit, says so in French with the wait, not in the server’s English', async () => {
    context = await newContext(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${strict.url}/search?q=parapluie`);
    await page.locator('[data-result]').first().waitFor();
    // New queries until the limit is reached (a few, whatever the server counts besides).
    const alert = page.getByRole('alert');
    for (const q of ['parapluie train', 'parapluie oublié', 'train oublié', 'mon parapluie', 'le train']) {
      await page.locator('#search-input').fill(q);
      await page.waitForURL((url) => url.searchParams.get('q') === q);
      await alert.or(page.locator('section[aria-busy="false"]')).first().waitFor();
      if (await alert.isVisible()) break;
    }
    const text = await alert.innerText();
    expect(text).toMatch(/dans \d+ s/);
    expect(text).not.toMatch(/Too many|retry/);
    // The browser logs each refused request; nothing else may go wrong.
    expect(errors.messages.filter((message) => !message.includes('429'))).toEqual([]);
  });
});

/** Holds back the searches `held` picks until the returned function is called. */
async function holdSearches(page: Page, held: (params: URLSearchParams) => boolean): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/search?*', async (route) => {
    if (held(new URL(route.request().url()).searchParams)) await released;
    await route.continue();
  });
  return release;
}

describe('while a newer search is on its way', () => {
  it('the results of the query before are dimmed, then shown plainly with the new answer', async () => {
    const { page, errors } = await openPage();
    // The second query's answer is held back, as on a slow connection.
    const release = await holdSearches(page, (params) => params.get('q') === 'parapluie');
    await page.goto(`${server.url}/search?q=kangourou`);
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    const opacity = () =>
      page.locator('.result-groups').evaluate((list) => Number(getComputedStyle(list).opacity));
    expect(await opacity()).toBe(1);
    await page.locator('#search-input').fill('parapluie');
    await page.locator('section[aria-busy="true"]').waitFor();
    await expect.poll(opacity, { timeout: 5_000 }).toBeLessThan(0.7);
    release();
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    await expect.poll(opacity, { timeout: 5_000 }).toBe(1);
    expect(errors.messages.join('\n')).toBe('');
  });

  it('Show more leaves the pages already shown plain: they still answer the query', async () => {
    const { page, errors } = await openPage();
    const release = await holdSearches(page, (params) => params.has('offset'));
    await page.goto(`${server.url}/search?q=parapluie`);
    await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
    await page.getByRole('button', { name: 'Show more' }).click();
    await page.locator('section[aria-busy="true"]').waitFor();
    // Past the dimming's delay.
    await page.waitForTimeout(800);
    expect(
      await page.locator('.result-groups').evaluate((list) => Number(getComputedStyle(list).opacity)),
    ).toBe(1);
    release();
    await expect.poll(() => page.locator('[data-result]').count(), { timeout: 10_000 }).toBe(25);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('what a screen reader hears', () => {
  it('the search page has a main heading, the search box’s own label', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=parapluie`);
    await page.locator('[data-result]').first().waitFor();
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual([
      'Search the transcripts',
    ]);
    await expect(page.getByRole('searchbox', { name: 'Search the transcripts' }).count()).resolves.toBe(1);
    expect(errors.messages.join('\n')).toBe('');
  });

  it('one live region, there before the first search, says each answer: the count, then none found', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/`);
    const region = page.locator('.search-main [role="status"]');
    // A live region inserted together with its text is not read out: it must wait, empty.
    await expect.poll(() => region.count()).toBe(1);
    await region.evaluate((element) => element.setAttribute('data-probe', 'first'));
    await page.locator('#search-input').fill('parapluie');
    await expect.poll(() => region.textContent()).toMatch(/25 episodes/);
    await page.locator('#search-input').fill('zygomatique');
    await expect.poll(() => region.textContent()).toMatch(/No match/);
    await page.locator('#search-input').fill('kangourou');
    await expect.poll(() => region.textContent()).toMatch(/1 matching moment in 1 episode/);
    expect(await region.count()).toBe(1);
    expect(await region.getAttribute('data-probe'), 'the same element all along').toBe('first');
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('zoomed in 400 % (a 320 px wide page)', () => {
  it('a title with a long word wraps it instead of pushing the page sideways', async () => {
    const { page, errors } = await openPage({ viewport: { width: 320, height: 640 } });
    for (const address of ['/episodes/essais--sans-media', '/search?q=kangourou']) {
      await page.goto(`${server.url}${address}`);
      await page.getByText('Anticonstitutionnellement').first().waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, address).toBe(0);
    }
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('the time slider with the keyboard', () => {
  it('Home goes to 0:00 and End to the end, as a slider does', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--tirade?t=30`);
    const time = () =>
      page.evaluate(() => document.querySelector<HTMLMediaElement>('audio')?.currentTime ?? NaN);
    await expect.poll(time, { timeout: 15_000 }).toBeGreaterThan(30);
    await page.evaluate(() => document.querySelector<HTMLMediaElement>('audio')?.pause());
    const slider = page.getByRole('slider', { name: 'Seek' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(time).toBeLessThan(0.5);
    const duration = await page.evaluate(
      () => document.querySelector<HTMLMediaElement>('audio')?.duration ?? NaN,
    );
    await page.keyboard.press('End');
    await expect.poll(time).toBeGreaterThan(duration - 0.5);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('reading the transcript with the keyboard while it plays', () => {
  it('↓ through the lines keeps the line focused and in view when the spoken line changes', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--tirade?t=2`);
    const spoken = () =>
      page.evaluate(() => Number(document.querySelector<HTMLElement>('.cue-active')?.dataset.cueIndex ?? -1));
    await expect.poll(spoken, { timeout: 15_000 }).toBe(1);
    await page.locator('.cue-active').focus();
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('ArrowDown');
      // Each step focuses the next line once it is rendered (a frame later).
      await page.waitForFunction(
        (index) => document.activeElement?.getAttribute('data-cue-index') === String(index),
        i + 2,
      );
    }
    // Lines are 2 s long: wait until another line is being spoken.
    const before = await spoken();
    await expect.poll(spoken, { timeout: 10_000 }).toBeGreaterThan(before);
    const focused = await page.evaluate(() => {
      const line = document.activeElement as HTMLElement;
      const scroller = document.querySelector('.transcript-scroll')!.getBoundingClientRect();
      const box = line.getBoundingClientRect();
      return {
        index: line.dataset.cueIndex,
        inView: box.top >= scroller.top && box.bottom <= scroller.bottom,
      };
    });
    expect(focused).toEqual({ index: '16', inView: true });
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cue-index')))
      .toBe('17');
    // Following waits for the reader: Back to now brings it back.
    await page.getByRole('button', { name: 'Back to now' }).click();
    await expect.poll(() => page.locator('.cue-active').isVisible()).toBe(true);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('Tab through the transcript', () => {
  it('enters on the line being spoken and leaves with the next Tab (one stop, ↑ ↓ inside)', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--tirade?t=40`);
    await expect
      .poll(() => page.evaluate(() => document.querySelector<HTMLMediaElement>('audio')?.currentTime ?? 0), {
        timeout: 15_000,
      })
      .toBeGreaterThan(40);
    await page.evaluate(() => document.querySelector<HTMLMediaElement>('audio')?.pause());
    const spoken = await page.locator('.cue-active').getAttribute('data-cue-index');
    await page.getByRole('searchbox', { name: 'Find in transcript' }).focus();
    const inList = () => page.evaluate(() => document.activeElement?.closest('.transcript-scroll') !== null);
    // The previous/next match buttons are disabled with nothing to find: the list is next.
    await page.keyboard.press('Tab');
    expect(await inList()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cue-index'))).toBe(spoken);
    await page.keyboard.press('Tab');
    expect(await inList()).toBe(false);
    // Shift+Tab comes back to the same line.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cue-index'))).toBe(spoken);
    expect(errors.messages.join('\n')).toBe('');
  });

  it('/ from a line of the transcript goes to Find in transcript, as it goes to the search box on the search page', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--sans-media`);
    await page.locator('.cue').first().waitFor();
    await page.locator('.cue').first().click();
    await page.keyboard.press('/');
    const find = page.getByRole('searchbox', { name: 'Find in transcript' });
    await expect.poll(() => find.evaluate((input) => input === document.activeElement)).toBe(true);
    // The slash is not typed into it.
    await page.keyboard.type('kangourou');
    expect(await find.inputValue()).toBe('kangourou');
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('captions on a phone', () => {
  it('are at least 14 px high, not 4.5 % of a 192 px picture (8.6 px)', async () => {
    const { page, errors } = await openPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${server.url}/episodes/essais--video?t=10`);
    const cue = page.locator('.player-captions [data-part="cue"]').first();
    await expect.poll(() => cue.textContent(), { timeout: 15_000 }).toContain('numéro 2');
    const size = await cue.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(size).toBeGreaterThanOrEqual(14);
    expect(errors.messages.join('\n')).toBe('');
  });
});

describe('media that cannot be loaded', () => {
  it('says so under the player, instead of a player stuck at 0:00 / 0:00', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--media-absent`);
    await page.locator('.cue').first().waitFor();
    const notice = page.locator('.player').getByRole('alert');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('could not be loaded');
    // The browser logs the failed request; nothing else may go wrong.
    expect(errors.messages.filter((message) => !message.includes('404'))).toEqual([]);
  });

  it('a link to a second still marks that line, not 0:00', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/essais--media-absent?t=32`);
    await page.locator('.player').getByRole('alert').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await currentLineInScroller(page))?.start, { timeout: 10_000 }).toBe(30);
    expect(errors.messages.filter((message) => !message.includes('404'))).toEqual([]);
  });
});
