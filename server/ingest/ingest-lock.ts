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
}

/** What a run that waits says, naming who it waits for. */
export function describeWaitForOtherIngest(holder: IngestLockHolder): string {
  const since = holder.startedAt === null ? '' : `, started ${holder.startedAt}`;
  return `Another ingest (process ${holder.pid}${since}) is writing this archive; waiting for it to end…`;
}

/** A lock file whose holder wrote nothing yet is taken for live this long (ms). */
const UNWRITTEN_LOCK_GRACE_MS = 10_000;
const RETRY_MS = 200;

async function readHolder(lockFile: string): Promise<IngestLockHolder | 'unwritten' | 'gone'> {
  try {
    const body = JSON.parse(await readFile(lockFile, 'utf8')) as { pid?: unknown; startedAt?: unknown };
    if (typeof body.pid !== 'number') return 'unwritten';
    return { pid: body.pid, startedAt: typeof body.startedAt === 'string' ? body.startedAt : null };
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
 * (`onWait` is told once who). A lock left by a killed run is taken over. Returns the
 * release, which also runs if the process exits first.
 */
export async function takeIngestLock(
  lockFile: string,
  onWait?: (holder: IngestLockHolder) => void,
): Promise<() => Promise<void>> {
  let toldWaiting = false;
  for (;;) {
    const body = `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`;
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
    if (!toldWaiting && holder !== 'unwritten') {
      toldWaiting = true;
      onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
