// Web app figures: time from clicking a search hit to the media's `seeked` event (the
// player is at the quote), in a real headless Chromium against the real server, and the
// first page's JS size. Compared with opening the same moment from a cold deep link.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { formatKb, FIRST_PAGE_BUDGET_BYTES, measureFirstPageJs } from '../../web/scripts/first-page-js.ts';
import { launchChromium, newContext } from '../e2e/helpers/launch-chromium.ts';
import { writeLongEpisodeArchive } from '../e2e/helpers/long-episode-archive.ts';
import { pickCrossCueQuote } from '../e2e/helpers/pick-demo-quote.ts';
import { repoRoot, startVerbatim } from '../e2e/helpers/start-verbatim.ts';
import {
  describeLongEpisode,
  describeOpenOnWord,
  measureLongEpisode,
  measureOpenOnWord,
} from './long-episode-bench.ts';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const median = (values: number[]) => percentile(values, 50);

// Runs in the page: marks the click on a result and the first `seeked` (media events do
// not bubble, but capture listeners on the document see them).
const INSTRUMENT = `(() => {
  window.__bench = { click: null, seeked: null };
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-result]')) window.__bench.click = performance.now();
  }, true);
  document.addEventListener('seeked', () => { window.__bench.seeked ??= performance.now(); }, true);
})()`;

export async function run(args: { corpusPath?: string; quick: boolean }): Promise<void> {
  const runs = args.quick ? 3 : 15;
  const budget = measureFirstPageJs(path.join(repoRoot, 'web', 'dist'));
  console.log(
    `first-page JS: ${formatKb(budget.firstPageGzip)} gzip in ${budget.firstPageFiles.length} files ` +
      `(budget ${formatKb(FIRST_PAGE_BUDGET_BYTES)}, ${((budget.firstPageGzip / FIRST_PAGE_BUDGET_BYTES) * 100).toFixed(0)} % used); ` +
      `all JS incl. the lazy episode page and player: ${formatKb(budget.allJsGzip)} gzip`,
  );

  const browser = await launchChromium();
  try {
    await measureSearchToSeeked(browser, runs);
    // One episode saying a common word thousands of times (a generated 3-hour transcript).
    const longArchive = writeLongEpisodeArchive();
    const longServer = await startVerbatim({
      VERBATIM_TRANSCRIPTS_DIR: longArchive.transcriptsDir,
      VERBATIM_WATCH_TRANSCRIPTS: 'false',
    });
    try {
      const figures = await measureLongEpisode(browser, longServer.url, args.quick ? 3 : 10);
      for (const line of describeLongEpisode(figures)) console.log(line);
      console.log(describeOpenOnWord(await measureOpenOnWord(browser, longServer.url, args.quick ? 3 : 5)));
    } finally {
      await longServer.close();
      longArchive.remove();
    }
  } finally {
    await browser.close();
  }
}

/** Click a hit → seeked, cold and warm, and the same moment from a deep link. */
async function measureSearchToSeeked(browser: Browser, runs: number): Promise<void> {
  const server = await startVerbatim();
  try {
    const quote = await pickCrossCueQuote(server.url);
    const searchUrl = `${server.url}/search?q=${encodeURIComponent(quote.quote)}`;
    const fromHit: number[] = [];
    const fromHitWarm: number[] = [];
    const deepLink: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Cold: a fresh browser context, so the episode page and player chunks load on click.
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(searchUrl);
      await page.locator('[data-result]').first().waitFor();
      await page.evaluate(INSTRUMENT);
      await page.locator('[data-result]').first().click();
      await page.waitForFunction(
        () => (window as unknown as { __bench: { seeked: number | null } }).__bench.seeked !== null,
        null,
        {
          timeout: 20_000,
        },
      );
      const cold = await page.evaluate(() => {
        const b = (window as unknown as { __bench: { click: number; seeked: number } }).__bench;
        return b.seeked - b.click;
      });
      fromHit.push(cold);

      // Warm: back to the results and click again; chunks are cached, the page is rebuilt.
      await page.goBack();
      await page.locator('[data-result]').first().waitFor();
      await page.evaluate(INSTRUMENT);
      await page.locator('[data-result]').first().click();
      await page.waitForFunction(
        () => (window as unknown as { __bench: { seeked: number | null } }).__bench.seeked !== null,
        null,
        {
          timeout: 20_000,
        },
      );
      fromHitWarm.push(
        await page.evaluate(() => {
          const b = (window as unknown as { __bench: { click: number; seeked: number } }).__bench;
          return b.seeked - b.click;
        }),
      );
      await context.close();

      // Alternative: the same moment opened from a deep link in a fresh context
      // (navigation start to `seeked`: HTML, JS, episode JSON, media).
      const linkContext = await newContext(browser);
      const linkPage = await linkContext.newPage();
      await linkPage.addInitScript(INSTRUMENT);
      await linkPage.goto(
        `${server.url}/episodes/${encodeURIComponent(quote.episodeId)}?t=${quote.expectedStart}`,
      );
      await linkPage.waitForFunction(
        () => (window as unknown as { __bench: { seeked: number | null } }).__bench.seeked !== null,
        null,
        {
          timeout: 20_000,
        },
      );
      deepLink.push(
        await linkPage.evaluate(() => (window as unknown as { __bench: { seeked: number } }).__bench.seeked),
      );
      await linkContext.close();
    }
    const line = (label: string, values: number[]) =>
      `${label}: median ${median(values).toFixed(0)} ms, p90 ${percentile(values, 90).toFixed(0)} ms (n=${values.length})`;
    console.log(
      line('click a hit → media seeked (cold: episode page + player chunks loaded on click)', fromHit),
    );
    console.log(line('click a hit → media seeked (warm: chunks cached)', fromHitWarm));
    console.log(line('deep link ?t= → media seeked (fresh page load, alternative)', deepLink));
    console.log(
      `ratio: deep-link load / cold hit click = ${(median(deepLink) / median(fromHit)).toFixed(2)}×, ` +
        `cold / warm click = ${(median(fromHit) / median(fromHitWarm)).toFixed(2)}×`,
    );
  } finally {
    await server.close();
  }
}
