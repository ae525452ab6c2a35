// The one place that talks to the Meilisearch client: connection, task waiting and the
// mapping of client errors to the archive's error hierarchy, so callers never see a raw
// fetch failure and an unreachable server always names MEILI_URL.
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Task,
} from 'meilisearch';
import { BackendUnavailableError, VerbatimError } from '../../errors.ts';

export interface MeiliConnection {
  /** Base URL of the server (MEILI_URL). */
  url: string;
  /** Master key or an API key with the needed actions (MEILI_MASTER_KEY). */
  apiKey: string | undefined;
  /** Prefix of every index name (VERBATIM_MEILI_INDEX_PREFIX). */
  indexPrefix: string;
  /** Per-request timeout in ms. */
  requestTimeoutMs?: number;
  /** How long to wait for one task (document batch, settings, swap) to finish, in ms. */
  taskTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_TASK_TIMEOUT_MS = 120_000;

export function createMeiliClient(connection: MeiliConnection): Meilisearch {
  return new Meilisearch({
    host: connection.url,
    apiKey: connection.apiKey,
    timeout: connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    clientAgents: ['verbatim'],
    defaultWaitOptions: { timeout: connection.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS, interval: 25 },
  });
}

/** Index names used by one archive: `<prefix>_shows`, `<prefix>_passages`, … */
export interface MeiliIndexNames {
  shows: string;
  episodes: string;
  cues: string;
  passages: string;
  /** Where a reindex builds the next passages index before swapping it in. */
  passagesNext: string;
  clips: string;
  packs: string;
  /** Old ids of episodes whose files were renamed or moved, each with the id it leads to. */
  redirects: string;
}

export function meiliIndexNames(prefix: string): MeiliIndexNames {
  const p = prefix === '' ? 'verbatim' : prefix;
  return {
    shows: `${p}_shows`,
    episodes: `${p}_episodes`,
    cues: `${p}_cues`,
    passages: `${p}_passages`,
    passagesNext: `${p}_passages_next`,
    clips: `${p}_clips`,
    packs: `${p}_packs`,
    redirects: `${p}_redirects`,
  };
}

/** Every index uid of an archive (for cleanup and listings). */
export function allIndexUids(names: MeiliIndexNames): string[] {
  return [
    names.shows,
    names.episodes,
    names.cues,
    names.passages,
    names.passagesNext,
    names.clips,
    names.packs,
    names.redirects,
  ];
}

/** Every index stores its documents under this primary key. */
export const MEILI_PRIMARY_KEY = 'docId';

/**
 * Meilisearch document ids allow only `[A-Za-z0-9_-]` (≤ 511 bytes). Our ids are
 * URL-safe but may hold dots or other characters, so ids are base64url-encoded: always
 * valid, unique and reversible.
 */
export function meiliDocumentId(...parts: string[]): string {
  return Buffer.from(parts.join('\u0000'), 'utf8').toString('base64url');
}

/** Turns any error thrown by the client into a VerbatimError with a message a person can act on. */
export function toVerbatimError(
  error: unknown,
  connection: Pick<MeiliConnection, 'url'>,
  doing: string,
): Error {
  if (error instanceof VerbatimError) return error;
  const where = `Meilisearch at ${connection.url} (MEILI_URL)`;
  if (error instanceof MeilisearchRequestError) {
    if (error.cause instanceof MeilisearchRequestTimeOutError) {
      return new BackendUnavailableError(
        'meilisearch',
        `${where} did not answer within ${error.cause.cause.timeout} ms while ${doing}`,
        {
          cause: error,
        },
      );
    }
    return new BackendUnavailableError(
      'meilisearch',
      `cannot reach ${where} while ${doing}: ${describeNetworkCause(error.cause)}. Check that the server runs and that MEILI_URL is right.`,
      { cause: error },
    );
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new BackendUnavailableError(
      'meilisearch',
      `${where} did not finish task ${error.cause.taskUid} within ${error.cause.timeout} ms while ${doing}`,
      { cause: error },
    );
  }
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    const code = error.cause?.code ?? '';
    if (
      status === 401 ||
      status === 403 ||
      code === 'invalid_api_key' ||
      code === 'missing_authorization_header'
    ) {
      return new BackendUnavailableError(
        'meilisearch',
        `${where} refused the API key while ${doing} (${code || status}): set MEILI_MASTER_KEY to the master key or to an API key allowed on these indexes`,
        { cause: error },
      );
    }
    if (SETTINGS_REFUSALS.has(code)) {
      // Filters and sorts are ours, never the caller's: refused, they name an attribute the
      // index no longer allows, so its settings were changed since Verbatim applied them.
      const index = /\/indexes\/([^/]+)\//.exec(error.response.url)?.[1];
      return new BackendUnavailableError(
        'meilisearch',
        `${where} refused ${doing} (${code}): ${error.message} ${settingsHint(index)}`,
        { cause: error },
      );
    }
    if (status >= 500) {
      return new BackendUnavailableError(
        'meilisearch',
        `${where} failed while ${doing} (${status}): ${error.message}`,
        {
          cause: error,
        },
      );
    }
    return new VerbatimError(
      'internal',
      500,
      `Meilisearch error while ${doing} (${code || status}): ${error.message}`,
      { code },
      { cause: error },
    );
  }
  if (error instanceof MeilisearchError) {
    return new BackendUnavailableError('meilisearch', `${where} failed while ${doing}: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    // A proxy or something that is not Meilisearch answered with non-JSON.
    return new BackendUnavailableError(
      'meilisearch',
      `${where} answered with something that is not Meilisearch JSON while ${doing}`,
      {
        cause: error,
      },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function describeNetworkCause(cause: unknown): string {
  // Node's fetch wraps the socket error (ECONNREFUSED, ENOTFOUND …) in `cause`.
  let current: unknown = cause;
  let deepest = cause instanceof Error ? cause.message : 'network error';
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
    // A kept-alive connection the server closed (it stopped or restarted) as it was reused.
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
    if (typeof code === 'string') return code;
    deepest = current.message;
    current = current.cause;
  }
  // e.g. fetch's "bad port" under its generic "fetch failed".
  return deepest;
}

/** Runs one client call and maps its errors. */
export async function meiliCall<T>(
  connection: Pick<MeiliConnection, 'url'>,
  doing: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toVerbatimError(error, connection, doing);
  }
}

/** Enqueues a task, waits for it, and fails when Meilisearch reports the task failed. */
export async function runTask(
  connection: Pick<MeiliConnection, 'url'>,
  doing: string,
  enqueue: () => EnqueuedTaskPromise,
): Promise<Task> {
  const task = await meiliCall(connection, doing, () => enqueue().waitTask());
  return checkTask(task, doing);
}

/** Waits for several enqueued tasks (e.g. document batches) and checks each one. */
export async function runTasks(
  connection: Pick<MeiliConnection, 'url'>,
  doing: string,
  enqueued: EnqueuedTaskPromise[],
): Promise<Task[]> {
  const tasks = await meiliCall(connection, doing, () => Promise.all(enqueued.map((p) => p.waitTask())));
  return tasks.map((t) => checkTask(t, doing));
}

/** Error codes of a filter or sort the index's settings do not allow (see toVerbatimError). */
const SETTINGS_REFUSALS = new Set([
  'invalid_search_filter',
  'invalid_search_sort',
  'invalid_document_filter',
  'invalid_document_sort',
]);

function settingsHint(index: string | null | undefined): string {
  const which = index ? `the settings of ${decodeURIComponent(index)}` : 'its index settings';
  return `Someone changed ${which} since Verbatim applied them: restart Verbatim to put them back.`;
}

export function checkTask(task: Task, doing: string): Task {
  if (task.status === 'succeeded') return task;
  const code = task.error?.code ?? '';
  if (SETTINGS_REFUSALS.has(code)) {
    throw new BackendUnavailableError(
      'meilisearch',
      `task ${task.uid} failed while ${doing} (${code}): ${task.error?.message} ${settingsHint(task.indexUid)}`,
    );
  }
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : `task ended as ${task.status}`;
  throw new VerbatimError('internal', 500, `Meilisearch task ${task.uid} failed while ${doing}: ${reason}`, {
    taskUid: task.uid,
    code: task.error?.code,
  });
}

/** True when the error is Meilisearch saying the document or index does not exist. */
export function isMeiliNotFound(error: unknown): boolean {
  const cause = error instanceof VerbatimError ? (error.cause ?? error) : error;
  if (!(cause instanceof MeilisearchApiError)) return false;
  const code = cause.cause?.code;
  return code === 'document_not_found' || code === 'index_not_found' || cause.response.status === 404;
}
