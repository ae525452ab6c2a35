// Bounded concurrency for feed import: a long feed's transcripts are fetched several at a
// time (one by one, a 3,000-item feed spent most of its time waiting on the network), but
// each host is asked only a few things at once, so an archivist's import stays polite.

/** A host that answered 429 or 503 with Retry-After: until when, and what it said. */
export interface HostPause {
  /** Milliseconds left (> 0). */
  remainingMs: number;
  /** The wait the host asked for, in seconds, and the status it asked with. */
  askedSeconds: number;
  status: number;
}

/** Where requests to a host learn that it asked for a pause (see PerHostLimit). */
export interface HostPauses {
  pause(url: string, ms: number, status: number): void;
  pauseOf(url: string): HostPause | null;
}

/**
 * At most `perHost` tasks at once for URLs of the same host (scheme, name and port). A
 * Retry-After is the host's, not one URL's (rate limits count a client's requests): while
 * it runs, no request to that host goes out, so a long feed does not keep asking.
 */
export class PerHostLimit implements HostPauses {
  private readonly hosts = new Map<string, { running: number; waiting: Array<() => void> }>();
  private readonly pauses = new Map<string, { until: number; askedSeconds: number; status: number }>();

  constructor(readonly perHost: number) {}

  pause(url: string, ms: number, status: number): void {
    const key = hostOf(url);
    const until = Date.now() + ms;
    if ((this.pauses.get(key)?.until ?? 0) < until) {
      this.pauses.set(key, { until, askedSeconds: Math.ceil(ms / 1000), status });
    }
  }

  pauseOf(url: string): HostPause | null {
    const pause = this.pauses.get(hostOf(url));
    const remainingMs = pause ? pause.until - Date.now() : 0;
    if (!pause || remainingMs <= 0) return null;
    return { remainingMs, askedSeconds: pause.askedSeconds, status: pause.status };
  }

  async run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const key = hostOf(url);
    let host = this.hosts.get(key);
    if (!host) {
      host = { running: 0, waiting: [] };
      this.hosts.set(key, host);
    }
    if (host.running >= this.perHost) {
      await new Promise<void>((resolve) => host.waiting.push(resolve));
    } else {
      host.running++;
    }
    try {
      return await task();
    } finally {
      // The slot goes straight to the next task waiting, so `running` never drops in between.
      const next = host.waiting.shift();
      if (next) next();
      else host.running--;
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Runs `task` for each item, at most `atOnce` at a time, in the items' order. A task that
 * throws stops new ones from starting; the error is thrown once the running ones are done.
 */
export async function forEachAtMost<T>(
  items: readonly T[],
  atOnce: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        await task(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
