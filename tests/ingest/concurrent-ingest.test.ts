// Two ingests of one archive at once (a cron run overlapping the last, the CLI while a
// server ingests): the later one waits for the earlier, and neither reports a file as failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedArchive } from '../fixtures/ingest/transcript-files.ts';
import { dumpArchive, startIngestCli } from './run-ingest-cli.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';

const SHOWS = 3;
const EPISODES_PER_SHOW = 100;

let dir: string;
let transcripts: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-two-ingests-'));
  transcripts = path.join(dir, 'transcripts');
  writeGeneratedArchive(transcripts, {
    shows: SHOWS,
    episodesPerShow: EPISODES_PER_SHOW,
    cuesPerEpisode: 40,
  });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two ingests of one archive at once', () => {
  it('both finish with no file failed, and the archive holds every episode once', async () => {
    const dataDir = path.join(dir, 'both');
    // Small transactions: many commits for the other run to collide with.
    const first = startIngestCli([transcripts, '--batch-cues', '400'], dataDir);
    const second = startIngestCli([transcripts, '--batch-cues', '400'], dataDir);
    const [a, b] = await Promise.all([first.exit, second.exit]);
    const outputs = [first.output(), second.output()];
    for (const output of outputs) expect(output).not.toMatch(/[1-9]\d* failed|SQLITE_BUSY|cannot read/i);
    expect([a.code, b.code]).toEqual([0, 0]);
    // One of them stored everything; the other found it done, or waited and was told why.
    expect(outputs.join('\n')).toMatch(/300 added/);
    const archive = dumpArchive(path.join(dataDir, 'archive.sqlite'));
    expect(archive.episodes).toHaveLength(SHOWS * EPISODES_PER_SHOW);
    expect(fs.existsSync(path.join(dataDir, 'archive.sqlite.ingest-lock'))).toBe(false);
  }, 120_000);

  it('waits while a live process holds the archive, says for whom, and goes on once it ends', async () => {
    const dataDir = path.join(dir, 'held');
    fs.mkdirSync(dataDir, { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const lockFile = path.join(dataDir, 'archive.sqlite.ingest-lock');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: holder.pid, startedAt: new Date().toISOString() }));
    const store = openSqliteStore({
      file: path.join(dataDir, 'archive.sqlite'),
      indexer: sqliteSearchIndexer,
    });
    try {
      const waitedFor: number[] = [];
      const storedWhileWaiting: unknown[] = [];
      const summary = await ingestFolder({
        transcriptsDir: transcripts,
        store,
        onWaitForOtherIngest: (h) => {
          waitedFor.push(h.pid);
          storedWhileWaiting.push(store.db.prepare('SELECT count(*) AS n FROM episodes').get());
          // The holder ends (killed, its lock left behind): the run takes the lock over.
          holder.kill('SIGKILL');
        },
      });
      expect(waitedFor).toEqual([holder.pid]);
      expect(storedWhileWaiting).toEqual([{ n: 0 }]);
      expect(summary.added).toBe(SHOWS * EPISODES_PER_SHOW);
      expect(fs.existsSync(lockFile)).toBe(false);
    } finally {
      holder.kill('SIGKILL');
      await store.close();
    }
  }, 120_000);
});
