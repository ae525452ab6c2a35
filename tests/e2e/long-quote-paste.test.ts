// A listener pastes a whole quote, longer than any search takes (two sentences copied
// from an article): the archive searches its first words, lands on where it is spoken,
// and says what it searched. Headless Chromium against the real server and the demo archive.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cue } from '../../server/model/types.ts';
import { fetchJson } from './helpers/fetch-json.ts';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

let server: VerbatimTestServer;
let browser: Browser;
let context: BrowserContext | null = null;

beforeAll(async () => {
  server = await startVerbatim();
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const wordsOf = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** Two lines said one after the other, 16 to 30 words together, from a French episode with media. */
async function pickLongQuote(
  minCharacters = 0,
): Promise<{ episodeId: string; quote: string; start: number; words: number }> {
  const list = await fetchJson<{ items: Array<{ id: string; mediaUrl: string | null; language: string }> }>(
    `${server.url}/api/episodes?limit=100`,
  );
  for (const item of list.items) {
    if (!item.mediaUrl || item.language !== 'fr') continue;
    const { cues } = await fetchJson<{ cues: Cue[] }>(
      `${server.url}/api/episodes/${encodeURIComponent(item.id)}`,
    );
    for (let i = 1; i + 1 < cues.length; i++) {
      const cue = cues[i]!;
      if (wordsOf(cue.text).length < 12) continue;
      // The line and the next one, or as many more as make a paragraph of minCharacters.
      let end = i + 2;
      while (
        end < cues.length &&
        cues
          .slice(i, end)
          .map((c) => c.text)
          .join(' ').length < minCharacters
      )
        end++;
      const text = cues
        .slice(i, end)
        .map((c) => c.text)
        .join(' ');
      const words = wordsOf(text);
      if (text.length < minCharacters || words.length < 16 || (minCharacters === 0 && words.length > 30))
        continue;
      // Pasted as copied from an article: straight quotes and apostrophes, no accents.
      const quote = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'");
      return { episodeId: item.id, quote, start: cue.start, words: words.length };
    }
  }
  throw new Error(
    `The demo archive has no French run of lines of 16+ words and ${minCharacters}+ characters`,
  );
}

describe('pasting a long quote', () => {
  it.each([
    ['two lines', 0],
    ['a paragraph longer than 256 characters', 400],
  ])(
    'of %s lands on the moment it starts and says only its start was searched, in the reader’s language',
    async (_, minCharacters) => {
      const { episodeId, quote, start, words } = await pickLongQuote(minCharacters);
      for (const [locale, note] of [
        ['en-GB', `Only the start of your ${words}-word query was searched`],
        ['fr-FR', `Seul le début de votre recherche de ${words} mots a été cherché`],
      ] as const) {
        context = await newContext(browser, { locale });
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        await page.goto(`${server.url}/search`);
        await page.getByRole('searchbox').fill(quote);
        const first = page.locator('[data-result]').first();
        await first.waitFor({ timeout: 15_000 });
        const href = new URL((await first.getAttribute('href')) ?? '', server.url);
        expect(decodeURIComponent(href.pathname)).toBe(`/episodes/${episodeId}`);
        expect(Number(href.searchParams.get('t'))).toBeCloseTo(start, 1);
        await expect
          .poll(() => page.locator('.notice').allTextContents())
          .toEqual([expect.stringContaining(note)]);
        expect(await page.locator('.search-error').count()).toBe(0);
        expect(errors.messages.join('\n')).toBe('');
        await context.close();
        context = null;
      }
    },
  );
});
