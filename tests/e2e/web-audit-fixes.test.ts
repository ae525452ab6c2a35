// What an audit in headless Chromium found, checked in headless Chromium against the real
// server and the demo archive: Find in transcript finds what the search finds (a typo, a
// phrase said together) and marks it on the slider; odd time links (past the end, an
// empty range, a range past the end) play sensibly; focus moves to the page's heading
// after opening an episode; and on a 375 px phone the find box and player buttons fit.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatTimeRange } from '../../web/src/shared/time/index.ts';
import { fetchJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { repoRoot, startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

interface EpisodeItem {
  id: string;
  mediaUrl: string | null;
  mediaType: string | null;
  duration: number;
}
interface SearchJson {
  total: number;
  groups: { episode: { id: string }; moments: { start: number }[] }[];
}

let server: VerbatimTestServer;
let browser: Browser;
let episodes: EpisodeItem[];
let context: BrowserContext | null = null;

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
  episodes = (await fetchJson<{ items: EpisodeItem[] }>(`${server.url}/api/episodes?limit=100`)).items;
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; errors: PageErrors }> {
  context = await newContext(browser, options);
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

const findStatus = (page: Page) => page.locator('.transcript-find-status');
/** Find in transcript's count of n matches: "k of n" once one is shown, else "n matches". */
const countOf = (n: number) => new RegExp(`^(\\d+ of ${n}|${n} match(es)?)$`);

async function episodeMoments(episodeId: string, q: string): Promise<number[]> {
  const url = `${server.url}/api/search?${new URLSearchParams({ q, episode: episodeId, group: 'episode', limit: '1' }).toString()}`;
  const answer = await fetchJson<SearchJson>(url);
  return answer.groups.flatMap((group) => group.moments.map((moment) => moment.start));
}

describe('find in transcript finds what the search finds', () => {
  it('a typo’d query opened from a hit counts and marks the same moments', async () => {
    const q = 'reconaissance';
    const search = await fetchJson<SearchJson>(`${server.url}/api/search?q=${q}&group=episode`);
    const episodeId = search.groups[0]?.episode.id;
    expect(episodeId, 'the typo finds an episode through the search').toBeDefined();
    const starts = await episodeMoments(episodeId!, q);
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(episodeId!)}?q=${q}`);
    await expect
      .poll(() => findStatus(page).textContent(), { timeout: 10_000 })
      .toMatch(countOf(starts.length));
    expect(await page.locator('.transcript mark').count()).toBeGreaterThan(0);
    // One marker on the slider per moment, where its words are said.
    await expect.poll(() => page.locator('.time-slider-marker').count()).toBe(starts.length);
    expect(errors.messages).toEqual([]);
  });

  it('a phrase counts where its words are said together, not every “que”', async () => {
    const phrase = 'Qu’est-ce que vous demandez';
    const search = await fetchJson<SearchJson>(
      `${server.url}/api/search?q=${encodeURIComponent(phrase)}&group=episode`,
    );
    const episodeId = search.groups[0]?.episode.id;
    expect(episodeId, 'the demo archive says the phrase').toBeDefined();
    const starts = await episodeMoments(episodeId!, phrase);
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(episodeId!)}`);
    await page.getByRole('searchbox', { name: 'Find in transcript' }).fill(phrase);
    await expect
      .poll(() => findStatus(page).textContent(), { timeout: 10_000 })
      .toMatch(countOf(starts.length));
    // The marked lines are the ones the phrase starts in (or runs on into), no others.
    const marked = await page.locator('.transcript .cue:has(mark)').count();
    expect(marked).toBeLessThanOrEqual(starts.length * 2);
    expect(errors.messages).toEqual([]);
  });
});

describe('odd time links', () => {
  const shortest = () =>
    episodes
      .filter((e) => e.mediaUrl && !/^https?:/.test(e.mediaUrl) && e.mediaType?.startsWith('audio/'))
      .sort((a, b) => a.duration - b.duration)[0]!;

  async function mediaTime(page: Page): Promise<number> {
    return page.evaluate(() => document.querySelector<HTMLMediaElement>('audio, video')?.currentTime ?? -1);
  }

  it('?t= past the end starts near the end and says so, instead of playing from 0:00', async () => {
    const episode = shortest();
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(episode.id)}?t=9999`);
    await page.getByText(/past the end of this episode/).waitFor();
    await page.waitForFunction(
      (duration) => {
        const media = document.querySelector<HTMLMediaElement>('audio, video');
        return media !== null && media.readyState >= 1 && media.currentTime > duration - 10;
      },
      episode.duration,
      { timeout: 15_000 },
    );
    expect(await mediaTime(page)).toBeGreaterThan(episode.duration - 10);
    expect(errors.messages).toEqual([]);
  });

  it('#t=30,30 starts at 0:30', async () => {
    const episode = shortest();
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(episode.id)}#t=30,30`);
    await page.waitForFunction(
      () => {
        const media = document.querySelector<HTMLMediaElement>('audio, video');
        return media !== null && !media.seeking && media.currentTime >= 29.7 && media.currentTime < 33;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.locator('.range-notice').count()).toBe(0);
    expect(errors.messages).toEqual([]);
  });

  it('#t=90,200 on a shorter episode says the range ends at the episode’s end', async () => {
    const episode = shortest();
    expect(episode.duration).toBeGreaterThan(90);
    expect(episode.duration).toBeLessThan(200);
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(episode.id)}#t=90,200`);
    const notice = page.locator('.range-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Playing ${formatTimeRange(90, episode.duration)} only.`);
    expect(await notice.textContent()).not.toContain('3:20');
    expect(errors.messages).toEqual([]);
  });
});

describe('focus after navigation', () => {
  it('opening an episode from a hit moves focus to its heading, not <body>', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/search?q=drones`);
    const hit = page.locator('[data-result]').first();
    await hit.waitFor();
    await hit.click();
    await page.waitForURL((url) => url.pathname.startsWith('/episodes/'));
    await page.locator('h1').waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, {
      timeout: 10_000,
    });
    const focused = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      tabIndex: document.activeElement?.getAttribute('tabindex'),
    }));
    expect(focused.text).toBe(await page.locator('h1').textContent());
    expect(focused.tabIndex).toBe('-1');
    expect(errors.messages).toEqual([]);
  });
});

describe('a 375 px phone', () => {
  it('shows the find box’s placeholder whole and keeps the player’s buttons on one line', async () => {
    const video = episodes.find((e) => e.mediaType?.startsWith('video/'))!;
    const { page, errors } = await openPage({ locale: 'fr-FR', viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}/episodes/${encodeURIComponent(video.id)}`);
    const box = page.getByRole('searchbox', { name: 'Chercher dans la transcription' });
    await box.waitFor();
    await page.locator('.captions-button').waitFor();
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(repoRoot, 'test-artifacts', 'web-phone-episode.png') });
    const layout = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('.transcript-find input')!;
      const style = getComputedStyle(input);
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const tops = [...document.querySelectorAll<HTMLElement>('.player-buttons > :not(.player-spacer)')].map(
        (el) => el.getBoundingClientRect().top,
      );
      const rights = [
        ...document.querySelectorAll<HTMLElement>('.transcript-find > *, .player-buttons > *'),
      ].map((el) => el.getBoundingClientRect().right);
      return {
        placeholder: canvas.measureText(input.placeholder).width,
        room,
        tops,
        rightmost: Math.max(...rights),
        width: document.documentElement.clientWidth,
      };
    });
    expect(layout.placeholder).toBeLessThanOrEqual(layout.room);
    // The buttons (CC and mute included) share one row: their tops differ by a few px at most.
    expect(Math.max(...layout.tops) - Math.min(...layout.tops)).toBeLessThan(12);
    expect(layout.rightmost).toBeLessThanOrEqual(layout.width);
    expect(errors.messages).toEqual([]);
  });
});
