// `npm run restore` with the server running on the same data dir: the server keeps the old
// file open and goes on answering from it (and writing clips to it), so restore must refuse.
// Real processes: the server is `server/main.ts` as `npm start` runs it, the CLIs are spawned.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedEpisode, generatedShow } from '../fixtures/admin/generated-episodes.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

let dir: string;
let dataDir: string;
let backupFile: string;
let server: ChildProcess | undefined;
let serverOutput = '';

const env = () => ({
  ...process.env,
  VERBATIM_DATA_DIR: dataDir,
  VERBATIM_TRANSCRIPTS_DIR: path.join(dir, 'transcripts'),
  VERBATIM_INGEST_ON_START: 'false',
  MEILI_URL: '',
  VERBATIM_ADMIN_TOKEN: '',
  PORT: '0',
  HOST: '127.0.0.1',
});

const runCli = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', `server/admin/${script}`, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: env(),
    timeout: 60_000,
  });

/** Starts `server/main.ts` as `npm start` does (without the web build) and waits for its port. */
async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  serverOutput = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  const until = Date.now() + 30_000;
  for (;;) {
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(serverOutput)?.[1];
    if (port) return { child, port: Number(port) };
    if (Date.now() > until || child.exitCode !== null)
      throw new Error(`the server did not start: ${serverOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopServer(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** What restore could have touched: the data dir's files and the archive file itself. */
function archiveState() {
  const archive = statSync(path.join(dataDir, 'archive.sqlite'));
  return {
    files: readdirSync(dataDir)
      .filter((f) => f.startsWith('archive.sqlite'))
      .sort(),
    inode: archive.ino,
    mtimeMs: archive.mtimeMs,
  };
}

async function episodeCount(): Promise<number> {
  const store = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  try {
    return (await store.counts()).episodes;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-restore-running-'));
  dataDir = path.join(dir, 'data');
  // The backup holds 2 episodes; the live archive gets a third after it.
  const store = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  await store.upsertShow(generatedShow);
  for (let n = 0; n < 2; n++) await store.replaceEpisode(generatedEpisode('avant', n, 5));
  await store.close();
  const backup = runCli('backup-cli.ts', [path.join(dir, 'backups')]);
  expect(backup.status, backup.stderr).toBe(0);
  backupFile = path.join(dir, 'backups', readdirSync(path.join(dir, 'backups'))[0]!);
  const later = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  await later.replaceEpisode(generatedEpisode('apres', 0, 5));
  await later.close();
}, 60_000);

afterAll(async () => {
  if (server) await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run restore while the server runs on the same data dir', () => {
  it('refuses, naming the server’s pid and port, and moves nothing', async () => {
    const started = await startServer();
    server = started.child;
    const before = archiveState();

    // Backing up stays possible while the server runs (SQLite's online backup).
    const backup = runCli('backup-cli.ts', [path.join(dir, 'backups-live')]);
    expect(backup.status, backup.stderr).toBe(0);

    const restore = runCli('restore-cli.ts', [backupFile]);
    expect(restore.status).not.toBe(0);
    const said = restore.stdout + restore.stderr;
    expect(said).toContain(`pid ${server.pid}`);
    expect(said).toContain(`port ${started.port}`);
    expect(said).toMatch(/stop the server first/i);
    expect(said).not.toMatch(/\n\s+at /);
    expect(archiveState()).toEqual(before);
    // The server still answers from the archive it has open.
    const res = await fetch(`http://127.0.0.1:${started.port}/api/episodes?limit=10`);
    expect(res.status).toBe(200);
  }, 90_000);

  it('restores once the server has stopped', async () => {
    expect(await stopServer(server!), serverOutput).toBe(0);
    server = undefined;
    expect(await episodeCount()).toBe(3);
    const restore = runCli('restore-cli.ts', [backupFile]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Restored');
    // A server stopped with SIGTERM took its lock file with it: nothing stale to mention.
    expect(restore.stdout).not.toContain('not running');
    expect(await episodeCount()).toBe(2);
  }, 60_000);

  it('is not blocked by the lock file of a server that did not stop cleanly, and says so', () => {
    // A pid that was running a moment ago and is no more.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const lock = path.join(dataDir, `verbatim-server-${deadPid}.json`);
    writeFileSync(lock, JSON.stringify({ pid: deadPid, port: 8080, startedAt: new Date().toISOString() }));
    const restore = runCli('restore-cli.ts', [backupFile]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`no server runs as pid ${deadPid} any more`);
    expect(restore.stdout).toContain('Restored');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});
