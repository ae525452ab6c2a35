// Answers a page will need, asked for before its code has loaded. The episode page is a lazy
// chunk: it used to ask for the episode only once that chunk had arrived, and for its
// `?q=` matches only once the episode had arrived and rendered, three round trips in a row.

interface EarlyRequest {
  startedAt: number;
  answer: Promise<unknown>;
}

/** An answer not taken within this time is not used (it may be stale by then). */
const FRESH_MS = 10_000;

const started = new Map<string, EarlyRequest>();

/** Starts `load` now unless a fresh request under `key` is already under way. */
export function startEarly(key: string, load: () => Promise<unknown>): void {
  const now = Date.now();
  for (const [k, request] of started) if (now - request.startedAt > FRESH_MS) started.delete(k);
  if (started.has(key)) return;
  const answer = load();
  // Its failure is reported by whoever takes it; one never taken must not be an unhandled rejection.
  answer.catch(() => {});
  started.set(key, { startedAt: now, answer });
}

/** The answer started under `key`, once (it is forgotten), or null: ask for it yourself. */
export function takeEarly<T>(key: string): Promise<T> | null {
  const request = started.get(key);
  started.delete(key);
  if (!request || Date.now() - request.startedAt > FRESH_MS) return null;
  return request.answer as Promise<T>;
}
