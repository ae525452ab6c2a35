// Which lock files in a data dir name a running server: a live pid that started before
// its lock was written. A pid given to another program after a kill -9 does not block a
// restore. Real processes (a `sleep` child), real files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findServerLocks, serverLockFile } from '../../server/admin/running-server-lock.ts';

let dir: string;
let child: ChildProcess;
let childStartedBy: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-lock-'));
  child = spawn('sleep', ['60'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  childStartedBy = Date.now();
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const writeLock = (pid: number, startedAt: string) =>
  writeFileSync(serverLockFile(dir, pid), JSON.stringify({ pid, port: 8080, startedAt }));

describe('server lock files', () => {
  it('counts a lock whose pid runs and started before the lock was written', async () => {
    writeLock(child.pid!, new Date(childStartedBy + 1000).toISOString());
    const { live, stale } = await findServerLocks(dir);
    expect(live.map((l) => l.pid)).toEqual([child.pid]);
    expect(stale).toEqual([]);
  });

  it('sets aside a lock whose pid now belongs to a program started long after it (pid reused)', async () => {
    // The lock of a server killed hours ago, whose pid the `sleep` got since.
    writeLock(child.pid!, new Date(childStartedBy - 3 * 3600_000).toISOString());
    const { live, stale } = await findServerLocks(dir);
    expect(live).toEqual([]);
    expect(stale.map((l) => l.pid)).toEqual([child.pid]);
  });
});
