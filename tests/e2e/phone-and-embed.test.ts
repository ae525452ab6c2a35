// What an audit on a phone (375×667 and 320×568, touch, French) and of a clip embedded in
// another site's page found, checked in headless Chromium against the real server and the
// demo archive: a line tapped while the player is still loading plays once it is ready; a
// clip embedded through oEmbed in a phone page that narrows its iframes keeps its
// attribution, licence and link in the frame; a clip page at 320 px keeps the player's
// buttons on one row, and names them with the French colon.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatTimecode } from '../../web/src/shared/time/index.ts';
import { fetchJson } from './helpers/fetch-json.ts';
import { boxesInView } from './helpers/boxes-in-view.ts';
import { holdRequests } from './helpers/hold-requests.ts';
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
const hosts: http.Server[] = [];

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
  const list = await fetchJson<{
    items: { id: string; mediaUrl: string | null; mediaType: string | null }[];
  }>(`${server.url}/api/episodes?limit=100`);
  for (const item of list.items) {
    if (!item.mediaUrl?.startsWith('/media/') || !item.mediaType?.startsWith('audio/')) continue;
    const detail = await fetchJson<{ cues: CueJson[] }>(
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
  for (const host of hosts) await new Promise((resolve) => host.close(resolve));
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

/** A clip of one line of the audio episode, made through the API. */
async function clipOfLine(index: number): Promise<{ links: { page: string } }> {
  const cue = audio.cues[index]!;
  const res = await fetch(`${server.url}/api/clips`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ episodeId: audio.id, start: cue.start, end: cue.end }),
  });
  if (!res.ok) throw new Error(`POST /api/clips: HTTP ${res.status}`);
  return (await res.json()) as { links: { page: string } };
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

/**
 * How many rows the player's shown buttons take (they are centred on their row: one centre
 * line a row); a button a narrow frame leaves out (display: none) is on none.
 */
function buttonRows(target: Page | Frame): Promise<number> {
  return target.locator('.player-buttons button').evaluateAll(
    (buttons) =>
      new Set(
        buttons
          .map((button) => button.getBoundingClientRect())
          .filter((box) => box.width > 0)
          .map((box) => Math.round(box.top + box.height / 2)),
      ).size,
  );
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

describe('making a clip by touch', () => {
  const cueButton = (page: Page, index: number) => page.locator(`.cue[data-cue-index="${index}"]`);
  /** The In or Out as the clip maker shows it, in seconds ("0:12 (12,3 s)" → 12.3). */
  const endSeconds = async (page: Page, which: 'start' | 'end') =>
    Number(
      /\(([\d,]+) s\)/
        .exec((await page.locator(`[data-clip-end="${which}"]`).textContent()) ?? '')?.[1]
        ?.replace(',', '.'),
    );

  it('Set in / Set out after tapping a line take that line’s start / end (before: the playhead, seconds into the line)', async () => {
    const { page, errors } = await openPhone();
    await page.goto(`${server.url}/episodes/${encodeURIComponent(audio.id)}`);
    await page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1);
    const first = audio.cues[3]!;
    const last = audio.cues[5]!;
    await cueButton(page, 3).tap();
    // Scrolling down to the clip tools takes a phone reader a while: the next line has begun.
    await page.waitForFunction((start) => {
      const media = document.querySelector('audio');
      return media !== null && !media.paused && media.currentTime > start + 0.3;
    }, audio.cues[4]!.start);
    await page
      .getByRole('button', { name: `Début au début de la réplique (${formatTimecode(first.start)})` })
      .tap();
    await expect.poll(() => endSeconds(page, 'start')).toBe(Math.round(first.start * 10) / 10);
    await cueButton(page, 5).tap();
    await page.waitForFunction(
      (start) => (document.querySelector('audio')?.currentTime ?? 0) > start + 0.6,
      last.start,
    );
    await page
      .getByRole('button', { name: `Fin à la fin de la réplique (${formatTimecode(last.end)})` })
      .tap();
    await expect.poll(() => endSeconds(page, 'end')).toBe(Math.round(last.end * 10) / 10);
    // Moved by the player (+10 s), the reader is elsewhere: the playhead is at hand again.
    await page.getByRole('button', { name: 'Avancer de 10 secondes' }).tap();
    await page.getByRole('button', { name: 'Fin à la tête de lecture (o)' }).waitFor();
    // Saved, the clip is those three lines.
    await page.getByRole('button', { name: 'Enregistrer l’extrait' }).tap();
    const href = await page.getByRole('link', { name: 'Ouvrir la page de l’extrait' }).getAttribute('href');
    const saved = await fetchJson<{ clip: { start: number; end: number } }>(
      `${server.url}/api/clips/${href!.split('/').pop()!}`,
    );
    expect(saved.clip.start).toBeCloseTo(first.start, 2);
    expect(saved.clip.end).toBeCloseTo(last.end, 2);
    expect(errors.messages).toEqual([]);
  });
});

describe('a clip embedded in a course page read on a phone', () => {
  /**
   * A course page on another origin that embeds a clip as a CMS does: the iframe from the
   * oEmbed answer (asked without a maxwidth), in a theme that keeps media inside the column
   * (iframe { max-width: 100% }, as most themes do), read on a phone; or, with `sidebar`, in
   * a column that wide on a desktop page.
   */
  async function embedOnPhone(
    viewport: { width: number; height: number },
    options: { sidebar?: number; clip?: { links: { page: string } } } = {},
  ): Promise<{ frame: Frame; errors: PageErrors }> {
    const made = options.clip ?? (await clipOfLine(3));
    const oembed = await fetchJson<{ html: string }>(
      `${server.url}/oembed?format=json&url=${encodeURIComponent(made.links.page)}`,
    );
    const embedded = options.sidebar
      ? `<aside style="width: ${options.sidebar}px">${oembed.html}</aside>`
      : oembed.html;
    const host = http.createServer((_req, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html lang="fr"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Un cours</title><style>iframe { max-width: 100%; }</style><h1>Cours</h1>${embedded}<p>La suite du cours.</p>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hosts.push(host);
    const { page, errors } = await openPhone(viewport);
    await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame!.locator('.clip-licence').waitFor();
    await frame!.waitForFunction(
      () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
    );
    return { frame: frame!, errors };
  }

  const parts = [
    '.player .play-button',
    '.player .time-slider',
    '.player .player-time',
    '.clip-attribution',
    '.clip-licence',
    '.clip-embed-link',
  ];

  it.each([PHONE, { width: 320, height: 568 }])(
    'at $width px the player, the attribution, the licence and the link stay in the frame (before, at 320 px, the last three were cut off)',
    async (viewport) => {
      const { frame, errors } = await embedOnPhone(viewport);
      const seen = await boxesInView(frame, [...parts, '.clip-embed-quote']);
      expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
      // The quote gives way as little as it can: a line of it at least.
      expect(seen.find((part) => part.selector === '.clip-embed-quote')!.height).toBeGreaterThan(12);
      // The player's buttons keep one row: the frame has no height to spare for a second.
      expect(await buttonRows(frame)).toBe(1);
      expect(errors.messages).toEqual([]);
    },
  );

  /** A clip of a video episode's third line (its player has a CC button too). */
  async function videoClip(): Promise<{ links: { page: string } }> {
    const list = await fetchJson<{ items: { id: string; mediaType: string | null }[] }>(
      `${server.url}/api/episodes?limit=100`,
    );
    const video = list.items.find((item) => item.mediaType?.startsWith('video/'));
    if (!video) throw new Error('The demo archive has no video episode');
    const { cues } = await fetchJson<{ cues: CueJson[] }>(
      `${server.url}/api/episodes/${encodeURIComponent(video.id)}`,
    );
    const res = await fetch(`${server.url}/api/clips`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ episodeId: video.id, start: cues[2]!.start, end: cues[3]!.end }),
    });
    return (await res.json()) as { links: { page: string } };
  }

  it.each(['audio', 'video'])(
    'in a 250 px sidebar, an embedded %s clip keeps its controls on one row, speed and mute included (before: they wrapped below about 295 px)',
    async (kind) => {
      const clip = kind === 'video' ? await videoClip() : await clipOfLine(3);
      const { frame, errors } = await embedOnPhone({ width: 1024, height: 768 }, { sidebar: 250, clip });
      expect(await frame.evaluate(() => window.innerWidth)).toBe(250);
      const seen = await boxesInView(frame, [
        ...parts,
        '.player .speed-button',
        '.player-buttons button:last-child',
      ]);
      expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
      expect(await buttonRows(frame)).toBe(1);
      expect(errors.messages).toEqual([]);
    },
  );
});

describe('a clip page on a phone', () => {
  it('at 320 px keeps the player’s buttons on one row (before: Mute fell onto a second row)', async () => {
    const made = await clipOfLine(5);
    const { page, errors } = await openPhone({ width: 320, height: 568 });
    await page.goto(made.links.page);
    await page.locator('.player-buttons button').first().waitFor();
    expect(await buttonRows(page)).toBe(1);
    expect(errors.messages).toEqual([]);
  });

  it('names its buttons with the French colon (before: “Copier: Lien”, “Vitesse de lecture: 1×”)', async () => {
    const made = await clipOfLine(6);
    const { page, errors } = await openPhone();
    await page.goto(made.links.page);
    await page.getByRole('button', { name: 'Copier : Lien', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Vitesse de lecture : 1×', exact: true }).waitFor();
    expect(errors.messages).toEqual([]);
  });
});
