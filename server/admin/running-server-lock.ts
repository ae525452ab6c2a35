// A running server leaves `verbatim-server-<pid>.json` in its data dir (pid, port, start time)
// so that a restore can see it: the server keeps archive.sqlite open, and a file moved under
// it would go on being read and written (clips included) while the restored one sits unseen.
// One file per process, so two servers on one dir never remove each other's.
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import path from 'node:path';

const LOCK_NAME = /^verbatim-server-(\d+)\.json$/;

export interface ServerLockInfo {
  pid: number;
  /** Null until the server listens (it holds the archive from before ingest). */
  port: number | null;
  startedAt: string | null;
  file: string;
}

export interface ServerLock {
  file: string;
  /** Records the port once the server listens. */
  setPort(port: number): Promise<void>;
  /** Removes the file (graceful shutdown). */
  remove(): Promise<void>;
}

export function serverLockFile(dataDir: string, pid = process.pid): string {
  return path.join(dataDir, `verbatim-server-${pid}.json`);
}

/** Writes this process's lock file in `dataDir`; the data dir must exist. */
export async function writeServerLock(dataDir: string): Promise<ServerLock> {
  const file = serverLockFile(dataDir);
  const startedAt = new Date().toISOString();
  const write = async (port: number | null) => {
    // Written aside then renamed: a reader never sees half a file.
    const temp = `${file}.tmp`;
    await writeFile(temp, `${JSON.stringify({ pid: process.pid, port, startedAt })}\n`);
    await rename(temp, file);
  };
  await write(null);
  // A process that exits without close() (process.exit after an error) still removes it;
  // only a kill -9 or a crash of the machine leaves it, and restore sees its pid is dead.
  const onExit = () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  return {
    file,
    setPort: (port) => write(port),
    async remove() {
      process.off('exit', onExit);
      await rm(file, { force: true });
    },
  };
}

/** True when a process with this pid exists (EPERM: it does, under another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux everywhere). */
const PROC_TICKS_PER_SECOND = 100;
/**
 * Leeway between a process's start and the time its lock file records: wide, as the clock
 * may have been set since (a program given a dead server's pid starts long after it anyway).
 */
const START_LEEWAY_MS = 5 * 60_000;

/**
 * When the process `pid` started (ms since the epoch), from Linux's /proc; null where there
 * is no /proc to ask.
 */
async function processStartMs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces): the 20th is the start.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = /^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'));
    if (!bootLine || !Number.isFinite(ticks)) return null;
    return Number(bootLine[1]) * 1000 + (ticks / PROC_TICKS_PER_SECOND) * 1000;
  } catch {
    return null;
  }
}

/**
 * Whether the lock's server still runs: its pid is alive and, where the system tells, that
 * process started before the lock was written. After a kill -9 the pid may be given to
 * another program (containers reuse low pids soon), which must not block a restore.
 */
export async function lockHolderRuns(info: Pick<ServerLockInfo, 'pid' | 'startedAt'>): Promise<boolean> {
  if (!processIsAlive(info.pid)) return false;
  const written = info.startedAt === null ? Number.NaN : Date.parse(info.startedAt);
  if (Number.isNaN(written)) return true;
  const started = await processStartMs(info.pid);
  return started === null || started <= written + START_LEEWAY_MS;
}

/** The servers that wrote a lock in `dataDir`: `live` ones still run, `stale` ones do not. */
export async function findServerLocks(
  dataDir: string,
): Promise<{ live: ServerLockInfo[]; stale: ServerLockInfo[] }> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const live: ServerLockInfo[] = [];
  const stale: ServerLockInfo[] = [];
  for (const name of names) {
    const match = LOCK_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dataDir, name);
    // The pid comes from the name, so a damaged file still counts.
    const info: ServerLockInfo = { pid: Number(match[1]), port: null, startedAt: null, file };
    try {
      const body = JSON.parse(await readFile(file, 'utf8')) as { port?: unknown; startedAt?: unknown };
      if (typeof body.port === 'number') info.port = body.port;
      if (typeof body.startedAt === 'string') info.startedAt = body.startedAt;
    } catch {
      // Unreadable or removed meanwhile: the pid is enough.
    }
    ((await lockHolderRuns(info)) ? live : stale).push(info);
  }
  return { live, stale };
}
