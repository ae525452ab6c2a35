// Web app figures for a search that hits one long episode thousands of times (the generated
// three-hour "La nuit des données", 2,430 moments of "données"): the grouped answer's size,
// full and compact, and in headless Chromium the time from clicking "Show all 2,430
// moments" to the next frame drawn, the longest task in between and the page's DOM size.
import type { Browser, Page } from 'playwright-core';
import { newContext } from '../e2e/helpers/launch-chromium.ts';
import { COMMON_WORD, LONG_EPISODE_ID } from '../e2e/helpers/long-episode-archive.ts';

export interface LongEpisodeFigures {
  /** Bytes of the answer the page asks for, and of the full one, as sent (identity, gzip, br). */
  answerBytes: Record<'compact' | 'full', Record<'identity' | 'gzip' | 'br', number>>;
  /** JSON.parse of the answer the page received, in the page (ms, median). */
  parseMs: number;
  /** Click on "Show all …" → the frame after it is drawn (ms, one per run). */
  clickToDrawnMs: number[];
  /** Longest task between the click and that frame (ms, one per run). */
  longestTaskMs: number[];
  momentsListed: number;
  domNodes: number;
}

async function answerBytes(url: string): Promise<Record<'identity' | 'gzip' | 'br', number>> {
  const sizes = { identity: 0, gzip: 0, br: 0 };
  for (const encoding of ['identity', 'gzip', 'br'] as const) {
    const res = await fetch(url, { headers: { 'Accept-Encoding': encoding } });
    await res.arrayBuffer();
    sizes[encoding] = Number(res.headers.get('Content-Length'));
  }
  return sizes;
}

// Runs in the page after the click (a string: tsx would add helpers the page lacks). The
// click's work is done and drawn when a frame follows a frame with the list in it; long
// tasks are reported after they end, so the observer gets 50 ms to catch up.
const AFTER_CLICK = `(async () => {
  const bench = window.__long;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  while (document.querySelectorAll('.moments li').length < 100) await frame();
  await frame();
  const end = await frame();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    drawn: end - bench.click,
    longest: Math.max(0, ...bench.tasks.filter((t) => t.start + t.duration >= bench.click).map((t) => t.duration)),
    listed: document.querySelectorAll('.moments li').length,
    nodes: document.getElementsByTagName('*').length,
  };
})()`;

// Runs in the page before the click: notes the click's time and every long task.
const BEFORE_CLICK = `(() => {
  const bench = { click: 0, tasks: [] };
  window.__long = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  document.addEventListener('click', () => { bench.click = performance.now(); }, { capture: true, once: true });
})()`;

export async function measureLongEpisode(browser: Browser, serverUrl: string, runs: number) {
  const q = encodeURIComponent(COMMON_WORD);
  const api = `${serverUrl}/api/search?q=${q}&group=episode&limit=20`;
  const figures: LongEpisodeFigures = {
    answerBytes: { compact: await answerBytes(`${api}&compact=true`), full: await answerBytes(api) },
    parseMs: NaN,
    clickToDrawnMs: [],
    longestTaskMs: [],
    momentsListed: 0,
    domNodes: 0,
  };
  const parses: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // The app's own search answer, kept to time its parse in the page.
      let answer = '';
      page.on('response', (res) => {
        if (res.url().includes('/api/search?') && res.url().includes('group=episode'))
          void res.text().then((text) => (answer = text.length > answer.length ? text : answer));
      });
      await page.goto(`${serverUrl}/search?q=${q}`);
      const showAll = page.getByRole('button', { name: /^Show all [\d,]+ moments$/ });
      await showAll.waitFor();
      parses.push(
        await page.evaluate((text) => {
          const start = performance.now();
          JSON.parse(text);
          return performance.now() - start;
        }, answer),
      );
      await page.evaluate(BEFORE_CLICK);
      await showAll.click();
      const { drawn, longest, listed, nodes } = await page.evaluate<{
        drawn: number;
        longest: number;
        listed: number;
        nodes: number;
      }>(AFTER_CLICK);
      figures.clickToDrawnMs.push(drawn);
      figures.longestTaskMs.push(longest);
      figures.momentsListed = listed;
      figures.domNodes = nodes;
    } finally {
      await context.close();
    }
  }
  figures.parseMs = [...parses].sort((a, b) => a - b)[Math.floor(parses.length / 2)] ?? NaN;
  return figures;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(bytes < 100_000 ? 1 : 0)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function describeLongEpisode(figures: LongEpisodeFigures): string[] {
  const size = (sizes: Record<'identity' | 'gzip' | 'br', number>) =>
    `${kb(sizes.identity)} JSON, ${kb(sizes.gzip)} gzip, ${kb(sizes.br)} br`;
  return [
    `long episode (2,430 moments of "${COMMON_WORD}" in 3 h): grouped answer ${size(figures.answerBytes.compact)} ` +
      `with compact=true (the page's); ${size(figures.answerBytes.full)} without; ` +
      `JSON.parse in the page ${figures.parseMs.toFixed(1)} ms`,
    `long episode: click "Show all 2,430 moments" → next frame drawn: median ${median(figures.clickToDrawnMs).toFixed(0)} ms, ` +
      `longest task median ${median(figures.longestTaskMs).toFixed(0)} ms (n=${figures.clickToDrawnMs.length}); ` +
      `${figures.momentsListed} moments listed, ${figures.domNodes} DOM nodes`,
  ];
}

// Runs in the page from its first script: notes a click on a search hit, and the first frame
// where a highlighted match is inside the transcript's visible box.
const FIRST_MATCH = `(() => {
  const bench = { click: null, shown: null, rows: 0 };
  window.__firstMatch = bench;
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-result]')) bench.click = performance.now();
  }, true);
  const look = () => {
    const list = document.querySelector('.transcript-scroll');
    const mark = list && list.querySelector('mark');
    if (mark) {
      const box = list.getBoundingClientRect();
      for (const m of list.querySelectorAll('mark')) {
        const r = m.getBoundingClientRect();
        if (r.height > 0 && r.bottom > box.top && r.top < box.bottom) {
          bench.shown = performance.now();
          bench.rows = list.querySelectorAll('.transcript-row').length;
          return;
        }
      }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})()`;

interface FirstMatch {
  click: number | null;
  shown: number | null;
  rows: number;
}

export interface OpenOnWordFigures {
  /** Fresh page load of /episodes/<id>?q=données → first highlighted match in view (ms). */
  deepLinkMs: number[];
  /** Click on the episode's first moment on the search page → the same (ms). */
  fromHitMs: number[];
  /** Transcript rows rendered then (of the episode's 2,700 cues). */
  rows: number;
}

/** Opening the long episode on the common word: when its first highlighted match is on screen. */
export async function measureOpenOnWord(browser: Browser, serverUrl: string, runs: number) {
  const figures: OpenOnWordFigures = { deepLinkMs: [], fromHitMs: [], rows: 0 };
  const q = encodeURIComponent(COMMON_WORD);
  const read = (page: Page) =>
    page
      .waitForFunction(
        () => (window as unknown as { __firstMatch: FirstMatch }).__firstMatch.shown !== null,
        null,
        {
          timeout: 30_000,
        },
      )
      .then(() => page.evaluate(() => (window as unknown as { __firstMatch: FirstMatch }).__firstMatch));
  for (let i = 0; i < runs; i++) {
    const linkContext = await newContext(browser);
    try {
      const page = await linkContext.newPage();
      await page.addInitScript(FIRST_MATCH);
      await page.goto(`${serverUrl}/episodes/${LONG_EPISODE_ID}?q=${q}`);
      const found = await read(page);
      figures.deepLinkMs.push(found.shown ?? NaN);
      figures.rows = found.rows;
    } finally {
      await linkContext.close();
    }
    const hitContext = await newContext(browser);
    try {
      const page = await hitContext.newPage();
      await page.goto(`${serverUrl}/search?q=${q}`);
      const hit = page.getByRole('article', { name: 'La nuit des données' }).locator('[data-result]').first();
      await hit.waitFor();
      await page.evaluate(FIRST_MATCH);
      await hit.click();
      const found = await read(page);
      figures.fromHitMs.push((found.shown ?? NaN) - (found.click ?? NaN));
    } finally {
      await hitContext.close();
    }
  }
  return figures;
}

export function describeOpenOnWord(figures: OpenOnWordFigures): string {
  const line = (values: number[]) => `median ${median(values).toFixed(0)} ms`;
  return (
    `long episode opened on "${COMMON_WORD}" → first highlighted match on screen: click a hit ${line(figures.fromHitMs)}, ` +
    `deep link ?q= on a fresh page load ${line(figures.deepLinkMs)} (n=${figures.fromHitMs.length}); ` +
    `${figures.rows} transcript rows rendered of 2,700`
  );
}
