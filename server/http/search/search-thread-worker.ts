// One search thread: a read-only connection to the archive file and the embedded backend
// on it. The backend reloads its caches when the index generation changes, so answers
// follow ingests and reindexes made by the main connection.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { VerbatimError } from '../../errors.ts';
import { createSqliteSearchBackend } from '../../search/sqlite/sqlite-search-backend.ts';
import type { SearchRequest } from '../../search/search-types.ts';

export interface SearchJob {
  id: number;
  request: SearchRequest;
}

export type SearchThreadMessage =
  | { ready: true }
  | { failed: string }
  | { id: number; response: unknown }
  | { id: number; error: { code?: string; status?: number; message: string; details?: unknown } };

const port = parentPort;
if (port) {
  const { file } = workerData as { file: string };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32768');
    const backend = createSqliteSearchBackend(db);
    port.on('message', (job: SearchJob) => {
      backend.search(job.request).then(
        (response) => port.postMessage({ id: job.id, response } satisfies SearchThreadMessage),
        (err: unknown) => {
          const error =
            err instanceof VerbatimError
              ? { code: err.code, status: err.status, message: err.message, details: err.details }
              : { message: err instanceof Error ? err.message : String(err) };
          port.postMessage({ id: job.id, error } satisfies SearchThreadMessage);
        },
      );
    });
    port.postMessage({ ready: true } satisfies SearchThreadMessage);
  } catch (err) {
    port.postMessage({
      failed: err instanceof Error ? err.message : String(err),
    } satisfies SearchThreadMessage);
  }
}
