// One ingest at a time per archive, across processes. Two runs writing one SQLite file at
// once (a cron run overlapping the last, the CLI while a server ingests) made the second
// fail file after file with SQLITE_BUSY, reported as "cannot read". The later run waits
// for the earlier to end, then finds its work done.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { lockHolderRuns } from '../admin/running-server-lock.ts';

export interface IngestLockHolder {
  pid: number;
  startedAt: string | null;
  /** What holds it, when it said: `an admin delete of episode …`. */
  what?: string;
}

/** `another ingest (process 41, started …)`, or what the holder said it is. */
export function describeIngestLockHolder(holder: IngestLockHolder): string {
  const since = holder.startedAt === null ? '' : `, started ${holder.startedAt}`;
  return `${holder.what ?? 'another ingest'} (process ${holder.pid}${since})`;
}

/** What a run that waits says, naming who it waits for. */
export function describeWaitForOtherIngest(holder: IngestLockHolder): string {
  const who = describeIngestLockHolder(holder);
  return `${who[0]!.toUpperCase()}${who.slice(1)} is writing this archive; waiting for it to end…`;
}

/** A lock file whose holder wrote nothing yet is taken for live this long (ms). */
const UNWRITTEN_LOCK_GRACE_MS = 10_000;
const RETRY_MS = 200;

async function readHolder(lockFile: string): Promise<IngestLockHolder | 'unwritten' | 'gone'> {
  try {
    const body = JSON.parse(await readFile(lockFile, 'utf8')) as {
      pid?: unknown;
      startedAt?: unknown;
      what?: unknown;
    };
    if (typeof body.pid !== 'number') return 'unwritten';
    return {
      pid: body.pid,
      startedAt: typeof body.startedAt === 'string' ? body.startedAt : null,
      ...(typeof body.what === 'string' ? { what: body.what } : {}),
    };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unwritten';
  }
}

/** Whether a lock file left by a holder that never wrote its pid is old enough to be dead. */
async function unwrittenLockIsStale(lockFile: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockFile)).mtimeMs > UNWRITTEN_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}

/**
 * Takes `lockFile` for this process, waiting while another live process holds it
 * (`onWait` is told once who; `what` is what those who wait for this one are told it is).
 * A lock left by a killed run is taken over. Returns the release, which also runs if the
 * process exits first.
 */
export async function takeIngestLock(
  lockFile: string,
  onWait?: (holder: IngestLockHolder) => void,
  what?: string,
): Promise<() => Promise<void>> {
  const taken = await takeIngestLockIf(lockFile, { onWait, what });
  if (typeof taken !== 'function') throw new Error('unreachable: a waiting take returns the lock');
  return taken;
}

/**
 * Takes `lockFile` now, or returns who holds it: for work that must not wait out a long
 * ingest (an admin's HTTP request). `what` is told to those who find it held.
 */
export async function tryTakeIngestLock(
  lockFile: string,
  what: string,
): Promise<(() => Promise<void>) | IngestLockHolder> {
  return takeIngestLockIf(lockFile, { what, noWait: true });
}

async function takeIngestLockIf(
  lockFile: string,
  options: { onWait?: (holder: IngestLockHolder) => void; what?: string; noWait?: boolean },
): Promise<(() => Promise<void>) | IngestLockHolder> {
  const { onWait } = options;
  let toldWaiting = false;
  for (;;) {
    const body = `${JSON.stringify({
      pid: process.pid,
      startedAt: new Date().toISOString(),
      ...(options.what === undefined ? {} : { what: options.what }),
    })}\n`;
    try {
      await writeFile(lockFile, body, { flag: 'wx' });
      const onExit = () => {
        try {
          unlinkSync(lockFile);
        } catch {
          // Already gone.
        }
      };
      process.once('exit', onExit);
      return async () => {
        process.off('exit', onExit);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(lockFile);
    if (holder === 'gone') continue;
    const stale =
      holder === 'unwritten'
        ? await unwrittenLockIsStale(lockFile)
        : holder.pid !== process.pid && !(await lockHolderRuns(holder));
    if (stale) {
      // Only if it is still the lock judged dead: another waiter may have taken it over.
      const again = await readHolder(lockFile);
      if (JSON.stringify(again) === JSON.stringify(holder)) await rm(lockFile, { force: true });
      continue;
    }
    // Not written yet (its holder is writing it this moment): looked at again shortly.
    if (options.noWait && holder !== 'unwritten') return holder;
    if (!toldWaiting && holder !== 'unwritten') {
      toldWaiting = true;
      onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
