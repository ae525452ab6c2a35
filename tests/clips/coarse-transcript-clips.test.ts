// Clips on a transcript timed coarsely (timestamped Markdown, turns of 1–3 minutes), over real
// HTTP against the real server and ingest, with real ffmpeg: a 20 s range chosen inside a
// 3-minute turn stays 20 s long — its audio, captions, embed and citation — and its quote is
// the words estimated to be said in it (before: the whole 0:00–3:00 turn).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { probeDuration } from '../../server/clips/cut-media.ts';
import { fetchJson, postJson } from '../e2e/helpers/fetch-json.ts';
import { startVerbatim, type VerbatimTestServer } from '../e2e/helpers/start-verbatim.ts';
import { writeCoarseTranscriptShow } from '../fixtures/clips/coarse-transcript.ts';

// ffmpeg and citation-js are slow to start on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

interface Made {
  clip: { id: string; start: number; end: number; quote: string };
  snap: { to: string; requestedStart: number; requestedEnd: number };
  range: string;
  embedHtml: string;
}

let dir: string;
let episodeId: string;
let verbatim: VerbatimTestServer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-coarse-'));
  ({ episodeId } = await writeCoarseTranscriptShow(dir));
  verbatim = await startVerbatim({ VERBATIM_TRANSCRIPTS_DIR: dir });
}, 180_000);
afterAll(async () => {
  await verbatim?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const makeClip = (start: number, end: number) =>
  postJson<Made>(`${verbatim.url}/api/clips`, { episodeId, start, end });

function vttCaptions(vtt: string): { start: number; end: number; text: string }[] {
  const time = (h: string, m: string, s: string, ms: string) => +h * 3600 + +m * 60 + +s + +ms / 1000;
  return [
    ...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})[^\n]*\n([^\n]+)/g),
  ].map((m) => ({
    start: time(m[1]!, m[2]!, m[3]!, m[4]!),
    end: time(m[5]!, m[6]!, m[7]!, m[8]!),
    text: m[9]!.replace(/<[^>]+>/g, ''),
  }));
}

describe('a clip inside a 3-minute turn of a timestamped Markdown transcript', () => {
  it('keeps the 20 s chosen (0:40–1:00) and quotes the words estimated in it, marked as estimated', async () => {
    const made = await makeClip(40, 60);
    // Before: 0–180 s, the whole turn, with all nine points as its quote.
    expect([made.clip.start, made.clip.end]).toEqual([40, 60]);
    expect(made.snap).toEqual({ to: 'estimated', requestedStart: 40, requestedEnd: 60 });
    expect(made.range).toBe('0:40–1:00');
    // The third of nine points of about the same length is said from about 40 s to 60 s.
    expect(made.clip.quote).toContain('Troisième point : une métadonnée en dit souvent plus long');
    for (const other of ['Premier', 'Deuxième point', 'Quatrième', 'Cinquième']) {
      expect(made.clip.quote).not.toContain(other);
    }
    expect(made.embedHtml).toContain('(0:40–1:00)');
    // Read back later (the clip page's answer), the clip still says its quote is estimated.
    const read = await fetchJson<{ quoteEstimated?: boolean }>(`${verbatim.url}/api/clips/${made.clip.id}`);
    expect(read.quoteEstimated).toBe(true);
    const citation = await fetchJson<{ inText: string }>(
      `${verbatim.url}/api/clips/${made.clip.id}/citation?style=apa`,
    );
    expect(citation.inText).toBe('(Débats numériques, 2025, 0:40–1:00)');
  });

  it('exports 20 s of audio (ffprobe) and captions of the quoted words only, within those 20 s', async () => {
    const made = await makeClip(40, 60);
    const audio = await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/audio`);
    expect(audio.status).toBe(200);
    const file = path.join(dir, 'cut.opus');
    await fs.writeFile(file, Buffer.from(await audio.arrayBuffer()));
    expect(Math.abs((await probeDuration(file)) - 20)).toBeLessThan(0.1);

    for (const format of ['vtt', 'srt'] as const) {
      const text = await (await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/${format}`)).text();
      expect(text).toContain('Troisième point');
      expect(text).not.toContain('Premier point');
      expect(text).not.toContain('Neuvième point');
    }
    const captions = vttCaptions(
      await (await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/vtt`)).text(),
    );
    expect(captions.map((c) => c.text).join(' ')).toBe(made.clip.quote);
    expect(captions[0]!.start).toBeGreaterThanOrEqual(0);
    expect(captions[captions.length - 1]!.end).toBeLessThanOrEqual(20);
  });

  it('still goes out to a line’s edge within 3 s of it, and to the edges of short lines', async () => {
    // 1.5 s after the turn's marker: the marker's time, a word or two more, not an estimate.
    const nearEdge = await makeClip(1.5, 20);
    expect([nearEdge.clip.start, nearEdge.clip.end]).toEqual([0, 20]);
    expect(nearEdge.clip.quote.startsWith('Premier point')).toBe(true);
    // "Merci Nadia Ferrand." is a 4 s line (5:30–5:34): as before, the clip covers it.
    const short = await makeClip(331, 333);
    expect([short.clip.start, short.clip.end]).toEqual([330, 334]);
    expect(short.snap.to).toBe('cues');
    expect(short.clip.quote).toBe('Merci Nadia Ferrand.');
    const read = await fetchJson<{ quoteEstimated?: boolean }>(`${verbatim.url}/api/clips/${short.clip.id}`);
    expect(read.quoteEstimated).toBeUndefined();
  });

  it('quotes the paragraph said in the range when two share one marker (4:10–5:30)', async () => {
    const made = await makeClip(300, 330);
    expect([made.clip.start, made.clip.end]).toEqual([300, 330]);
    expect(made.clip.quote).toContain('pour qu’elles puissent contester.');
    expect(made.clip.quote).not.toContain('Il manque un juge');
  });
});

// A teacher citing an estimated quote as verbatim would misquote: every export that gives the
// quote says it is approximate (before: only the clip maker and the clip page did).
describe('an estimated quote in the exports', () => {
  const approximate = {
    en: '(approximate quote: this transcript has no word timings here)',
    fr: '(citation approximative : cette transcription n’a pas de minutage des mots ici)',
  };

  it('the Markdown export marks it beside the quote, in English and French', async () => {
    const made = await makeClip(40, 60);
    for (const lang of ['en', 'fr'] as const) {
      const md = await (
        await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/md?lang=${lang}`)
      ).text();
      const quoteLine = md.split('\n').find((line) => line.includes('Troisième point'))!;
      expect(quoteLine).toContain(approximate[lang]);
    }
    const exact = await makeClip(331, 333);
    const md = await (await fetch(`${verbatim.url}/api/clips/${exact.clip.id}/export/md`)).text();
    expect(md).not.toContain('approximate');
  });

  it('the VTT captions say it in a NOTE and every caption export in a header', async () => {
    const made = await makeClip(40, 60);
    const vtt = await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/vtt`);
    expect(await vtt.text()).toMatch(/^WEBVTT[^\n]*\n\nNOTE [^\n]*approximate/);
    const srt = await fetch(`${verbatim.url}/api/clips/${made.clip.id}/export/srt`);
    expect(srt.headers.get('X-Verbatim-Quote-Estimated')).toBe('true');
    const exact = await makeClip(331, 333);
    const exactVtt = await fetch(`${verbatim.url}/api/clips/${exact.clip.id}/export/vtt`);
    expect(exactVtt.headers.get('X-Verbatim-Quote-Estimated')).toBeNull();
    expect(await exactVtt.text()).not.toContain('NOTE');
  });

  it('the link preview of its page (og:description, the card’s alt) says so too', async () => {
    const made = await makeClip(40, 60);
    const html = await (await fetch(`${verbatim.url}/clips/${made.clip.id}`)).text();
    const description = /<meta property="og:description" content="([^"]*)"/.exec(html)?.[1];
    expect(description).toMatch(
      /^“Troisième point[^”]*” \(approximate quote: this transcript has no word timings here\) — /,
    );
    expect(/<meta property="og:image:alt" content="([^"]*)"/.exec(html)?.[1]).toBe(description);
    const exact = await makeClip(331, 333);
    const exactHtml = await (await fetch(`${verbatim.url}/clips/${exact.clip.id}`)).text();
    expect(exactHtml).toContain('<meta property="og:description" content="“Merci Nadia Ferrand.” — ');
  });

  it('the pack zip’s handout and offline page mark that clip only, in English and French', async () => {
    const estimated = await makeClip(40, 60);
    const exact = await makeClip(331, 333);
    const pack = await postJson<{ pack: { id: string } }>(`${verbatim.url}/api/packs`, {
      title: 'Surveillance : le cours',
      items: [{ clipId: estimated.clip.id }, { clipId: exact.clip.id }],
    });
    for (const lang of ['en', 'fr'] as const) {
      const res = await fetch(`${verbatim.url}/api/packs/${pack.pack.id}/export.zip?lang=${lang}`);
      expect(res.status).toBe(200);
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const handout = strFromU8(files['handout.md']!);
      const [first, second] = handout.split(/^## 2\. /m);
      expect(first).toContain(approximate[lang]);
      expect(second).not.toContain(approximate[lang]);
      const page = strFromU8(files['index.html']!);
      const items = page.split('<li data-item=');
      expect(items[1]).toContain(approximate[lang]);
      expect(items[2]).not.toContain(approximate[lang]);
    }
  });
});
