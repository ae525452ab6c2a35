// POST /api/reindex: rebuilds the search index from the stored episodes without downtime.
// SQLite builds new tables aside and renames them in one transaction; Meilisearch builds a
// second index and swaps it in. Searches answer from the old index until the switch.
import type { ReindexReport } from '../app/app-deps.ts';
import type { EpisodeWithCues, Show } from '../model/types.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import type { MeiliArchive } from '../search/meilisearch/meili-archive.ts';
import { rebuildSqliteSearchIndex } from '../search/sqlite/rebuild-sqlite-search-index.ts';
import { withArchiveWriteLock } from './archive-write-lock.ts';

const PAGE_SIZE = 100;

/** Every stored episode with its cues and show, one page of episodes at a time. */
export async function* storedEpisodes(store: ArchiveStore): AsyncGenerator<EpisodeWithCues & { show: Show }> {
  const shows = new Map<string, Show>();
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await store.listEpisodes({ limit: PAGE_SIZE, offset });
    for (const episode of page.items) {
      let show = shows.get(episode.showId);
      if (!show) {
        // An episode whose show row is missing still gets indexed, under its show id.
        show = (await store.getShow(episode.showId)) ?? {
          id: episode.showId,
          title: episode.showId,
          description: null,
          language: null,
          url: null,
          image: null,
          license: null,
        };
        shows.set(show.id, show);
      }
      yield { episode, cues: await store.getCues(episode.id), show };
    }
    if (page.items.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) return;
  }
}

/** Held under the archive write lock: an episode written during the rebuild would be lost at the switch. */
export function reindexSqliteArchive(store: SqliteStore, signal?: AbortSignal): Promise<ReindexReport> {
  return withArchiveWriteLock(store, async () => {
    const result = await rebuildSqliteSearchIndex(
      store.db,
      async function* () {
        for await (const { show, ...data } of storedEpisodes(store)) yield { data, show };
      },
      { signal },
    );
    return {
      backend: 'sqlite',
      episodes: result.episodes,
      passages: result.passages,
      ms: Math.round(result.ms),
    };
  });
}

export function reindexMeiliArchive(meili: MeiliArchive, signal?: AbortSignal): Promise<ReindexReport> {
  return withArchiveWriteLock(meili.store, async () => {
    const started = performance.now();
    const result = await meili.reindex(() => storedEpisodes(meili.store), signal);
    return {
      backend: 'meilisearch',
      episodes: result.episodes,
      passages: result.passages,
      ms: Math.round(performance.now() - started),
    };
  });
}
