// Every write to an archive (upload, delete, reindex, ingest from the admin routes) runs
// through one small async mutex per store, so two requests never ingest or rebuild at once
// (a rebuild would lose episodes written while it builds aside).
import type { ArchiveStore } from '../store/archive-store.ts';

export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** Runs `work` once every earlier holder has finished; errors reach the caller only. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held++;
    return previous.then(work).finally(() => {
      this.held--;
      release();
    });
  }

  /** Holders running or waiting. */
  get pending(): number {
    return this.held;
  }
}

const locks = new WeakMap<ArchiveStore, AsyncMutex>();

export function archiveWriteLock(store: ArchiveStore): AsyncMutex {
  let lock = locks.get(store);
  if (!lock) {
    lock = new AsyncMutex();
    locks.set(store, lock);
  }
  return lock;
}

export function withArchiveWriteLock<T>(store: ArchiveStore, work: () => Promise<T>): Promise<T> {
  return archiveWriteLock(store).run(work);
}
