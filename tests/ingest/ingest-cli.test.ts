import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCues, toSrt, toVtt, writeFile } from '../fixtures/ingest/transcript-files.ts';
import { dumpArchive, runIngestCli, startIngestCli } from './run-ingest-cli.ts';

let dir: string;
let transcripts: string;
let dataDir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-cli-'));
  transcripts = path.join(dir, 'transcripts');
  dataDir = path.join(dir, 'data');
  writeFile(transcripts, 'libertes/show.json', JSON.stringify({ title: 'Libertés', language: 'fr' }));
  writeFile(transcripts, 'libertes/recours-lycees.vtt', toVtt(makeCues(5, 1)));
  writeFile(transcripts, 'libertes/cameras.srt', toSrt(makeCues(4, 2)));
  writeFile(transcripts, 'libertes/casse.vtt', 'Pas de WEBVTT ici\n\n00:01.000 --> 00:02.000\nTexte\n');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run ingest', () => {
  it('stores the good files, prints progress lines and a summary naming the broken file and line', async () => {
    const { code, output } = await runIngestCli([transcripts], dataDir);
    expect(code).toBe(0);
    expect(output).toContain('ingest: 3/3 files');
    expect(output).toMatch(/2 added, 0 updated, 0 unchanged, 0 removed, 1 failed/);
    expect(output).toMatch(/libertes\/casse\.vtt:1 {2}\S/);
    const archive = dumpArchive(path.join(dataDir, 'archive.sqlite'));
    expect(archive.episodes).toHaveLength(2);
    expect(archive.cues).toHaveLength(9);
    expect(archive.searchEpisodes).toHaveLength(2);

    const again = await runIngestCli([transcripts], dataDir);
    expect(again.output).toMatch(/0 added, 0 updated, 2 unchanged, 0 removed, 1 failed/);
  }, 120_000);

  it('exits non-zero with --strict when a file fails, zero when none does', async () => {
    const strict = await runIngestCli([transcripts, '--strict'], dataDir);
    expect(strict.code).toBe(1);
    expect(strict.output).toMatch(/libertes\/casse\.vtt:1/);
    // Good files are stored even in strict mode.
    expect(dumpArchive(path.join(dataDir, 'archive.sqlite')).episodes).toHaveLength(2);

    fs.rmSync(path.join(transcripts, 'libertes/casse.vtt'));
    const clean = await runIngestCli([transcripts, '--strict'], dataDir);
    expect(clean.code).toBe(0);
    expect(clean.output).toMatch(/0 added, 0 updated, 2 unchanged, 0 removed, 0 failed/);
  }, 120_000);

  it('explains a missing folder and bad arguments', async () => {
    const missing = await runIngestCli([path.join(dir, 'absent')], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/Transcripts folder not found/);
    const bad = await runIngestCli([transcripts, '--batch-cues', 'beaucoup'], dataDir);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/--batch-cues: expected a positive whole number/);
    const unknown = await runIngestCli([transcripts, '--bogus'], dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown option '--bogus'[\s\S]*--help/);
    expect(unknown.output).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("refuses another folder that holds none of the archive's shows, unless told --replace", async () => {
    await runIngestCli([transcripts], dataDir);
    const other = path.join(dir, 'ailleurs');
    writeFile(other, 'autre-emission/episode.vtt', toVtt(makeCues(3, 7)));
    const refused = await runIngestCli([other], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/holds none of the archive's show folders \(libertes\)[\s\S]*--replace/);
    expect(dumpArchive(path.join(dataDir, 'archive.sqlite')).episodes).toHaveLength(2);
    const replaced = await runIngestCli([other, '--replace'], dataDir);
    expect(replaced.code).toBe(0);
    expect(replaced.output).toMatch(/1 added, 0 updated, 0 unchanged, 2 removed/);
  }, 120_000);
});

describe('npm run ingest -- --watch', () => {
  it('prints a file renamed while watching, as it prints one added or removed', async () => {
    // A folder without failures: a run that fails a file is printed whatever else it did.
    fs.rmSync(path.join(transcripts, 'libertes/casse.vtt'));
    const run = startIngestCli([transcripts, '--watch'], dataDir);
    try {
      await vi.waitFor(() => expect(run.output()).toMatch(/Watching /), { timeout: 60_000, interval: 100 });
      fs.renameSync(
        path.join(transcripts, 'libertes/cameras.srt'),
        path.join(transcripts, 'libertes/cameras-pieton.srt'),
      );
      await vi.waitFor(() => expect(run.output()).toMatch(/1 renamed or moved \(clips and links follow\)/), {
        timeout: 30_000,
        interval: 100,
      });
    } finally {
      run.killAll();
      await run.exit;
    }
    const episodes = dumpArchive(path.join(dataDir, 'archive.sqlite')).episodes as Array<{ id: string }>;
    expect(episodes.map((e) => e.id).sort()).toEqual([
      'libertes--cameras-pieton',
      'libertes--recours-lycees',
    ]);
  }, 120_000);
});
