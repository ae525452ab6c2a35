// What an audit on a phone (375×667 and 320×568, touch, French) and of a clip embedded in
// another site's page found, checked in headless Chromium against the real server and the
// demo archive: a line tapped while the player is still loading plays once it is ready.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

// A browser driven step by step on a machine shared with other tests: as player-ranges does.
vi.setConfig({ testTimeout: 60_000 });

interface CueJson {
  start: number;
  end: number;
  text: string;
}
interface AudioEpisode {
  id: string;
  cues: CueJson[];
}

let server: VerbatimTestServer;
let browser: Browser;
let audio: AudioEpisode;
let context: BrowserContext | null = null;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
  const list = await getJson<{ items: { id: string; mediaUrl: string | null; mediaType: string | null }[] }>(
    `${server.url}/api/episodes?limit=100`,
  );
  for (const item of list.items) {
    if (!item.mediaUrl?.startsWith('/media/') || !item.mediaType?.startsWith('audio/')) continue;
    const detail = await getJson<{ cues: CueJson[] }>(
      `${server.url}/api/episodes/${encodeURIComponent(item.id)}`,
    );
    if (detail.cues.length >= 12) {
      audio = { id: item.id, cues: detail.cues };
      break;
    }
  }
  if (!audio) throw new Error('The demo archive has no audio episode of 12 lines or more');
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { width: 375, height: 667 };

async function openPhone(
  viewport: { width: number; height: number } = PHONE,
): Promise<{ page: Page; errors: PageErrors }> {
  context = await newContext(browser, { locale: 'fr-FR', viewport, phone: true });
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

/** Holds back the requests `matches` picks until `release()` (a slow phone network). */
async function holdRequests(page: Page, matches: (url: URL) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(matches, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

async function mediaState(page: Page) {
  return page.evaluate(() => {
    const media = document.querySelector<HTMLMediaElement>('audio');
    return media ? { time: media.currentTime, paused: media.paused } : null;
  });
}

/** True once the media plays inside the cue's first seconds. */
async function playingFrom(page: Page, cue: CueJson): Promise<boolean> {
  const state = await mediaState(page);
  return state !== null && !state.paused && state.time >= cue.start - 0.3 && state.time < cue.end;
}

describe('a line tapped while the player loads', () => {
  const cueButton = (page: Page, index: number) => page.locator(`.cue[data-cue-index="${index}"]`);

  it('plays once the player has loaded (before: the tap was lost, the player stayed at 0:00)', async () => {
    const { page, errors } = await openPhone();
    // The player's code arrives after the transcript, as on a slow phone network.
    const release = await holdRequests(page, (url) =>
      /\/assets\/vidstack-player-[^/]*\.js$/.test(url.pathname),
    );
    await page.goto(`${server.url}/episodes/${encodeURIComponent(audio.id)}`);
    const cue = audio.cues[4]!;
    await cueButton(page, 4).tap();
    // The line tapped is the one marked, even before the player can play it.
    await expect
      .poll(() => page.evaluate(() => document.querySelector<HTMLElement>('.cue-active')?.dataset.start))
      .toBe(String(cue.start));
    release();
    await expect.poll(() => playingFrom(page, cue), { timeout: 15_000 }).toBe(true);
    expect(errors.messages).toEqual([]);
  });

  it('from a link to another second, plays the line tapped, not the linked second', async () => {
    const { page, errors } = await openPhone();
    const linked = audio.cues[10]!;
    // The player is there, its media still on its way.
    const release = await holdRequests(page, (url) => url.pathname.startsWith('/media/'));
    await page.goto(`${server.url}/episodes/${encodeURIComponent(audio.id)}?t=${linked.start}`);
    await page
      .getByRole('button', { name: /^Début à la tête de lecture/ })
      .and(page.locator(':enabled'))
      .waitFor();
    const cue = audio.cues[2]!;
    await cueButton(page, 2).tap();
    release();
    await expect.poll(() => playingFrom(page, cue), { timeout: 15_000 }).toBe(true);
    expect(errors.messages).toEqual([]);
  });
});
