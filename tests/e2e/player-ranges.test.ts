// Ranges in the player, in headless Chromium against the real server and the demo archive:
// ▶ after a clip or a #t= range ended plays it again; the clip maker's preview really
// loops; a line or chapter outside a #t= range lifts it; a new #t= on an open episode is
// played; a pack's own player stays inside its clip; the embed fits the iframe its embed
// code gives; "Back to search" returns to the search.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatTimeRange } from '../../web/src/shared/time/index.ts';
import { fetchJson, postJson } from './helpers/fetch-json.ts';
import { boxesInView } from './helpers/boxes-in-view.ts';
import { collectPageErrors, launchChromium, newContext, type PageErrors } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

interface CueJson {
  start: number;
  end: number;
  text: string;
  words?: { start: number; end: number }[];
}
interface EpisodeJson {
  episode: {
    id: string;
    mediaUrl: string | null;
    mediaType: string | null;
    chapters: { startTime: number; title: string }[];
  };
  cues: CueJson[];
}
interface ClipJson {
  clip: { id: string; start: number; end: number };
  embedHtml: string;
}

let verbatim: VerbatimTestServer;
let browser: Browser;
let audio: EpisodeJson;
let video: EpisodeJson;
let open: { close(): Promise<void> } | null = null;
const hosts: http.Server[] = [];

const post = <T>(path: string, body: unknown) => postJson<T>(`${verbatim.url}${path}`, body);

const round = (time: number) => Math.round(time * 10) / 10;

beforeAll(async () => {
  verbatim = await startVerbatim();
  browser = await launchChromium();
  const list = await fetchJson<{
    items: { id: string; mediaUrl: string | null; mediaType: string | null }[];
  }>(`${verbatim.url}/api/episodes?limit=100`);
  const local = list.items.filter((e) => e.mediaUrl && !/^https?:/.test(e.mediaUrl));
  const load = (id: string) =>
    fetchJson<EpisodeJson>(`${verbatim.url}/api/episodes/${encodeURIComponent(id)}`);
  for (const item of local.filter((e) => e.mediaType?.startsWith('audio/'))) {
    const full = await load(item.id);
    if (full.cues.length >= 10 && full.episode.chapters.length >= 2) {
      audio = full;
      break;
    }
  }
  video = await load(local.find((e) => e.mediaType?.startsWith('video/'))!.id);
  expect(audio, 'the demo archive has an audio episode with chapters').toBeDefined();
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

async function openPage(locale?: string): Promise<{ page: Page; errors: PageErrors }> {
  const context = await newContext(browser, locale ? { locale } : {});
  open = context;
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

interface Media {
  time: number;
  paused: boolean;
}

function media(target: Page | Frame): Promise<Media> {
  return target.evaluate(() => {
    const element = document.querySelector<HTMLMediaElement>('audio, video')!;
    return { time: element.currentTime, paused: element.paused };
  });
}

async function mediaReady(target: Page | Frame) {
  await target.waitForFunction(
    () => (document.querySelector<HTMLMediaElement>('audio, video')?.readyState ?? 0) >= 1,
  );
}

/** Waits until the media plays (not seeking) within `slack` seconds after `from`. */
async function playingFrom(target: Page | Frame, from: number, slack = 1) {
  await target.waitForFunction(
    ([start, within]) => {
      const element = document.querySelector<HTMLMediaElement>('audio, video');
      if (!element || element.paused || element.seeking) return false;
      return element.currentTime >= start - 0.3 && element.currentTime < start + within;
    },
    [from, slack] as const,
    { timeout: 15_000, polling: 50 },
  );
}

/** Waits until the media has stopped at `end` (and never ran more than a moment past it). */
async function stoppedAt(target: Page | Frame, end: number) {
  await target.waitForFunction(
    (at) => {
      const element = document.querySelector<HTMLMediaElement>('audio, video');
      return element !== null && element.paused && element.currentTime >= at - 0.5;
    },
    end,
    { timeout: 20_000, polling: 50 },
  );
  expect((await media(target)).time).toBeLessThanOrEqual(end + 0.25);
}

/**
 * Once the range plays from its start, skips to a second before `end` (a seek inside the
 * range, as the slider makes), so the stop at `end` is reached without listening through
 * the whole line in real time (a demo clip snaps to whole lines of 4–9 s).
 */
async function skipToNear(target: Page | Frame, end: number) {
  await target.evaluate((at) => {
    const element = document.querySelector<HTMLMediaElement>('audio, video')!;
    if (element.currentTime < at) element.currentTime = at;
  }, end - 1);
}

/** Plays the media to its very end (the `ended` state a listener reaches by listening on). */
async function runToTheEnd(page: Page) {
  await page.evaluate(() => {
    const element = document.querySelector<HTMLMediaElement>('audio, video')!;
    element.currentTime = element.duration;
  });
  await page.waitForFunction(
    () => document.querySelector<HTMLMediaElement>('audio, video')?.ended === true,
    null,
    {
      timeout: 15_000,
      polling: 50,
    },
  );
}

/** A second after a click, the media plays from `from`, not from anywhere else (0:00). */
async function playsOnFrom(page: Page, from: number) {
  await page.waitForTimeout(1000);
  const now = await media(page);
  expect(now.paused).toBe(false);
  expect(now.time).toBeGreaterThanOrEqual(from - 0.3);
  expect(now.time).toBeLessThan(from + 2);
}

const playButton = (target: Page | Frame) =>
  target.getByRole('button', { name: 'Play', exact: true }).first();

describe('playing a range again', () => {
  it('the clip page: ▶ after the clip ended plays it again from its start', async () => {
    const start = round(audio.cues[2]!.start);
    const made = await post<ClipJson>('/api/clips', { episodeId: audio.episode.id, start, end: start + 2 });
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/clips/${made.clip.id}`);
    await mediaReady(page);
    await playButton(page).click();
    await playingFrom(page, made.clip.start);
    await skipToNear(page, made.clip.end);
    await stoppedAt(page, made.clip.end);
    await playButton(page).click();
    await playingFrom(page, made.clip.start);
    await skipToNear(page, made.clip.end);
    await stoppedAt(page, made.clip.end);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('an episode opened at #t=start,end: ▶ after the range ended plays it again', async () => {
    const start = round(audio.cues[3]!.start);
    const end = round(start + 2);
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/episodes/${encodeURIComponent(audio.episode.id)}#t=${start},${end}`);
    await playingFrom(page, start);
    await stoppedAt(page, end);
    await playButton(page).click();
    await playingFrom(page, start);
    await stoppedAt(page, end);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('the clip maker’s preview loops: it plays the range again and again', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/episodes/${encodeURIComponent(audio.episode.id)}`);
    await mediaReady(page);
    await playButton(page).waitFor();
    // A short range: cues 1–2 selected, then the out point nudged to ~1.5 s after the in point.
    const cue = audio.cues[1]!;
    await page.locator('[data-cue-index="1"]').click();
    await page.locator('[data-cue-index="2"]').click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Pause', exact: true }).first().click();
    const outGroup = page.getByRole('group', { name: 'Nudge Out' });
    const outTime = async () =>
      Number(/\(([\d.]+) s\)/.exec((await page.locator('[data-clip-end="end"]').textContent()) ?? '')?.[1]);
    while ((await outTime()) > cue.start + 1.6)
      await outGroup.getByRole('button', { name: '−0.5 s' }).click();
    // The preview plays what will be saved: an out point inside a word (without word timings,
    // a line) goes out to its end.
    const set = await outTime();
    const spans = audio.cues.every((c) => c.words?.length) ? audio.cues.flatMap((c) => c.words!) : audio.cues;
    const end = Math.max(
      set,
      ...spans.filter((s) => s.start < set - 0.001 && s.end > set + 0.001).map((s) => s.end),
    );
    await page.evaluate(() => {
      const element = document.querySelector<HTMLMediaElement>('audio, video')!;
      const w = window as unknown as { loops: number; last: number; max: number };
      w.loops = 0;
      w.last = element.currentTime;
      w.max = 0;
      const sample = () => {
        // A jump back of more than half a second while playing is the loop going round.
        if (element.currentTime < w.last - 0.5) w.loops++;
        w.last = element.currentTime;
        if (!element.paused) w.max = Math.max(w.max, element.currentTime);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await page.getByRole('button', { name: 'Preview on a loop' }).click();
    await page.waitForFunction(
      () => {
        const element = document.querySelector<HTMLMediaElement>('audio, video')!;
        return (window as unknown as { loops: number }).loops >= 3 && !element.paused;
      },
      null,
      { timeout: 30_000, polling: 100 },
    );
    const max = await page.evaluate(() => (window as unknown as { max: number }).max);
    expect(max).toBeLessThanOrEqual(end + 0.3);
    // All of the line is heard, as it will be saved (before: the preview stopped at the out point set).
    if (end > set + 0.5) expect(max).toBeGreaterThan(set + 0.3);
    await page.getByRole('button', { name: 'Stop preview' }).click();
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('a lesson pack: the player’s own ▶ plays the clip only, not the rest of the episode', async () => {
    const start = round(audio.cues[4]!.start);
    const made = await post<ClipJson>('/api/clips', { episodeId: audio.episode.id, start, end: start + 2 });
    const pack = await post<{ pack: { id: string } }>('/api/packs', {
      title: 'Un dossier d’un extrait',
      items: [{ clipId: made.clip.id }],
    });
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/packs/${pack.pack.id}`);
    await mediaReady(page);
    await playButton(page).click();
    await playingFrom(page, made.clip.start);
    await skipToNear(page, made.clip.end);
    await stoppedAt(page, made.clip.end);
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('seeking out of a clip', () => {
  it('the clip page: back 10 seconds at the clip’s start stays in the clip, instead of playing what came before', async () => {
    const start = round(audio.cues.find((cue) => cue.start >= 12)!.start);
    const made = await post<ClipJson>('/api/clips', { episodeId: audio.episode.id, start, end: start + 4 });
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/clips/${made.clip.id}`);
    await mediaReady(page);
    // Media time played before the clip's start: each step forward while playing below it.
    await page.evaluate((clipStart) => {
      const element = document.querySelector<HTMLMediaElement>('audio, video')!;
      const w = window as unknown as { outside: number; last: number };
      w.outside = 0;
      w.last = element.currentTime;
      element.addEventListener('timeupdate', () => {
        const step = element.currentTime - w.last;
        if (!element.paused && step > 0 && step < 1 && element.currentTime < clipStart - 0.3)
          w.outside += step;
        w.last = element.currentTime;
      });
    }, made.clip.start);
    await playButton(page).click();
    await playingFrom(page, made.clip.start);
    await page.getByRole('button', { name: 'Back 10 seconds' }).click();
    // Back at the clip's start and playing on (time before it would be counted as outside).
    await playingFrom(page, made.clip.start);
    await skipToNear(page, made.clip.end);
    await stoppedAt(page, made.clip.end);
    expect(await page.evaluate(() => (window as unknown as { outside: number }).outside)).toBeLessThan(1);
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('#t= ranges on the episode page', () => {
  const rangeUrl = (start: number, end: number) =>
    `${verbatim.url}/episodes/${encodeURIComponent(audio.episode.id)}#t=${start},${end}`;

  it('a transcript line or a chapter outside the range plays from there, and lifts the range', async () => {
    const start = round(audio.cues[2]!.start);
    const end = round(start + 2);
    const { page, errors } = await openPage();
    await page.goto(rangeUrl(start, end));
    await playingFrom(page, start);
    await page.locator('.range-notice').waitFor();
    const line = audio.cues.findIndex((cue) => cue.start > end + 3);
    await page.locator(`[data-cue-index="${line}"]`).click();
    await playingFrom(page, audio.cues[line]!.start);
    // It plays on, past where the range would have stopped it.
    await page.waitForFunction(
      (from) => {
        const element = document.querySelector<HTMLMediaElement>('audio, video')!;
        return !element.paused && element.currentTime > from + 2.5;
      },
      audio.cues[line]!.start,
      { timeout: 15_000 },
    );
    expect(await page.locator('.range-notice').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('');

    // A chapter, from the range again.
    await page.goto(rangeUrl(start, end));
    await playingFrom(page, start);
    const chapter = audio.episode.chapters
      .map((c) => c.startTime)
      .sort((a, b) => a - b)
      .findIndex((time) => time < start - 1 || time > end + 1);
    const chapterStart = [...audio.episode.chapters].sort((a, b) => a.startTime - b.startTime)[chapter]!
      .startTime;
    await page.locator('.chapters .chapter').nth(chapter).click();
    await playingFrom(page, chapterStart, 2);
    await page.waitForFunction(
      (from) => {
        const element = document.querySelector<HTMLMediaElement>('audio, video')!;
        return !element.paused && element.currentTime > from + 2.5;
      },
      chapterStart,
      { timeout: 15_000 },
    );
    expect(await page.locator('.range-notice').count()).toBe(0);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('once the episode has ended, a line, a chapter or the preview plays from there, not from 0:00', async () => {
    const { page, errors } = await openPage();
    const last = audio.cues[audio.cues.length - 1]!;
    const episodeUrl = `${verbatim.url}/episodes/${encodeURIComponent(audio.episode.id)}`;
    await page.goto(`${episodeUrl}?t=${round(last.start)}`);
    await playingFrom(page, last.start);
    await runToTheEnd(page);
    const line = 2;
    await page.locator(`[data-cue-index="${line}"]`).click();
    await playsOnFrom(page, audio.cues[line]!.start);

    await runToTheEnd(page);
    const chapters = [...audio.episode.chapters].sort((a, b) => a.startTime - b.startTime);
    const chapter = chapters.findIndex((c) => c.startTime > 5);
    await page.locator('.chapters .chapter').nth(chapter).click();
    await playsOnFrom(page, chapters[chapter]!.startTime);

    // The clip maker's preview of two lines near the end, asked for after the end.
    const from = audio.cues.length - 3;
    await page.locator(`[data-cue-index="${from}"]`).click();
    await page.locator(`[data-cue-index="${from + 1}"]`).click({ modifiers: ['Shift'] });
    await runToTheEnd(page);
    await page.getByRole('button', { name: /preview/i }).click();
    await playsOnFrom(page, audio.cues[from]!.start);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('a new #t= on the open episode plays the new range (and back goes to the old one)', async () => {
    const first = { start: round(audio.cues[2]!.start), end: round(audio.cues[2]!.start + 1.5) };
    const second = { start: round(audio.cues[6]!.start), end: round(audio.cues[6]!.start + 1.5) };
    // The range as the API writes a clip's (start rounded down, end up).
    const notice = (range: { start: number; end: number }) =>
      `Playing ${formatTimeRange(range.start, range.end)} only.`;
    const { page, errors } = await openPage();
    await page.goto(rangeUrl(first.start, first.end));
    await playingFrom(page, first.start);
    await stoppedAt(page, first.end);
    expect(await page.locator('.range-notice').textContent()).toContain(notice(first));

    await page.evaluate((hash) => (window.location.hash = hash), `#t=${second.start},${second.end}`);
    await playingFrom(page, second.start);
    await stoppedAt(page, second.end);
    expect(await page.locator('.range-notice').textContent()).toContain(notice(second));

    await page.goBack();
    await playingFrom(page, first.start);
    await stoppedAt(page, first.end);
    expect(await page.locator('.range-notice').textContent()).toContain(notice(first));
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('the embed in the iframe its embed code gives', () => {
  /** `maxwidth`: the embed code comes from oEmbed asked for at most that width (a narrow column). */
  async function embedded(episode: EpisodeJson, seconds = 3, locale?: string, maxwidth?: number) {
    const start = round(episode.cues[1]!.start);
    const made = await post<ClipJson>('/api/clips', {
      episodeId: episode.episode.id,
      start,
      end: start + seconds,
    });
    const embedHtml = maxwidth
      ? (
          await fetchJson<{ html: string }>(
            `${verbatim.url}/oembed?format=json&maxwidth=${maxwidth}&url=${encodeURIComponent(`${verbatim.url}/clips/${made.clip.id}`)}`,
          )
        ).html
      : made.embedHtml;
    const width = Number(/width="(\d+)"/.exec(embedHtml)?.[1]);
    const height = Number(/height="(\d+)"/.exec(embedHtml)?.[1]);
    expect(width).toBeGreaterThan(0);
    // A course page on another origin (the embed allows any http(s) page to frame it).
    const host = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Un cours</title><iframe src="${verbatim.url}/embed/clips/${made.clip.id}" width="${width}" height="${height}" style="border:0" title="Extrait"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.2', resolve));
    hosts.push(host);
    const { page, errors } = await openPage(locale);
    await page.goto(`http://127.0.0.2:${(host.address() as AddressInfo).port}/`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame!.locator('.clip-licence').waitFor();
    await mediaReady(frame!);
    return { frame: frame!, errors, size: { width, height } };
  }

  const parts = [
    '.player .play-button',
    '.player .time-slider',
    '.player .player-time',
    '.clip-embed-quote',
    '.clip-attribution',
    '.clip-licence',
    '.clip-embed-link',
  ];

  it('an audio clip: the controls, the quote, the attribution and the licence all show', async () => {
    const { frame, errors } = await embedded(audio);
    const seen = await boxesInView(frame, parts);
    expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
    // At least one line of the quote.
    expect(seen.find((part) => part.selector === '.clip-embed-quote')!.height).toBeGreaterThan(12);
    await playButton(frame).click();
    await frame.waitForFunction(() => !document.querySelector<HTMLMediaElement>('audio')!.paused);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it.each([320, 280])(
    'an audio clip in a column %i px wide (oEmbed maxwidth): the attribution and the licence still show',
    async (maxwidth) => {
      const { frame, errors, size } = await embedded(audio, 3, 'fr-FR', maxwidth);
      expect(size.width).toBe(maxwidth);
      const seen = await boxesInView(frame, parts);
      expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
      expect(errors.messages).toEqual([]);
    },
    60_000,
  );

  it('a video clip: the picture, the controls, the quote and the licence all show', async () => {
    const { frame, errors } = await embedded(video);
    const seen = await boxesInView(frame, [...parts, 'video']);
    expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
    expect(seen.find((part) => part.selector === 'video')!.height).toBeGreaterThan(120);
    expect(errors.messages).toEqual([]);
  }, 60_000);

  it('a video clip with a long quote, in French, shows two whole lines of it, not one and a half', async () => {
    const { frame } = await embedded(video, 20, 'fr-FR');
    const quote = await frame.locator('.clip-quote').evaluate((element) => ({
      height: element.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(element).lineHeight),
    }));
    expect(quote.height).toBeGreaterThanOrEqual(2 * quote.line - 1);
    // The picture gives way: the controls, the attribution and the licence still show.
    const seen = await boxesInView(frame, [...parts, 'video']);
    expect(seen.filter((part) => !part.inside).map((part) => part.selector)).toEqual([]);
  }, 60_000);
});

describe('the player in French', () => {
  it('names itself and says the time on its slider in French, not in Vidstack’s English', async () => {
    const { page, errors } = await openPage('fr-FR');
    await page.goto(
      `${verbatim.url}/episodes/${encodeURIComponent(audio.episode.id)}?t=${round(audio.cues[3]!.start)}`,
    );
    await playingFrom(page, round(audio.cues[3]!.start));
    const title = (await page.locator('h1').textContent())!;
    expect(await page.locator('[data-media-player]').getAttribute('aria-label')).toBe(`Lecteur : ${title}`);
    const slider = page.getByRole('slider', { name: 'Position' });
    await expect
      .poll(() => slider.getAttribute('aria-valuetext'))
      .toMatch(/^(\d+\s\S+\s)*\d+\ssecondes?\ssur\s\d/);
    await page.waitForTimeout(1200);
    expect(await slider.getAttribute('aria-valuetext')).not.toMatch(/out of|sec\b|min\b/);
    expect(errors.messages).toEqual([]);
  }, 60_000);
});

describe('back to search', () => {
  it('"Back to search" on an episode returns to the search the reader came from', async () => {
    const words = audio.cues[3]!.text.split(/\s+/).slice(0, 2).join(' ');
    const { page, errors } = await openPage();
    await page.goto(`${verbatim.url}/search?q=${encodeURIComponent(words)}`);
    await page.locator('[data-result]').first().click();
    await page.waitForURL(/\/episodes\//);
    await page.getByRole('link', { name: 'Back to search' }).click();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === words);
    expect(await page.locator('#search-input').inputValue()).toBe(words);
    await page.locator('[data-result]').first().waitFor();

    // Even after moving within the episode (a new entry in the history).
    await page.locator('[data-result]').first().click();
    await page.waitForURL(/\/episodes\//);
    await page.evaluate(() => (window.location.hash = '#t=1,2'));
    await page.getByRole('link', { name: 'Back to search' }).click();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === words);
    expect(await page.locator('#search-input').inputValue()).toBe(words);
    expect(errors.messages).toEqual([]);
  }, 60_000);
});
