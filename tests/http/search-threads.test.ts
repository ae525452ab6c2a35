// Searches on worker threads (read-only connections) answer like the event-loop backend,
// follow writes made by the main connection, and pass errors through with their codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { isSqliteStore } from '../../server/store/sqlite-store.ts';
import type { ThreadedSearchBackend } from '../../server/http/search/search-thread-pool.ts';
import type { CachedSearchBackend } from '../../server/search/search-result-cache.ts';
import type { FacetsWithoutOwnFilterBackend } from '../../server/search/facets-without-own-filter.ts';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';
import { searchRequest } from '../fixtures/search/search-request.ts';

let t: TestArchive;
const request = searchRequest;

/** The thread pool behind the archive's result cache (behind the facet searches). */
const threadPool = () =>
  (t.archive.search as FacetsWithoutOwnFilterBackend<CachedSearchBackend>).inner
    .inner as ThreadedSearchBackend;

async function threadsReady(search: ThreadedSearchBackend): Promise<void> {
  for (let i = 0; i < 600 && search.readyThreads() < 2; i++) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  t = await createTestArchive({}, { searchThreads: 2 });
  await threadsReady(threadPool());
});
afterAll(async () => {
  await t?.cleanup();
});

describe('search threads', () => {
  it('start, and answer exactly like the backend on the event loop', async () => {
    const threaded = threadPool();
    expect(threaded.readyThreads()).toBe(2);
    if (!isSqliteStore(t.archive.store)) throw new Error('expected the SQLite store');
    const inline = createSqliteSearchBackend(t.archive.store.db);
    for (const q of ['"ce qui a motivé notre recours"', 'données santé', 'surveil', 'backdoor -police']) {
      const [a, b] = await Promise.all([threaded.search(request(q)), inline.search(request(q))]);
      expect({ ...a, tookMs: 0 }).toEqual({ ...b, tookMs: 0 });
    }
  });

  it('serve concurrent API searches', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        t.app.request(`/api/search?q=${i % 2 ? 'donn%C3%A9es' : 'surveillance'}`),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
  });

  it('see episodes written by the main connection', async () => {
    const before = await t.archive.search.search(request('"plateformes de modération automatique"'));
    expect(before.total).toBe(0);
    const template = (await t.archive.store.getEpisode('privacy-talks--encryption-backdoors'))!;
    await t.archive.store.replaceEpisode({
      episode: {
        ...template,
        id: 'privacy-talks--moderation',
        title: 'Moderation',
        revision: 'new',
        cueCount: 1,
      },
      cues: [
        {
          start: 0,
          end: 3,
          speaker: 'Sam Okafor',
          text: 'Les plateformes de modération automatique se trompent souvent.',
        },
      ],
    });
    const after = await t.archive.search.search(request('"plateformes de modération automatique"'));
    expect(after.hits[0]?.episode.id).toBe('privacy-talks--moderation');
  });

  it('pass errors through with their code', async () => {
    await expect(
      t.archive.search.search(request('recours', { filters: { dateFrom: 'hier' } })),
    ).rejects.toMatchObject({ code: 'bad_request', status: 400 });
  });
});
