// Runs embedded searches on worker threads, each with its own read-only SQLite connection,
// so a slow search never blocks the event loop (media, pages, other requests) and a
// second core answers searches too. Until a thread is ready, or if threads cannot start,
// searches run on the calling thread: a thread problem costs speed, never an answer.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VerbatimError, type ErrorCode } from '../../errors.ts';
import type {
  BackendHealth,
  SearchBackend,
  SearchRequest,
  SearchResponse,
} from '../../search/search-types.ts';
import type { SearchJob, SearchThreadMessage } from './search-thread-worker.ts';

export interface ThreadedSearchBackend extends SearchBackend {
  /** Threads started and ready to take searches. */
  readyThreads(): number;
  close(): Promise<void>;
}

interface Pending {
  request: SearchRequest;
  resolve: (response: SearchResponse) => void;
  reject: (err: unknown) => void;
}

interface SearchThread {
  worker: Worker;
  ready: boolean;
  alive: boolean;
  pending: Map<number, Pending>;
}

const workerUrl = new URL('./search-thread-worker.ts', import.meta.url);

/** A worker that loads the TypeScript module through tsx's ESM hooks (as the ingest pool does). */
function startWorker(file: string): Worker {
  const tsxApiCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxApiCjs), 'index.mjs')).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, execArgv: [], workerData: { file } });
}

function toError(error: { code?: string; status?: number; message: string; details?: unknown }): Error {
  if (error.code && error.status)
    return new VerbatimError(error.code as ErrorCode, error.status, error.message, error.details);
  return new Error(error.message);
}

/**
 * `inline` answers when no thread is ready (and gives health); `file` is the archive's
 * SQLite file, opened read-only by each thread.
 */
export function createThreadedSearchBackend(options: {
  file: string;
  threads: number;
  inline: SearchBackend;
}): ThreadedSearchBackend {
  const { inline } = options;
  const threads: SearchThread[] = [];
  let nextId = 0;

  const retire = (thread: SearchThread) => {
    if (!thread.alive) return;
    thread.alive = false;
    thread.ready = false;
    // Searches the thread held are answered here instead.
    for (const job of thread.pending.values()) inline.search(job.request).then(job.resolve, job.reject);
    thread.pending.clear();
  };

  for (let i = 0; i < options.threads; i++) {
    let worker: Worker;
    try {
      worker = startWorker(options.file);
    } catch {
      break;
    }
    const thread: SearchThread = { worker, ready: false, alive: true, pending: new Map() };
    worker.on('message', (message: SearchThreadMessage) => {
      if ('ready' in message) {
        thread.ready = thread.alive;
        worker.unref();
        return;
      }
      if ('failed' in message) {
        console.warn(`[verbatim] search thread unavailable, searching on the main thread: ${message.failed}`);
        retire(thread);
        void worker.terminate();
        return;
      }
      const job = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      if (thread.pending.size === 0) worker.unref();
      if (!job) return;
      if ('error' in message) job.reject(toError(message.error));
      else job.resolve(message.response as SearchResponse);
    });
    worker.on('error', () => retire(thread));
    worker.on('exit', () => retire(thread));
    worker.unref();
    threads.push(thread);
  }

  const pick = (): SearchThread | undefined => {
    let best: SearchThread | undefined;
    for (const t of threads) if (t.ready && (!best || t.pending.size < best.pending.size)) best = t;
    return best;
  };

  return {
    name: 'sqlite',
    search(request: SearchRequest): Promise<SearchResponse> {
      const thread = pick();
      if (!thread) return inline.search(request);
      const id = nextId++;
      return new Promise<SearchResponse>((resolve, reject) => {
        thread.pending.set(id, { request, resolve, reject });
        // A thread with work keeps the process alive until it answers.
        thread.worker.ref();
        thread.worker.postMessage({ id, request } satisfies SearchJob);
      });
    },
    health(): Promise<BackendHealth> {
      return inline.health();
    },
    readyThreads: () => threads.filter((t) => t.ready).length,
    async close(): Promise<void> {
      await Promise.all(
        threads.map(async (t) => {
          retire(t);
          await t.worker.terminate();
        }),
      );
    },
  };
}
