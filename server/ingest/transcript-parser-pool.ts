// Parses transcripts on worker threads so parsing (CPU) overlaps with SQLite writes on the
// ingest thread. Workers start once the ingest proves large and join once loaded; until then, when
// they are all busy, with 0 threads, or if one fails, parsing runs inline on the calling
// thread: a thread problem costs speed, never a file.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseTranscriptFile, type ParseOutcome } from './parse-transcript-file.ts';
import type { ParseJob } from './parse-worker.ts';

export interface TranscriptParserPool {
  readonly threads: number;
  /** Starts the workers now and resolves with how many are loaded and ready. */
  warmUp(): Promise<number>;
  parse(fileName: string, content: Buffer): Promise<ParseOutcome>;
  close(): Promise<void>;
}

/** Jobs queued per worker; beyond this the caller parses inline rather than wait. */
export const WORKER_QUEUE_LENGTH = 8;

interface PendingJob {
  fileName: string;
  content: Buffer;
  resolve: (outcome: ParseOutcome) => void;
}

interface ParseWorker {
  worker: Worker;
  pending: Map<number, PendingJob>;
  ready: boolean;
  alive: boolean;
  /** Resolves true once loaded, false if the worker died first. */
  loaded: Promise<boolean>;
}

type WorkerMessage = { ready: true } | { id: number; outcome: ParseOutcome };

const workerUrl = new URL('./parse-worker.ts', import.meta.url);

/** Starts a worker that loads the TypeScript worker module through tsx's ESM hooks. */
function startWorker(): Worker {
  const tsxApiCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxApiCjs), 'index.mjs')).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  // No inherited execArgv: tsx's CLI flags do not carry into workers; the bootstrap does.
  return new Worker(bootstrap, { eval: true, execArgv: [] });
}

function spawnParseWorker(): ParseWorker | null {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch {
    return null;
  }
  let settleLoaded: (ok: boolean) => void = () => {};
  const loaded = new Promise<boolean>((resolve) => (settleLoaded = resolve));
  const entry: ParseWorker = { worker, pending: new Map(), ready: false, alive: true, loaded };
  worker.on('message', (message: WorkerMessage) => {
    if ('ready' in message) {
      entry.ready = true;
      settleLoaded(true);
      return;
    }
    const job = entry.pending.get(message.id);
    entry.pending.delete(message.id);
    if (entry.pending.size === 0) entry.worker.unref();
    job?.resolve(message.outcome);
  });
  const failOver = () => {
    if (!entry.alive) return;
    entry.alive = false;
    settleLoaded(false);
    // The jobs this worker held are parsed here instead.
    for (const job of entry.pending.values()) job.resolve(parseTranscriptFile(job.fileName, job.content));
    entry.pending.clear();
  };
  worker.on('error', failOver);
  worker.on('exit', failOver);
  // An idle worker must not keep the process alive; a busy one must (see parse()).
  worker.unref();
  return entry;
}

/**
 * Starting a worker costs about a second of CPU (loading the parsers through tsx), which
 * only pays off on a large ingest: workers start once this many bytes were asked for.
 */
export const START_WORKERS_AFTER_BYTES = 8 * 1024 * 1024;

export function createTranscriptParserPool(
  threads: number,
  startAfterBytes = START_WORKERS_AFTER_BYTES,
): TranscriptParserPool {
  const workers: ParseWorker[] = [];
  let started = false;
  let bytesSeen = 0;
  let nextId = 1;
  const start = () => {
    if (started) return;
    started = true;
    for (let i = 0; i < threads; i++) {
      const entry = spawnParseWorker();
      if (entry) workers.push(entry);
    }
  };

  return {
    threads,
    async warmUp() {
      start();
      const loaded = await Promise.all(workers.map((w) => w.loaded));
      return loaded.filter(Boolean).length;
    },
    parse(fileName, content) {
      bytesSeen += content.byteLength;
      if (bytesSeen >= startAfterBytes) start();
      let target: ParseWorker | null = null;
      for (const w of workers) {
        if (w.alive && w.ready && w.pending.size < WORKER_QUEUE_LENGTH) {
          if (!target || w.pending.size < target.pending.size) target = w;
        }
      }
      if (!target) return Promise.resolve(parseTranscriptFile(fileName, content));
      const chosen = target;
      const id = nextId++;
      return new Promise<ParseOutcome>((resolve) => {
        if (chosen.pending.size === 0) chosen.worker.ref();
        chosen.pending.set(id, { fileName, content, resolve });
        const job: ParseJob = { id, fileName, content };
        chosen.worker.postMessage(job);
      });
    },
    async close() {
      await Promise.all(
        workers.map(async (w) => {
          w.alive = false;
          await w.worker.terminate();
        }),
      );
    },
  };
}
