// The web app in headless Chromium against the real server and the demo archive: search
// to playback, the transcript following playback, deep links, keyboard-only use, the
// French UI, no console errors, and no serious axe-core violations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { pickCrossCueQuote, type CrossCueQuote } from './helpers/pick-demo-quote.ts';
import { seriousAxeViolations } from './helpers/run-axe.ts';
import { repoRoot, startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');

let server: VerbatimTestServer;
let browser: Browser;
let quote: CrossCueQuote;
let context: BrowserContext | null = null;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startVerbatim();
  browser = await launchChromium();
  quote = await pickCrossCueQuote(server.url);
});

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(options: { locale?: string; viewport?: { width: number; height: number } } = {}) {
  context = await newContext(browser, options);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  return { page, errors };
}

interface MediaState {
  currentTime: number;
  paused: boolean;
  seeking: boolean;
}

function mediaState(page: Page): Promise<MediaState | null> {
  return page.evaluate(() => {
    const media = document.querySelector<HTMLMediaElement>('audio, video');
    return media ? { currentTime: media.currentTime, paused: media.paused, seeking: media.seeking } : null;
  });
}

/** Waits until the media plays near `expected`, and returns the time seen then. */
async function waitForPlaybackNear(page: Page, expected: number): Promise<number> {
  const handle = await page.waitForFunction(
    (target) => {
      const media = document.querySelector<HTMLMediaElement>('audio, video');
      if (!media || media.paused || media.seeking || media.readyState < 2) return null;
      // Once playing from the right place, report it; a start elsewhere never gets here.
      return Math.abs(media.currentTime - target) < 0.5 ? media.currentTime : null;
    },
    expected,
    { timeout: 15_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

async function expectTimeAdvances(page: Page, from: number) {
  await page.waitForFunction(
    (start) => {
      const media = document.querySelector<HTMLMediaElement>('audio, video');
      return media !== null && !media.paused && media.currentTime > start + 0.4;
    },
    from,
    { timeout: 10_000 },
  );
}

async function currentCueStart(page: Page): Promise<number | null> {
  const value = await page
    .locator('.transcript [aria-current="true"]')
    .first()
    .getAttribute('data-start', { timeout: 5000 });
  return value === null ? null : Number(value);
}

/** Waits for the answer to `q` itself (results of earlier keystrokes stay shown, busy, meanwhile). */
async function waitForResultsOf(page: Page, q: string) {
  await page.waitForURL((url) => url.searchParams.get('q') === q);
  await page.locator('section[aria-busy="false"] [data-result]').first().waitFor();
}

function expectNoErrors(errors: PageErrors) {
  expect(errors.messages).toEqual([]);
}

describe('search to playback', () => {
  it('a quote crossing two cues plays from where it is spoken, and the transcript follows', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/`);
    await page.locator('#search-input').pressSequentially(quote.quote, { delay: 15 });
    // The URL follows the typing, so the search can be shared.
    await waitForResultsOf(page, quote.quote);
    const firstHit = page.locator('[data-result]').first();
    expect(Math.abs(Number(await firstHit.getAttribute('data-start')) - quote.expectedStart)).toBeLessThan(
      0.5,
    );
    await page.screenshot({ path: path.join(artifacts, 'web-search.png'), fullPage: true });

    await firstHit.click();
    await page.waitForURL((url) => url.pathname === `/episodes/${encodeURIComponent(quote.episodeId)}`);
    const landed = await waitForPlaybackNear(page, quote.expectedStart);
    expect(Math.abs(landed - quote.expectedStart)).toBeLessThan(0.5);
    await expectTimeAdvances(page, landed);

    // The cue being spoken is the one the quote starts in, then the next as playback goes on.
    const first = await currentCueStart(page);
    expect(first).not.toBeNull();
    expect(Math.abs(first! - quote.expectedStart)).toBeLessThan(0.5);
    const nextStart = quote.cues.find((cue) => cue.start > first! + 0.01)!.start;
    await page.waitForFunction(
      (next) =>
        Number(document.querySelector('.transcript [aria-current="true"]')?.getAttribute('data-start')) >=
        next - 0.01,
      nextStart,
      { timeout: 15_000 },
    );
    const media = (await mediaState(page))!;
    const followed = (await currentCueStart(page))!;
    expect(followed).toBeLessThanOrEqual(media.currentTime + 0.1);
    expect(await page.locator('.transcript [aria-current="true"]').isVisible()).toBe(true);
    // The query is found in the transcript too.
    expect(await page.locator('.transcript mark').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'web-episode.png'), fullPage: true });
    expectNoErrors(errors);
  });

  it('works with the keyboard alone: / to search, arrows to a result, Enter to play', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/`);
    // The search box has focus on arrival (once React has mounted: goto's load event can come
    // first); Tab away from it, then `/` brings it back.
    await page.waitForFunction(() => document.activeElement?.id === 'search-input');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('search-input');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.keyboard.type(quote.quote, { delay: 10 });
    await waitForResultsOf(page, quote.quote);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-result'))).toBe(true);
    await page.keyboard.press('Enter');
    const landed = await waitForPlaybackNear(page, quote.expectedStart);
    expect(Math.abs(landed - quote.expectedStart)).toBeLessThan(0.5);
    expectNoErrors(errors);
  });

  it('the back button returns to the results of the search', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=${encodeURIComponent(quote.quote)}`);
    await page.locator('[data-result]').first().click();
    await page.waitForURL(/\/episodes\//);
    await page.goBack();
    await page.locator('[data-result]').first().waitFor();
    expect(await page.locator('#search-input').inputValue()).toBe(quote.quote);
    expectNoErrors(errors);
  });

  it('a search opened from a link stays in the history when a new one is typed over it', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/`);
    await page.goto(`${server.url}/search?q=${encodeURIComponent(quote.quote)}`);
    await page.locator('[data-result]').first().waitFor();
    await page.locator('#search-input').fill('surveillance');
    await page.waitForURL((url) => url.searchParams.get('q') === 'surveillance');
    await page.locator('#search-input').pressSequentially(' de');
    await page.waitForURL((url) => url.searchParams.get('q') === 'surveillance de');
    // Back: the linked search (typing is one entry, not one per pause).
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('q') === quote.quote);
    expect(await page.locator('#search-input').inputValue()).toBe(quote.quote);
    expectNoErrors(errors);
  });
});

describe('captions', () => {
  it('a video shows the words being said over the picture; the CC button hides them; audio has none', async () => {
    const list = (await (await fetch(`${server.url}/api/episodes?limit=100`)).json()) as {
      items: { id: string; mediaType: string | null }[];
    };
    const video = list.items.find((e) => e.mediaType?.startsWith('video/'));
    const audio = list.items.find((e) => e.mediaType?.startsWith('audio/'));
    expect(video, 'the demo archive has a video episode').toBeDefined();
    const episode = (await (await fetch(`${server.url}/api/episodes/${video!.id}`)).json()) as {
      cues: { start: number; end: number; text: string }[];
    };
    const cue = episode.cues[2]!;
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(video!.id)}?t=${cue.start + 0.2}`);
    await waitForPlaybackNear(page, cue.start + 0.2);
    const shown = page.locator('.vds-captions [data-part="cue"]');
    await expect.poll(() => shown.first().textContent(), { timeout: 10_000 }).toBe(cue.text);

    await page.getByRole('button', { name: 'CC: hide captions' }).click();
    await expect.poll(() => page.locator('.vds-captions').getAttribute('aria-hidden')).toBe('true');
    await page.getByRole('button', { name: 'CC: show captions' }).waitFor();
    expectNoErrors(errors);

    await page.goto(`${server.url}/episodes/${encodeURIComponent(audio!.id)}`);
    await page.locator('.player .time-slider').waitFor();
    expect(await page.getByRole('button', { name: /captions/ }).count()).toBe(0);
    expectNoErrors(errors);
  });
});

describe('deep links', () => {
  it('?t= starts playback at that second', async () => {
    const { page, errors } = await openPage();
    const target = Math.round(quote.cues[Math.floor(quote.cues.length / 2)]!.start * 10) / 10;
    await page.goto(`${server.url}/episodes/${encodeURIComponent(quote.episodeId)}?t=${target}`);
    const landed = await waitForPlaybackNear(page, target);
    expect(Math.abs(landed - target)).toBeLessThan(0.5);
    expect(Math.abs((await currentCueStart(page))! - target)).toBeLessThan(8);
    expectNoErrors(errors);
  });

  it('"Copy a link to m:ss" copies a ?t= link to the second being played, and the link lands there', async () => {
    const { page, errors } = await openPage();
    await context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const target = Math.round(quote.cues[3]!.start * 10) / 10;
    await page.goto(`${server.url}/episodes/${encodeURIComponent(quote.episodeId)}?t=${target}`);
    await waitForPlaybackNear(page, target);
    await page.getByRole('button', { name: 'Pause' }).first().click();
    const paused = (await mediaState(page))!.currentTime;
    const button = page.getByRole('button', { name: /^Copy a link to \d+:\d\d$/ });
    const label = (await button.textContent())!;
    await button.click();
    const time = label.replace('Copy a link to ', '');
    await page
      .getByRole('status')
      .filter({ hasText: `Link to ${time} copied.` })
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const expected = Math.floor(paused * 10) / 10;
    expect(copied).toBe(`${server.url}/episodes/${encodeURIComponent(quote.episodeId)}?t=${expected}`);

    const again = await context!.newPage();
    await again.goto(copied);
    const landed = await waitForPlaybackNear(again, expected);
    expect(Math.abs(landed - expected)).toBeLessThan(0.5);
    expectNoErrors(errors);
  });

  it('#t=start,end plays that range from its start and stops at its end', async () => {
    const { page, errors } = await openPage();
    const start = Math.round(quote.cues[2]!.start * 10) / 10;
    const end = Math.round((start + 2.5) * 10) / 10;
    await page.goto(`${server.url}/episodes/${encodeURIComponent(quote.episodeId)}#t=${start},${end}`);
    const landed = await waitForPlaybackNear(page, start);
    expect(Math.abs(landed - start)).toBeLessThan(0.5);
    await page.locator('.range-notice').waitFor();
    await page.waitForFunction(
      () => document.querySelector<HTMLMediaElement>('audio, video')?.paused === true,
      null,
      {
        timeout: 10_000,
      },
    );
    const stopped = (await mediaState(page))!;
    expect(stopped.currentTime).toBeGreaterThan(end - 0.5);
    expect(stopped.currentTime).toBeLessThanOrEqual(end + 0.25);
    expectNoErrors(errors);
  });
});

describe('languages and accessibility', () => {
  it('shows French labels to a French browser, and remembers a switch to English', async () => {
    const { page, errors } = await openPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/`);
    expect(await page.locator('label[for="search-input"]').textContent()).toBe(
      'Rechercher dans les transcriptions',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('button', { name: 'Rechercher' }).count()).toBe(1);

    // Dates as the reader's language writes them, on the results as on the episode page.
    await page.goto(`${server.url}/search?q=${encodeURIComponent(quote.quote)}`);
    const resultDate = page.locator('.result-group-header time').first();
    await resultDate.waitFor();
    const day = (await resultDate.getAttribute('datetime'))!;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [y, m, d] = day.split('-').map(Number);
    const frenchMonths = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août'];
    const months = [...frenchMonths, 'septembre', 'octobre', 'novembre', 'décembre'];
    expect(await resultDate.textContent()).toBe(`${d === 1 ? '1er' : d} ${months[m! - 1]} ${y}`);

    // French typography: a space before the colon, inside the message, not glued on by the page.
    await page.goto(`${server.url}/episodes/${encodeURIComponent(quote.episodeId)}`);
    const byline = page.locator('.episode-header p.muted').nth(1);
    await byline.waitFor();
    expect(await byline.textContent()).toMatch(/ · Intervenants : \S/);

    await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    expect(await byline.textContent()).toMatch(/ · Speakers: \S/);
    await page.goto(`${server.url}/`);
    expect(await page.locator('label[for="search-input"]').textContent()).toBe('Search the transcripts');
    await page.reload();
    expect(await page.locator('label[for="search-input"]').textContent()).toBe('Search the transcripts');
    expectNoErrors(errors);
  });

  it('every page fits a 320 px phone in both languages (nothing scrolls sideways)', async () => {
    const post = async (url: string, body: unknown) =>
      (await (
        await fetch(`${server.url}${url}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { clip?: { id: string }; pack?: { id: string } };
    const made = await post('/api/clips', {
      episodeId: quote.episodeId,
      start: quote.cues[0]!.start,
      end: quote.cues[1]!.end,
    });
    const clipId = made.clip!.id;
    const pack = await post('/api/packs', {
      title: 'Un dossier dont le titre est assez long pour passer à la ligne sur un téléphone',
      items: [{ clipId, note: 'Une note' }],
    });
    // Each page with what shows it drawn in full, its data, lazy parts and player (with the
    // media's length, which sets the time display's width) in place, so the width measured is
    // the finished page's. Waiting for the network to go idle instead took 0.5 s or more a page.
    const episodePage = `/episodes/${encodeURIComponent(quote.episodeId)}?q=${encodeURIComponent(quote.quote)}`;
    const pages: { target: string; drawn: string[]; player?: true }[] = [
      { target: '/', drawn: ['#search-input', '.search-page h2'] },
      {
        target: `/search?q=${encodeURIComponent(quote.quote)}`,
        drawn: ['section[aria-busy="false"] [data-result]'],
      },
      { target: episodePage, drawn: ['.transcript mark', '.clip-maker'], player: true },
      { target: `/clips/${clipId}`, drawn: ['.clip-page .clip-quote', '.clip-downloads'], player: true },
      { target: `/embed/clips/${clipId}`, drawn: ['.clip-embed-quote', '.clip-embed-link'], player: true },
      { target: `/packs/${pack.pack!.id}`, drawn: ['.pack-items li'], player: true },
      { target: '/packs/new', drawn: ['form.pack-builder h1'] },
      { target: '/api/docs', drawn: ['h1'] },
    ];
    for (const locale of ['fr-FR', 'en-US']) {
      const { page, errors } = await openPage({ locale, viewport: { width: 320, height: 640 } });
      for (const { target, drawn, player } of pages) {
        await page.goto(`${server.url}${target}`);
        for (const selector of drawn) await page.locator(selector).first().waitFor();
        if (player) {
          await page.locator('.player .time-slider').waitFor();
          await page.waitForFunction(
            () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
          );
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${locale} ${target}`).toBe(0);
      }
      expectNoErrors(errors);
      await context?.close();
      context = null;
    }
  }, 90_000);

  it('on a phone, the results come first: the filters are folded under one button', async () => {
    const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/search?q=${encodeURIComponent(quote.quote)}`);
    const first = page.locator('[data-result]').first();
    await first.waitFor();
    const box = (await first.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(844);
    const sort = page.getByRole('combobox', { name: 'Sort by' });
    expect(await sort.isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: /^Filters( \(\d+\))?$/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await sort.isVisible()).toBe(true);
    // A ticked filter shows on the folded button.
    await page.locator('.facet-option input').first().check();
    await page.getByRole('button', { name: 'Filters (1)', exact: true }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expectNoErrors(errors);
  });

  it('ticking one show keeps the other shows listed, so a second can be ticked too', async () => {
    // A demo query found in at least two shows (asked of the API, as the page will).
    let q = '';
    for (const candidate of ['données', 'surveillance', 'droit', 'internet', 'la']) {
      const res = await fetch(`${server.url}/api/search?q=${encodeURIComponent(candidate)}`);
      const body = (await res.json()) as { facets: { show: Record<string, number> } };
      if (Object.keys(body.facets.show).length >= 2) {
        q = candidate;
        break;
      }
    }
    expect(q, 'a demo query found in two shows').not.toBe('');
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=${encodeURIComponent(q)}`);
    await page.locator('[data-result]').first().waitFor();
    const shows = page.getByRole('group', { name: 'Show', exact: true }).getByRole('checkbox');
    expect(await shows.count()).toBeGreaterThanOrEqual(2);
    await shows.nth(0).check();
    await page.waitForURL(/[?&]show=/);
    await page.locator('[data-result]').first().waitFor();
    // Still listed after the tick: the second show, unticked.
    expect(await shows.count()).toBeGreaterThanOrEqual(2);
    const second = shows.nth(1);
    expect(await second.isChecked()).toBe(false);
    await second.check();
    await page.waitForURL((url) => url.searchParams.getAll('show').length === 2);
    expect(await shows.nth(0).isChecked()).toBe(true);
    expect(await shows.nth(1).isChecked()).toBe(true);
    expectNoErrors(errors);
  });

  it('has no serious or critical axe-core violations on the search and episode pages, phone-sized too', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const { page, errors } = await openPage({ viewport });
      await page.goto(`${server.url}/search?q=${encodeURIComponent(quote.quote)}`);
      await page.locator('[data-result]').first().waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto(
        `${server.url}/episodes/${encodeURIComponent(quote.episodeId)}?q=${encodeURIComponent(quote.quote)}`,
      );
      await page.locator('.transcript [data-cue-index]').first().waitFor();
      await page.locator('.player .time-slider').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      if (viewport.width < 500)
        await page.screenshot({ path: path.join(artifacts, 'web-episode-phone.png'), fullPage: true });
      expectNoErrors(errors);
      await context?.close();
      context = null;
    }
  });
});
