// Kills a real ingest process with SIGKILL while it writes, then checks the archive file is
// sound and consistent, and that the next run completes it to exactly what a clean run gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedArchive } from '../fixtures/ingest/transcript-files.ts';
import { dumpArchive, runIngestCli, startIngestCli } from './run-ingest-cli.ts';

const SHOWS = 3;
const EPISODES_PER_SHOW = 100;

let dir: string;
let transcripts: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-crash-'));
  transcripts = path.join(dir, 'transcripts');
  writeGeneratedArchive(transcripts, {
    shows: SHOWS,
    episodesPerShow: EPISODES_PER_SHOW,
    cuesPerEpisode: 120,
  });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function storedEpisodeCount(file: string): number {
  if (!fs.existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM episodes').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // schema not created yet
  }
}

describe('ingest killed with SIGKILL', () => {
  it('leaves a consistent archive, and the next run completes it', async () => {
    const total = SHOWS * EPISODES_PER_SHOW;
    const killedDir = path.join(dir, 'killed');
    const archive = path.join(killedDir, 'archive.sqlite');

    // Small transactions, so there are many commits to land between.
    const run = startIngestCli([transcripts, '--batch-cues', '600'], killedDir);
    let stored = 0;
    while (stored === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stored = storedEpisodeCount(archive);
      if (run.child.exitCode !== null) break;
    }
    run.killAll();
    const { signal } = await run.exit;
    expect(signal).toBe('SIGKILL');
    // No process of the group survives to keep writing.
    const before = fs.statSync(`${archive}-wal`).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.statSync(`${archive}-wal`).mtimeMs).toBe(before);

    const db = new Database(archive);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const episodes = db.prepare('SELECT id, cue_count FROM episodes').all() as {
        id: string;
        cue_count: number;
      }[];
      // Killed mid-way: some episodes written, not all.
      expect(episodes.length).toBeGreaterThan(0);
      expect(episodes.length).toBeLessThan(total);
      const cueCounts = new Map(
        (
          db.prepare('SELECT episode_id, count(*) AS n FROM cues GROUP BY episode_id').all() as {
            episode_id: string;
            n: number;
          }[]
        ).map((r) => [r.episode_id, r.n]),
      );
      for (const e of episodes) expect(cueCounts.get(e.id)).toBe(e.cue_count);
      expect(cueCounts.size).toBe(episodes.length);
      // The search index holds exactly the stored episodes.
      const indexed = (
        db.prepare('SELECT episode_id FROM search_episode ORDER BY episode_id').all() as {
          episode_id: string;
        }[]
      ).map((r) => r.episode_id);
      expect(indexed).toEqual(episodes.map((e) => e.id).sort());
    } finally {
      db.close();
    }

    const rerun = await runIngestCli([transcripts], killedDir);
    expect(rerun.code).toBe(0);
    expect(rerun.output).toMatch(/\d+ added, 0 updated, \d+ unchanged, 0 removed, 0 failed/);

    const cleanDir = path.join(dir, 'clean');
    const clean = await runIngestCli([transcripts], cleanDir);
    expect(clean.code).toBe(0);
    expect(clean.output).toContain(`${total} added`);

    const completed = dumpArchive(archive);
    expect(completed.episodes).toHaveLength(total);
    expect(completed).toEqual(dumpArchive(path.join(cleanDir, 'archive.sqlite')));
  }, 300_000);
});
