// A video podcast that is not 16:9 (a 4:3 studio camera, a 9:16 phone interview) gets a box
// of its own shape from the first paint: no black bars around the picture, and nothing below
// it moves while the player's code and the video load (before: every video sat in a 16:9
// box, a 9:16 one pillarboxed to a third of its width). Real ffmpeg-made videos, real server,
// headless Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson } from './helpers/fetch-json.ts';
import { holdRequests } from './helpers/hold-requests.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

const SHOW = 'regards-numeriques';
const LINES = [
  'Filmer un contrôle de police reste un droit, même avec un téléphone.',
  'La caméra du hall enregistre tout, y compris les visages des passants.',
  'Nous avons demandé combien de temps ces images étaient gardées.',
];

/** A real video of the given size (VP8 in WebM, which Chromium plays), 6 seconds long. */
function makeVideo(file: string, size: string, extra: string[] = []): void {
  const [codec, format] = file.endsWith('.mp4') ? ['libx264', 'yuv420p'] : ['libvpx', 'yuv420p'];
  execFileSync(
    'ffmpeg',
    [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=10:duration=6`],
      ...['-c:v', codec, '-pix_fmt', format, '-b:v', '200k', ...extra, file],
    ],
    { stdio: 'pipe' },
  );
}

function vtt(): string {
  const at = (s: number) => `00:00:0${s}.000`;
  return `WEBVTT\n\n${LINES.map((line, i) => `${at(i * 2)} --> ${at(i * 2 + 2)}\n<v Inès Caron>${line}`).join('\n\n')}\n`;
}

let dir: string;
let server: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'verbatim-video-shapes-'));
  const show = path.join(dir, SHOW);
  mkdirSync(show, { recursive: true });
  writeFileSync(
    path.join(show, 'show.json'),
    JSON.stringify({ title: 'Regards numériques', language: 'fr' }),
  );
  const episodes: Record<string, (file: string) => void> = {
    // A studio camera: 4:3.
    'plateau-4-3.webm': (file) => makeVideo(file, '320x240'),
    // A phone held upright: 9:16.
    'temoignage-vertical.webm': (file) => makeVideo(file, '180x320'),
    // A phone video stored landscape with a rotation for the player to apply: shown 9:16.
    'portrait-tourne.mp4': (file) => {
      const stored = path.join(dir, 'stored-landscape.mp4');
      makeVideo(stored, '320x180');
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        stored,
        '-c',
        'copy',
        '-metadata:s:v:0',
        'rotate=90',
        file,
      ]);
    },
    // Anamorphic: stored 320×240, shown 16:9 wide (sample aspect ratio 4:3).
    'archive-anamorphose.mp4': (file) => makeVideo(file, '320x240', ['-vf', 'setsar=4/3']),
  };
  for (const [name, make] of Object.entries(episodes)) {
    const base = name.replace(/\.\w+$/, '');
    make(path.join(show, name));
    writeFileSync(path.join(show, `${base}.vtt`), vtt());
  }
  server = await startVerbatim({ VERBATIM_TRANSCRIPTS_DIR: dir, VERBATIM_WATCH_TRANSCRIPTS: 'false' });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the episode answer', () => {
  it.each([
    ['plateau-4-3', { width: 320, height: 240 }],
    ['temoignage-vertical', { width: 180, height: 320 }],
    ['portrait-tourne', { width: 180, height: 320 }],
    ['archive-anamorphose', { width: 427, height: 240 }],
  ])("gives %s's picture as it is shown", async (name, size) => {
    const answer = await fetchJson<{ videoSize: unknown }>(`${server.url}/api/episodes/${SHOW}--${name}`);
    expect(answer.videoSize).toEqual(size);
  });
});

/** The picture's box and the top of what follows the player (px, page coordinates). */
function layout(page: Page, pictureSelector: string) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector)?.getBoundingClientRect();
    const top = (element: Element | null | undefined) =>
      element ? Math.round(element.getBoundingClientRect().top + window.scrollY) : null;
    const player = document.querySelector('.episode-side .player');
    return {
      picture: box ? { width: box.width, height: box.height } : null,
      // Beside the transcript, the line under the player; on a phone, the transcript too.
      belowPlayer: top(player?.nextElementSibling),
      transcript: top(document.querySelector('.transcript h2')),
    };
  }, pictureSelector);
}

const twoFrames = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

describe.each([
  { name: 'a laptop', viewport: { width: 1280, height: 800 }, phone: false },
  { name: 'a phone', viewport: { width: 375, height: 740 }, phone: true },
])('on $name', ({ viewport, phone }) => {
  it.each([
    { episode: 'plateau-4-3', ratio: 4 / 3 },
    { episode: 'temoignage-vertical', ratio: 9 / 16 },
  ])(
    "$episode's box has the picture's shape from the first paint, and nothing below moves",
    async ({ episode, ratio }) => {
      const context = await newContext(browser, { viewport, phone });
      try {
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        const releaseCode = await holdRequests(page, (url) =>
          /^\/assets\/vidstack-player-[^/]*\.js$/.test(url.pathname),
        );
        const releaseMedia = await holdRequests(page, (url) => url.pathname.endsWith('.webm'));
        await page.goto(`${server.url}/episodes/${SHOW}--${episode}`);
        await page.locator('.player-loading-picture').waitFor();
        const whileCodeLoads = await layout(page, '.player-loading-picture');
        expect(whileCodeLoads.picture!.width / whileCodeLoads.picture!.height).toBeCloseTo(ratio, 1);

        releaseCode();
        const video = page.locator('.player-media video');
        await video.waitFor({ state: 'attached' });
        await twoFrames(page);
        const beforeVideoDraws = await layout(page, '.player-media');

        releaseMedia();
        await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
        await twoFrames(page);
        const afterVideoDraws = await layout(page, '.player-media');
        expect({ beforeVideoDraws, afterVideoDraws }).toEqual({
          beforeVideoDraws: whileCodeLoads,
          afterVideoDraws: whileCodeLoads,
        });

        // The picture fills its box: no black bars (its own shape within a pixel).
        const drawn = await video.evaluate((v: HTMLVideoElement) => ({
          shape: v.videoWidth / v.videoHeight,
          box: v.getBoundingClientRect().width / v.getBoundingClientRect().height,
        }));
        expect(drawn.box).toBeCloseTo(drawn.shape, 1);

        // A tall picture keeps to part of the screen: the play button is in view without
        // scrolling, and on a phone the transcript's heading is too.
        const play = await page.locator('.play-button').boundingBox();
        expect(play!.y + play!.height).toBeLessThanOrEqual(viewport.height);
        if (phone) expect(afterVideoDraws.transcript!).toBeLessThan(viewport.height);
        expect(errors.messages).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
