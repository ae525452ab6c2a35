// What /api/health says of the search index: current, outdated (built by an earlier
// version, to be rebuilt) or being rebuilt, so an admin sees a background rebuild without
// reading the start-up log. Every rebuild (at start or POST /api/reindex) goes through
// trackRebuilds, which knows when one runs.
import type { ReindexReport } from './app-deps.ts';

export type SearchIndexState =
  | { state: 'current' }
  | { state: 'outdated'; detail: string }
  | { state: 'rebuilding'; since: string; detail: string };

export interface RebuildTracker {
  /** The reindex, recorded as running from its call until it settles. */
  reindex: (signal?: AbortSignal) => Promise<ReindexReport>;
  /** Rebuilding while a reindex runs; else what `outdated` says (null: current). */
  state: () => Promise<SearchIndexState>;
}

export function trackRebuilds(
  reindex: (signal?: AbortSignal) => Promise<ReindexReport>,
  outdated: () => Promise<string | null>,
): RebuildTracker {
  let since: Date | null = null;
  return {
    reindex: async (signal) => {
      // Set before the first await: a health check made right after the call sees it.
      const started = new Date();
      since ??= started;
      try {
        return await reindex(signal);
      } finally {
        if (since === started) since = null;
      }
    },
    state: async () => {
      if (since !== null) {
        return {
          state: 'rebuilding',
          since: since.toISOString(),
          detail: 'searches answer from the previous index until the new one is swapped in',
        };
      }
      const why = await outdated();
      return why === null ? { state: 'current' } : { state: 'outdated', detail: why };
    },
  };
}
