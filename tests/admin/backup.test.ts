// A backup taken while another process keeps writing restores to an archive that passes
// SQLite's integrity check and answers the same searches; plus the backup/restore CLIs.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqliteArchive, restoreSqliteArchive } from '../../server/admin/sqlite-backup.ts';
import type { SearchRequest, SearchResponse } from '../../server/search/search-types.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { generatedEpisode, generatedShow, markerWord } from '../fixtures/admin/generated-episodes.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const SEED_EPISODES = 60;
const SEED_CUES = 50;
const WRITER_CUES = 30;

let dir: string;
let sourceFile: string;

/** Seed episodes the compared searches are limited to (the writer adds the same sentences). */
const seedIds = Array.from({ length: 10 }, (_, n) => `${generatedShow.id}--semence-${n * 6}`);

const request = (q: string, episodeIds?: string[]): SearchRequest => ({
  q,
  filters: episodeIds ? { episodeIds } : {},
  sort: 'relevance',
  group: 'none',
  limit: 50,
  offset: 0,
});

/** What a user sees of an answer: which moments, in which order. */
function moments(response: SearchResponse) {
  return {
    total: response.total,
    hits: response.hits.map((h) => ({ id: h.episode.id, start: h.start, snippet: h.snippet })),
  };
}

const seedQueries = [
  markerWord('semence', 5),
  markerWord('semence', 30),
  'boîtes noires opérateurs',
  'reconnaissance faciale',
];

function openStore(file: string): SqliteStore {
  return openSqliteStore({ file, indexer: sqliteSearchIndexer });
}

/** Signals the writer's process group; it may be gone already (that is the caller's check). */
function signalWriter(writer: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-writer.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Stops the writer's process group and waits until it has closed the archive. */
async function stopWriter(writer: ChildProcess, progressFile: string, output: string[]): Promise<void> {
  signalWriter(writer, 'SIGTERM');
  const until = Date.now() + 20_000;
  while (!existsSync(`${progressFile}.done`)) {
    if (Date.now() > until) throw new Error(`the writer did not stop: ${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-backup-'));
  sourceFile = path.join(dir, 'data', 'archive.sqlite');
  const store = openStore(sourceFile);
  await store.upsertShow(generatedShow);
  for (let n = 0; n < SEED_EPISODES; n++)
    await store.replaceEpisode(generatedEpisode('semence', n, SEED_CUES));
  await store.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('backup while another process writes', () => {
  let writer: ChildProcess | undefined;
  afterAll(() => {
    if (writer?.pid && writer.exitCode === null) signalWriter(writer, 'SIGKILL');
  });

  // A second process is started, written to and stopped: each wait below is bounded well under
  // this test's time limit, so a slow or dead writer fails with its own message and output.
  it('restores to an archive that passes the integrity check and answers the same searches', async () => {
    // The searches as the archive answers them before the backup begins.
    const before = openStore(sourceFile);
    const search = createSqliteSearchBackend(before.db);
    const expected = new Map<string, ReturnType<typeof moments>>();
    for (const q of seedQueries) expected.set(q, moments(await search.search(request(q, seedIds))));
    await before.close();
    expect(expected.get(markerWord('semence', 30))!.hits.map((h) => h.id)).toContain(
      `${generatedShow.id}--semence-30`,
    );
    for (const q of seedQueries) expect(expected.get(q)!.total, q).toBeGreaterThan(0);

    // A real second process writing episodes, as a running server would.
    const progressFile = path.join(dir, 'writer-progress.txt');
    writeFileSync(progressFile, '0');
    // Node itself with tsx's loader (as the HTTP bench starts its server): no npx and tsx
    // parent processes between the test's signals and the writer's handler.
    writer = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/admin/keep-writing-episodes.ts',
        sourceFile,
        progressFile,
        'ecrit',
        String(WRITER_CUES),
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so stopping it reaches the node process behind npx too.
        detached: true,
      },
    );
    const writerOutput: string[] = [];
    writer.stdout!.on('data', (chunk: Buffer) => writerOutput.push(chunk.toString()));
    writer.stderr!.on('data', (chunk: Buffer) => writerOutput.push(chunk.toString()));
    const written = () => Number(readFileSync(progressFile, 'utf8') || '0');
    const deadline = Date.now() + 30_000;
    while (written() < 3) {
      if (Date.now() > deadline || writer.exitCode !== null)
        throw new Error(`writer did not start: ${writerOutput.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const atStart = written();
    let duringCopy = 0;
    let steps = 0;
    const backup = await backupSqliteArchive(sourceFile, path.join(dir, 'backups'), {
      onProgress: () => {
        steps++;
        if (steps !== 2) return;
        // Mid-copy, wait until the other process has committed more episodes.
        const mark = written();
        const until = Date.now() + 20_000;
        while (written() < mark + 3 && Date.now() < until) sleepSync(5);
        duringCopy = written() - mark;
      },
    });
    await stopWriter(writer, progressFile, writerOutput);
    const atEnd = written();
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(duringCopy, writerOutput.join('')).toBeGreaterThanOrEqual(3);

    const restoredFile = path.join(dir, 'restored', 'archive.sqlite');
    await restoreSqliteArchive(backup.file, restoredFile);
    const restored = openStore(restoredFile);
    try {
      expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(restored.db.pragma('foreign_key_check')).toEqual([]);
      const restoredSearch = createSqliteSearchBackend(restored.db);
      for (const q of seedQueries) {
        expect(moments(await restoredSearch.search(request(q, seedIds))), q).toEqual(expected.get(q));
      }
      // The copy is one point in time: whole episodes only, a prefix of what was written.
      const writerIds = (
        await restored.listEpisodes({ showId: generatedShow.id, limit: 10_000, offset: 0 })
      ).items
        .map((e) => e.id)
        .filter((id) => id.includes('--ecrit-'));
      const numbers = writerIds.map((id) => Number(id.split('-').pop())).sort((a, b) => a - b);
      expect(numbers.length).toBeGreaterThanOrEqual(atStart);
      expect(numbers.length).toBeLessThanOrEqual(atEnd);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      for (const n of [numbers[0]!, numbers[numbers.length - 1]!]) {
        const id = `${generatedShow.id}--ecrit-${n}`;
        expect(await restored.getCues(id)).toHaveLength(WRITER_CUES);
        const found = await restoredSearch.search(request('stades', [id]));
        expect(found.hits.length).toBeGreaterThan(0);
      }
      expect((await restored.counts()).episodes).toBe(SEED_EPISODES + numbers.length);
    } finally {
      await restored.close();
    }
  }, 120_000);
});

describe('npm run backup / restore', () => {
  const runCli = (script: string, args: string[], dataDir: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', `server/admin/${script}`, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, VERBATIM_DATA_DIR: dataDir, MEILI_URL: '', VERBATIM_ADMIN_TOKEN: '' },
      timeout: 60_000,
    });

  it('backs up the archive of VERBATIM_DATA_DIR and restores it into another', async () => {
    const backupsDir = path.join(dir, 'cli-backups');
    const backup = runCli('backup-cli.ts', [backupsDir], path.dirname(sourceFile));
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backup written: .*archive-.*\.sqlite .*integrity ok/);
    const files = readdirSync(backupsDir).filter((f) => f.endsWith('.sqlite'));
    expect(files).toHaveLength(1);

    const targetData = path.join(dir, 'cli-restored');
    const restore = runCli('restore-cli.ts', [path.join(backupsDir, files[0]!)], targetData);
    expect(restore.status, restore.stderr).toBe(0);
    // A second restore over it keeps the archive it replaces (its clips may exist nowhere else).
    const again = runCli('restore-cli.ts', [path.join(backupsDir, files[0]!)], targetData);
    expect(again.status, again.stderr).toBe(0);
    const aside = readdirSync(targetData).filter((f) => f.startsWith('archive.sqlite.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(again.stdout).toContain(aside[0]);
    const keptStore = openStore(path.join(targetData, aside[0]!));
    try {
      expect((await keptStore.counts()).episodes).toBeGreaterThan(0);
    } finally {
      await keptStore.close();
    }
    const source = openStore(sourceFile);
    const target = openStore(path.join(targetData, 'archive.sqlite'));
    try {
      expect(await target.counts()).toEqual(await source.counts());
      const q = request(markerWord('semence', 5));
      expect(moments(await createSqliteSearchBackend(target.db).search(q))).toEqual(
        moments(await createSqliteSearchBackend(source.db).search(q)),
      );
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('writes one self-contained file: no empty -shm/-wal beside it, and it opens with the data', async () => {
    const backupsDir = path.join(dir, 'cli-backups-alone');
    const backup = runCli('backup-cli.ts', [backupsDir], path.dirname(sourceFile));
    expect(backup.status, backup.stderr).toBe(0);
    const files = readdirSync(backupsDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^archive-.*\.sqlite$/);
    const copy = openStore(path.join(backupsDir, files[0]!));
    const source = openStore(sourceFile);
    try {
      expect(await copy.counts()).toEqual(await source.counts());
    } finally {
      await copy.close();
      await source.close();
    }
  });

  it.each([
    [
      'text',
      (file: string) => writeFileSync(file, 'ceci n’est pas une base SQLite'),
      /not a readable SQLite/,
    ],
    // Both pass SQLite's integrity check: restoring them wiped the archive.
    [
      'an empty file',
      (file: string) => writeFileSync(file, ''),
      /not a Verbatim archive \(the file is empty\)/,
    ],
    [
      'another SQLite database',
      (file: string) => {
        const other = new Database(file);
        other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
        other.close();
      },
      /not a Verbatim archive \(no schema_migrations table\)/,
    ],
  ])('refuses to restore %s, leaving the current archive intact', async (_what, write, message) => {
    const targetData = path.join(dir, 'cli-restored');
    const bogus = path.join(dir, 'not-a-backup.sqlite');
    rmSync(bogus, { force: true });
    write(bogus);
    const restore = runCli('restore-cli.ts', [bogus], targetData);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain('not-a-backup.sqlite');
    expect(restore.stderr).toMatch(message);
    const target = openStore(path.join(targetData, 'archive.sqlite'));
    try {
      expect((await target.counts()).episodes).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  });

  it('prints its usage without a directory, and for --help (no folder named --help)', () => {
    const res = runCli('backup-cli.ts', [], path.dirname(sourceFile));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain('usage: npm run backup');
    expect(existsSync(path.join(repoRoot, 'undefined'))).toBe(false);
    const help = runCli('backup-cli.ts', ['--help'], path.dirname(sourceFile));
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run backup');
    expect(existsSync(path.join(repoRoot, '--help'))).toBe(false);
  });

  it('writes the backup to the file named when given a name ending in .sqlite, never a folder of that name', () => {
    const named = path.join(dir, 'sauvegardes', 'avant-migration.sqlite');
    const res = runCli('backup-cli.ts', [named], path.dirname(sourceFile));
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Backup written: ${named} `);
    expect(readFileSync(named).subarray(0, 15).toString()).toBe('SQLite format 3');
    // Never over an existing file.
    const again = runCli('backup-cli.ts', [named], path.dirname(sourceFile));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${named} already exists`);
  });

  it('restore names what is wrong with the path: missing, or a folder (naming the newest backup in it)', () => {
    const backupsDir = path.join(dir, 'restore-paths');
    expect(runCli('backup-cli.ts', [backupsDir], path.dirname(sourceFile)).status).toBe(0);
    const written = readdirSync(backupsDir)[0]!;
    const targetData = path.join(dir, 'restore-paths-target');

    const missing = runCli('restore-cli.ts', [path.join(dir, 'absente.sqlite')], targetData);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      `${path.join(dir, 'absente.sqlite')}: no such file; expected a backup file`,
    );
    const folder = runCli('restore-cli.ts', [backupsDir], targetData);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain(
      `${backupsDir} is a folder, not a backup file: the newest backup in it is ${path.join(backupsDir, written)}`,
    );
    expect(existsSync(path.join(targetData, 'archive.sqlite'))).toBe(false);
  });

  it('says so when the destination is a file, without a stack trace', () => {
    const file = path.join(dir, 'un-fichier');
    writeFileSync(file, 'déjà là');
    const res = runCli('backup-cli.ts', [file], path.dirname(sourceFile));
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${file} is a file, not a directory`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
