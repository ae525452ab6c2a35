// A clip's players count the clip's time, not the episode's: a teacher projecting a 26 s
// clip cut from 0:40 of an episode sees 0:00 / 0:26 and a slider spanning the clip only, on
// the clip page, in the embed and for each clip of a pack; the ±10 s buttons, the slider's
// keys and the player's own keys stay inside the clip. The episode's time is still given
// ("0:40–1:06 in the episode"); the clip page's transcript is timed from the clip's start
// too. While the player's code is on its way (a slow network), the clip and pack pages keep
// its place at its height, so the quote below does not jump. Real server, demo archive,
// headless Chromium.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatTimeRange, formatTimecode, parseTimecode } from '../../web/src/shared/time/index.ts';
import { fetchJson, postJson } from './helpers/fetch-json.ts';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

interface EpisodeJson {
  episode: { id: string; mediaUrl: string | null; mediaType: string | null; duration: number | null };
  cues: { start: number; end: number; text: string }[];
}
interface ClipJson {
  clip: { id: string; start: number; end: number };
}

let verbatim: VerbatimTestServer;
let browser: Browser;
let episode: EpisodeJson;
let other: EpisodeJson;
let open: { close(): Promise<void> } | null = null;
const hosts: http.Server[] = [];

const post = <T>(path: string, body: unknown) => postJson<T>(`${verbatim.url}${path}`, body);

/** A clip of about `seconds` from the first line at or after `from` seconds of the episode. */
async function clipOf(source: EpisodeJson, from: number, seconds: number): Promise<ClipJson['clip']> {
  const start = source.cues.find((cue) => cue.start >= from)!.start;
  const made = await post<ClipJson>('/api/clips', {
    episodeId: source.episode.id,
    start,
    end: start + seconds,
  });
  return made.clip;
}

beforeAll(async () => {
  verbatim = await startVerbatim();
  browser = await launchChromium();
  const list = await fetchJson<{
    items: { id: string; mediaUrl: string | null; mediaType: string | null }[];
  }>(`${verbatim.url}/api/episodes?limit=100`);
  const audio = list.items.filter(
    (e) => e.mediaUrl && !/^https?:/.test(e.mediaUrl) && e.mediaType?.startsWith('audio/'),
  );
  const load = (id: string) =>
    fetchJson<EpisodeJson>(`${verbatim.url}/api/episodes/${encodeURIComponent(id)}`);
  const long = [];
  for (const item of audio) {
    const full = await load(item.id);
    if (full.cues.some((cue) => cue.start >= 40) && full.cues[full.cues.length - 1]!.end >= 75)
      long.push(full);
  }
  expect(long.length, 'the demo archive has two audio episodes of more than 75 s').toBeGreaterThanOrEqual(2);
  [episode, other] = long as [EpisodeJson, EpisodeJson];
}, 180_000);

afterEach(async () => {
  await open?.close();
  open = null;
});

afterAll(async () => {
  for (const host of hosts) await new Promise((resolve) => host.close(resolve));
  await browser?.close();
  await verbatim?.close();
});

async function openPage(
  options: { locale?: string; viewport?: { width: number; height: number }; phone?: boolean } = {},
): Promise<{ page: Page; errors: PageErrors }> {
  const context = await newContext(browser, options);
  open = context;
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

type Target = Page | Frame;

async function mediaReady(target: Target) {
  await target.waitForFunction(
    () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
  );
}

const mediaTime = (target: Target) =>
  target.evaluate(() => document.querySelector<HTMLMediaElement>('audio, video')!.currentTime);

/** What the player's time display reads, e.g. "0:00 / 0:26". */
const shownTime = async (target: Target, root = '') =>
  ((await target.locator(`${root} .player-time`.trim()).first().textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** How far along the slider's fill is, 0–1 of the slider's width. */
const sliderFill = (target: Target) =>
  target.evaluate(() => {
    const track = document.querySelector('.time-slider')!.getBoundingClientRect();
    const thumb = document.querySelector('.time-slider-thumb')!.getBoundingClientRect();
    return (thumb.left + thumb.width / 2 - track.left) / track.width;
  });

/** Waits until the media is paused, not seeking, and its time is settled. */
async function settled(target: Target) {
  await target.waitForFunction(
    () => {
      const element = document.querySelector<HTMLMediaElement>('audio, video')!;
      return element.paused && !element.seeking;
    },
    null,
    { timeout: 10_000, polling: 50 },
  );
  // The display follows the media within a frame or two.
  await target.waitForTimeout(300);
}

const clipTime = (clip: { start: number; end: number }) =>
  `${formatTimecode(0)} / ${formatTimecode(clip.end - clip.start)}`;

describe('the clip page counts the clip’s time', () => {
  it('shows 0:00 / the clip’s length and a slider over the clip only; the episode’s time is still said', async () => {
    const clip = await clipOf(episode, 40, 12);
    const length = clip.end - clip.start;
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/clips/${clip.id}`);
    await mediaReady(page);
    await expect.poll(() => shownTime(page)).toBe(clipTime(clip));
    expect(await sliderFill(page)).toBeLessThan(0.03);
    const slider = page.getByRole('slider', { name: 'Seek' });
    expect(await slider.getAttribute('aria-valuetext')).toBe(`0 seconds of ${Math.floor(length)} seconds`);
    // Where the clip is in the episode, in words.
    await expect
      .poll(async () => page.locator('.clip-attribution').textContent())
      .toContain(`${formatTimeRange(clip.start, clip.end)} in the episode`);
    // The transcript's lines are timed as the player counts: from the clip's start.
    const lineTimes = await page.locator('.clip-transcript .cue-time').allTextContents();
    expect(lineTimes.length).toBeGreaterThan(1);
    expect(lineTimes[0]).toBe('0:00');
    for (const time of lineTimes) expect(parseTimecode(time)).toBeLessThanOrEqual(length);

    // Played to its end: the display and the slider are at the clip's end. Once it plays from
    // the start, a seek to a second before the end (inside the clip, as the slider makes) saves
    // listening through the 12 s in real time.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(
      (start) => {
        const element = document.querySelector<HTMLMediaElement>('audio')!;
        return !element.paused && !element.seeking && element.currentTime >= start - 0.3;
      },
      clip.start,
      { timeout: 15_000, polling: 50 },
    );
    await page.evaluate((at) => {
      const element = document.querySelector<HTMLMediaElement>('audio')!;
      if (element.currentTime < at) element.currentTime = at;
    }, clip.end - 1);
    await page.waitForFunction(
      (end) => {
        const element = document.querySelector<HTMLMediaElement>('audio')!;
        return element.paused && element.currentTime >= end - 0.5;
      },
      clip.end,
      { timeout: 45_000, polling: 100 },
    );
    await settled(page);
    const atEnd = formatTimecode(length);
    expect(await shownTime(page)).toBe(`${atEnd} / ${atEnd}`);
    expect(await sliderFill(page)).toBeGreaterThan(0.97);
    expect(errors.messages).toEqual([]);
  }, 90_000);

  it('±10 s, the slider’s keys and the player’s keys stay inside the clip', async () => {
    const clip = await clipOf(episode, 40, 26);
    const length = clip.end - clip.start;
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/clips/${clip.id}`);
    await mediaReady(page);
    await expect.poll(() => shownTime(page)).toBe(clipTime(clip));

    // Back 10 s at the clip's start: still at its start (before: 10 s of what came before).
    await page.getByRole('button', { name: 'Back 10 seconds' }).click();
    await settled(page);
    expect(await mediaTime(page)).toBeGreaterThanOrEqual(clip.start - 0.05);
    expect(await shownTime(page)).toBe(clipTime(clip));

    // Forward 10 s three times: at the clip's end, not past it.
    const forward = page.getByRole('button', { name: 'Forward 10 seconds' });
    await forward.click();
    await settled(page);
    expect(await shownTime(page)).toBe(`${formatTimecode(10)} / ${formatTimecode(length)}`);
    await forward.click();
    await forward.click();
    await settled(page);
    expect(await mediaTime(page)).toBeLessThanOrEqual(clip.end + 0.05);
    expect(await mediaTime(page)).toBeGreaterThanOrEqual(clip.end - 0.5);

    // The slider's Home and End: the clip's start and end.
    const slider = page.getByRole('slider', { name: 'Seek' });
    await slider.focus();
    await page.keyboard.press('Home');
    await settled(page);
    expect(Math.abs((await mediaTime(page)) - clip.start)).toBeLessThan(0.1);
    await page.keyboard.press('ArrowLeft');
    await settled(page);
    expect(await mediaTime(page)).toBeGreaterThanOrEqual(clip.start - 0.05);
    await page.keyboard.press('ArrowRight');
    await settled(page);
    expect(await mediaTime(page)).toBeGreaterThan(clip.start + 1);
    await page.keyboard.press('End');
    await settled(page);
    expect(await mediaTime(page)).toBeLessThanOrEqual(clip.end + 0.05);
    expect(await mediaTime(page)).toBeGreaterThanOrEqual(clip.end - 0.5);

    // The player's own keys (focus on its Play button): ← and j back, → and l on, 0–9 jump.
    await page.getByRole('button', { name: 'Play', exact: true }).focus();
    for (const key of ['ArrowRight', 'l', 'Shift+ArrowRight']) {
      await page.keyboard.press(key);
      await settled(page);
      expect(await mediaTime(page)).toBeLessThanOrEqual(clip.end + 0.05);
    }
    await page.keyboard.press('5');
    await settled(page);
    expect(Math.abs((await mediaTime(page)) - (clip.start + length / 2))).toBeLessThan(0.6);
    for (const key of ['ArrowLeft', 'j', 'Shift+ArrowLeft', 'ArrowLeft']) {
      await page.keyboard.press(key);
      await settled(page);
      expect(await mediaTime(page)).toBeGreaterThanOrEqual(clip.start - 0.05);
    }
    expect(await shownTime(page)).toBe(clipTime(clip));
    // The player's other keys still work: m mutes, k plays.
    await page.keyboard.press('m');
    await page.waitForFunction(() => document.querySelector<HTMLMediaElement>('audio')!.muted);
    await page.keyboard.press('k');
    await page.waitForFunction(() => !document.querySelector<HTMLMediaElement>('audio')!.paused);
    expect(errors.messages).toEqual([]);
  }, 90_000);

  it('a drag along the slider while the clip plays moves within the clip, and it plays on', async () => {
    const clip = await clipOf(episode, 40, 26);
    const length = clip.end - clip.start;
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/clips/${clip.id}`);
    await mediaReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector<HTMLMediaElement>('audio')!.paused);
    const box = (await page.locator('.time-slider').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(500);
    const after = await page.evaluate(() => {
      const element = document.querySelector<HTMLMediaElement>('audio')!;
      return { time: element.currentTime, paused: element.paused };
    });
    expect(after.paused).toBe(false);
    // 70 % of the clip (the thumb's centre is where the pointer let go), give or take a second.
    expect(Math.abs(after.time - (clip.start + 0.7 * length))).toBeLessThan(1.5);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('the episode page keeps the episode’s time, a #t= range included', async () => {
    const clip = await clipOf(episode, 40, 26);
    const { page, errors } = await openPage();
    await page.goto(
      `${verbatim.url}/episodes/${encodeURIComponent(episode.episode.id)}#t=${clip.start},${clip.end}`,
    );
    await mediaReady(page);
    const duration = await page.evaluate(() => document.querySelector<HTMLMediaElement>('audio')!.duration);
    await expect.poll(() => shownTime(page)).toMatch(new RegExp(` / ${formatTimecode(duration)}$`));
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('the embed and the pack count each clip’s time', () => {
  it('the embed in a course page’s iframe shows 0:00 / the clip’s length', async () => {
    const clip = await clipOf(episode, 40, 20);
    const host = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Cours</title><iframe src="${verbatim.url}/embed/clips/${clip.id}" width="560" height="220" style="border:0" title="Extrait"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.2', resolve));
    hosts.push(host);
    const { page, errors } = await openPage();
    await page.goto(`http://127.0.0.2:${(host.address() as AddressInfo).port}/`);
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
    await mediaReady(frame);
    await expect.poll(() => shownTime(frame)).toBe(clipTime(clip));
    expect(await sliderFill(frame)).toBeLessThan(0.03);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('each clip of a pack plays in a player counting that clip’s time', async () => {
    const first = await clipOf(episode, 40, 6);
    const second = await clipOf(other, 30, 9);
    const pack = await post<{ pack: { id: string } }>('/api/packs', {
      title: 'Deux extraits',
      items: [{ clipId: first.id }, { clipId: second.id }],
    });
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/packs/${pack.pack.id}`);
    await mediaReady(page);
    await expect.poll(() => shownTime(page)).toBe(clipTime(first));
    await page.getByRole('button', { name: /Play clip 2/ }).click();
    await page.waitForFunction(
      (start) => {
        const element = document.querySelector<HTMLMediaElement>('audio');
        return element !== null && !element.paused && element.currentTime >= start - 0.3;
      },
      second.start,
      { timeout: 15_000 },
    );
    const [current, total] = (await shownTime(page)).split(' / ');
    expect(total).toBe(formatTimecode(second.end - second.start));
    // A moment in: seconds into the clip, not the episode's 0:30 and more.
    expect(Number(current!.split(':')[1])).toBeLessThan(9);
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('while the player’s code loads on a slow network', () => {
  /** The player's (or its stand-in's) height, and where the quote below it starts. */
  const layout = (page: Page) =>
    page.evaluate(() => ({
      player: document.querySelector('.player')?.getBoundingClientRect().height,
      quote: document.querySelector('.clip-quote')?.getBoundingClientRect().top,
    }));

  it.each([
    ['the clip page on a 360 px phone', 'clip', { width: 360, height: 740 }, true],
    ['the clip page on a laptop', 'clip', { width: 1280, height: 900 }, false],
    ['the pack page on a 360 px phone', 'pack', { width: 360, height: 740 }, true],
  ] as const)(
    '%s keeps the player’s place: the quote below does not move',
    async (_name, kind, viewport, phone) => {
      const clip = await clipOf(episode, 40, 6);
      let path = `/clips/${clip.id}`;
      if (kind === 'pack') {
        const pack = await post<{ pack: { id: string } }>('/api/packs', {
          title: 'Un extrait',
          items: [{ clipId: clip.id }],
        });
        path = `/packs/${pack.pack.id}`;
      }
      const { page, errors } = await openPage({ viewport, phone });
      const release = await holdRequests(page, (url) =>
        /\/assets\/vidstack-player-[^/]*\.js$/.test(url.pathname),
      );
      await page.goto(`${verbatim.url}${path}`);
      await page.locator('.player-loading').waitFor();
      const loading = await layout(page);
      release();
      await page.locator('.player-buttons').waitFor();
      const loaded = await layout(page);
      expect(loading.player).toBeGreaterThan(0);
      expect(Math.abs(loading.player! - loaded.player!)).toBeLessThanOrEqual(1);
      expect(Math.abs(loading.quote! - loaded.quote!)).toBeLessThanOrEqual(1);
      expect(errors.messages).toEqual([]);
    },
    60_000,
  );
});
