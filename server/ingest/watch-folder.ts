// Watch mode: re-ingests the transcripts folder shortly after anything in it changes.
// Changes are debounced (an editor saving, a copy of many files) and ingests never overlap:
// a change during an ingest schedules exactly one more run after it.
import { watch } from 'chokidar';
import { ingestFolder, type IngestFolderOptions, type IngestSummary } from './ingest-folder.ts';

export interface WatchFolderOptions extends Omit<IngestFolderOptions, 'strict'> {
  /** Quiet time after the last change before ingesting (default 300 ms). */
  debounceMs?: number;
  /**
   * A file is read only once its size has stayed the same this long (default 1 s): a copy
   * from a slow share or a USB disk stalls now and then, and half a transcript would be stored
   * (and shown) meanwhile. 100 ms stored half of a copy that paused for 0.4 s.
   */
  writeFinishMs?: number;
  onIngest?: (summary: IngestSummary) => void;
  /** An ingest that throws (e.g. the folder vanished); watching goes on. */
  onError?: (error: unknown) => void;
  /**
   * After an ingest that throws (Meilisearch restarting, the archive busy), it runs again
   * after this long, then twice as long each time, up to a minute, until one goes through
   * (default 5 s): a file dropped in meanwhile is not left out until the next change.
   */
  retryMs?: number;
  /** Runs each ingest, e.g. under the archive's write lock (default: as is). */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface FolderWatcher {
  /**
   * Resolves once the initial scan of the folder is complete, changes are being seen, and
   * the folder as it was then has been ingested.
   */
  ready: Promise<void>;
  /** Stops watching and waits for a running ingest to finish. */
  close(): Promise<void>;
}

const MAX_RETRY_MS = 60_000;

export function watchFolder(options: WatchFolderOptions): FolderWatcher {
  const {
    debounceMs = 300,
    writeFinishMs = 1_000,
    retryMs = 5_000,
    onIngest,
    onError,
    exclusive,
    ...ingestOptions
  } = options;
  const runIngest = () =>
    exclusive ? exclusive(() => ingestFolder(ingestOptions)) : ingestFolder(ingestOptions);
  const watcher = watch(options.transcriptsDir, {
    ignoreInitial: true,
    // Hidden files (editor swap files, the feed importer's temporaries) are not transcripts.
    ignored: (file) => /(^|[\\/])\.[^\\/]+$/.test(file),
    awaitWriteFinish: { stabilityThreshold: writeFinishMs, pollInterval: 50 },
  });
  let timer: NodeJS.Timeout | undefined;
  let nextRetryMs = retryMs;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const run = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = runIngest()
      .then((summary) => {
        nextRetryMs = retryMs;
        onIngest?.(summary);
      })
      .catch((error: unknown) => {
        onError?.(error);
        // A change seen since then runs sooner (schedule replaces this timer).
        if (!closed && !again) {
          timer = setTimeout(run, nextRetryMs);
          nextRetryMs = Math.min(nextRetryMs * 2, MAX_RETRY_MS);
        }
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  watcher.on('all', schedule);
  watcher.on('error', (error) => onError?.(error));

  // A file that arrived after the caller's own ingest read the folder, but before the watch's
  // first scan, is no change to the watch (it was there from the start): one ingest once
  // ready brings it in, without waiting for some other change. Ready once that is done.
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      if (timer) clearTimeout(timer);
      run();
      void (running ?? Promise.resolve()).then(resolve);
    }),
  );
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
