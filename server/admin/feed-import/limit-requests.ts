// Bounded concurrency for feed import: a long feed's transcripts are fetched several at a
// time (one by one, a 3,000-item feed spent most of its time waiting on the network), but
// each host is asked only a few things at once, so an archivist's import stays polite.

/** At most `perHost` tasks at once for URLs of the same host (scheme, name and port). */
export class PerHostLimit {
  private readonly hosts = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(readonly perHost: number) {}

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
