// A word said in hundreds of passages: the server estimates its facets from a sample, and
// the web app, in headless Chromium against the real server, shows those counts as
// approximate; a word said a few times keeps exact counts.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, newContext } from './helpers/launch-chromium.ts';
import { startVerbatim, type VerbatimTestServer } from './helpers/start-verbatim.ts';

/** 1,600 cues, two voices: "bocage" in every cue of Maëlle's, "tourbière" twice in all. */
function longInterview(): string {
  const cues: string[] = [];
  for (let i = 0; i < 1_600; i++) {
    const at = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
    const voice = i % 2 === 0 ? 'Maëlle Corre' : 'Yannick Le Goff';
    const text =
      i % 2 === 0
        ? `Le bocage numéro ${i} garde ses haies, ses talus et ses chemins creux.`
        : `Il faut ${i === 7 || i === 901 ? 'une tourbière' : 'du temps'} pour que la terre respire encore.`;
    cues.push(`${at(i * 4)} --> ${at(i * 4 + 3.5)}\n<v ${voice}>${text}`);
  }
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

let transcripts: string;
let server: VerbatimTestServer;
let browser: Browser;

beforeAll(async () => {
  transcripts = mkdtempSync(path.join(tmpdir(), 'verbatim-facets-'));
  mkdirSync(path.join(transcripts, 'paysages'));
  writeFileSync(
    path.join(transcripts, 'paysages', 'show.json'),
    JSON.stringify({ title: 'Paysages parlés', language: 'fr' }),
  );
  writeFileSync(path.join(transcripts, 'paysages', 'haies-et-talus.vtt'), longInterview());
  server = await startVerbatim({
    VERBATIM_TRANSCRIPTS_DIR: transcripts,
    VERBATIM_WATCH_TRANSCRIPTS: 'false',
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(transcripts, { recursive: true, force: true });
});

describe('facet counts in the web app', () => {
  it('reads "≈" before counts estimated from a sample, and plain counts otherwise', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const speakerCounts = async (q: string) => {
        await page.goto(`${server.url}/?q=${encodeURIComponent(q)}`);
        const group = page.getByRole('group', { name: 'Speaker' });
        await group.getByRole('checkbox').first().waitFor();
        return group.locator('.facet-option').allTextContents();
      };

      const common = await speakerCounts('bocage ');
      // Only Maëlle Corre says it, though Yannick Le Goff speaks in every passage too.
      expect(common).toHaveLength(1);
      expect(common[0]).toMatch(/^Maëlle Corre≈ [\d,]+$/);
      const estimate = Number(common[0]?.replace(/\D/g, ''));
      expect(estimate).toBeGreaterThan(800 * 0.7);
      expect(estimate).toBeLessThan(800 * 1.3);
      const hint = await page.locator('.facet-count').first().getAttribute('title');
      expect(hint).toBe('Estimated from a sample of the matches');

      expect(await speakerCounts('tourbière ')).toEqual(['Yannick Le Goff2']);
      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
