// The result cache in front of a backend: repeated searches are answered from memory, and
// never once the archive changed (checked with the real store and embedded backend).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpisodeWithCues, Show } from '../../server/model/types.ts';
import type { SearchBackend, SearchRequest, SearchResponse } from '../../server/search/search-types.ts';
import { searchCacheKey, withSearchResultCache } from '../../server/search/search-result-cache.ts';
import { withFacetsWithoutOwnFilter } from '../../server/search/facets-without-own-filter.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';
import { searchRequest } from '../fixtures/search/search-request.ts';

const req = searchRequest;

/** Counts the searches that reach it; answers with the query so answers can be told apart. */
function countingBackend(): SearchBackend & { calls: number; fail: boolean } {
  const backend = {
    name: 'sqlite' as const,
    calls: 0,
    fail: false,
    health: () => Promise.resolve({ ok: true, backend: 'sqlite' as const }),
    search(request: SearchRequest): Promise<SearchResponse> {
      backend.calls++;
      if (backend.fail) return Promise.reject(new Error('backend down'));
      return Promise.resolve({
        query: request.q,
        total: backend.calls,
        partial: false,
        hits: [],
        facets: { show: {}, speaker: {}, language: {}, year: {} },
        tookMs: 5,
      });
    },
  };
  return backend;
}

describe('search result cache', () => {
  it('answers a repeated request from memory until the generation changes', async () => {
    const backend = countingBackend();
    let generation = 1;
    const cached = withSearchResultCache(backend, { generation: () => generation });
    const first = await cached.search(req('surveillance '));
    const again = await cached.search(req('surveillance '));
    expect(backend.calls).toBe(1);
    expect(again.total).toBe(first.total);
    expect(first.cached).toBeUndefined();
    expect(again).toMatchObject({ cached: true, tookMs: 0 });
    generation = 2;
    const fresh = await cached.search(req('surveillance '));
    expect(backend.calls).toBe(2);
    expect(fresh.total).toBe(2);
    expect(cached.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
  });

  it('keeps requests that differ in any field apart', async () => {
    const backend = countingBackend();
    const cached = withSearchResultCache(backend, { generation: () => 1 });
    const variants = [
      req('surveillance'),
      req('surveillance '),
      req('surveillance ', { offset: 20 }),
      req('surveillance ', { limit: 10 }),
      req('surveillance ', { sort: 'newest' }),
      req('surveillance ', { group: 'episode' }),
      req('surveillance ', { filters: { showIds: ['a'] } }),
      req('surveillance ', { filters: { speakers: ['a'] } }),
      req('surveillance ', { filters: { dateFrom: '2020' } }),
      req('surveillance ', { filters: { dateTo: '2020' } }),
      req('surveillance ', { filters: { languages: ['fr'] } }),
      req('surveillance ', { filters: { episodeIds: ['a'] } }),
      req('surveillance ', { facetsOnly: true }),
    ];
    expect(new Set(variants.map(searchCacheKey)).size).toBe(variants.length);
    for (const v of variants) await cached.search(v);
    expect(backend.calls).toBe(variants.length);
  });

  it('keeps a word typed twice apart from the same words typed once (they land on different words)', () => {
    const twice = searchCacheKey(req('de l’expliquer alors de quoi'));
    expect(searchCacheKey(req('de l’expliquer alors quoi'))).not.toBe(twice);
    expect(searchCacheKey(req('de l’expliquer de alors quoi'))).not.toBe(twice);
    expect(searchCacheKey(req("De l'expliquer   alors de quoi"))).toBe(twice);
  });

  it('keeps two words typed with a hyphen apart from the same words typed apart (only the first finds them said as one)', () => {
    // `e-mail` finds `email`; `e mail` (a one-letter word) does not: different answers.
    expect(searchCacheKey(req('e-mail '))).not.toBe(searchCacheKey(req('e mail ')));
    expect(searchCacheKey(req('E-Mail '))).toBe(searchCacheKey(req('e-mail ')));
  });

  it('shares one answer between spellings of the same search, echoing what each listener typed', async () => {
    const backend = countingBackend();
    const cached = withSearchResultCache(backend, { generation: () => 1 });
    const first = await cached.search(req('l’État numérique '));
    for (const q of ["L'etat   NUMERIQUE ", 'l‘état numérique ', ' L’État numerique ']) {
      const again = await cached.search(req(q));
      expect(again).toMatchObject({ query: q, cached: true, total: first.total });
    }
    expect(backend.calls).toBe(1);
    // A different search is not merged: a prefix, another word order, a phrase, an exclusion,
    // the word without its elided article (said with it ranks first when it is typed).
    const others = [
      'l’État numérique',
      'État numérique ',
      'numérique État ',
      '"État numérique" ',
      'État -numérique ',
      'États numérique ',
    ];
    for (const q of others) await cached.search(req(q));
    expect(backend.calls).toBe(1 + others.length);
  });

  it('counts a ticked field from the search before the tick when it is remembered, else from a facets-only search', async () => {
    const backend = countingBackend();
    const seen: SearchRequest[] = [];
    const search = backend.search.bind(backend);
    backend.search = (request) => {
      seen.push(request);
      return search(request);
    };
    const faceted = withFacetsWithoutOwnFilter(withSearchResultCache(backend, { generation: () => 1 }));
    // The listener searched, then ticked a show: the show facet is the earlier answer's.
    const before = await faceted.search(req('surveillance ', { limit: 10 }));
    await faceted.search(req('surveillance ', { limit: 10, filters: { showIds: ['a'] } }));
    expect(backend.calls).toBe(2);
    expect(seen.some((r) => r.facetsOnly)).toBe(false);
    // A link that opens a filtered search at once: the facets come from a facets-only search.
    const linked = await faceted.search(req('données ', { sort: 'newest', filters: { speakers: ['x'] } }));
    expect(backend.calls).toBe(4);
    expect(seen.at(-1)).toMatchObject({ q: 'données ', facetsOnly: true, filters: {} });
    expect(linked.facets).toEqual(before.facets);
  });

  it('forgets the least recently used answers beyond its size, and never caches errors', async () => {
    const backend = countingBackend();
    const cached = withSearchResultCache(backend, { generation: () => 1, maxEntries: 2 });
    await cached.search(req('a1 '));
    await cached.search(req('a2 '));
    await cached.search(req('a1 ')); // a1 is now the most recent
    await cached.search(req('a3 ')); // evicts a2
    expect(cached.stats().entries).toBe(2);
    const calls = backend.calls;
    await cached.search(req('a1 '));
    expect(backend.calls).toBe(calls);
    await cached.search(req('a2 '));
    expect(backend.calls).toBe(calls + 1);

    backend.fail = true;
    await expect(cached.search(req('panne '))).rejects.toThrow(/backend down/);
    backend.fail = false;
    await cached.search(req('panne '));
    expect(cached.stats().entries).toBe(2);
  });

  it('is off with maxEntries 0', async () => {
    const backend = countingBackend();
    const cached = withSearchResultCache(backend, { generation: () => 1, maxEntries: 0 });
    await cached.search(req('x '));
    await cached.search(req('x '));
    expect(backend.calls).toBe(2);
  });
});

describe('search result cache on the embedded archive', () => {
  const show: Show = {
    id: 'veille',
    title: 'Veille',
    description: null,
    language: 'fr',
    url: null,
    image: null,
    license: null,
  };
  const episode = (id: string, text: string): EpisodeWithCues =>
    episodeWithCues(show.id, id, [{ start: 0, end: 4, speaker: null, text }], { title: id, duration: 4 });
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-cache-'));
    store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
    await store.upsertShow(show);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives, for spellings that share a cached answer, what the backend gives each of them', async () => {
    await store.replaceEpisode(episode('un', 'L’État numérique et la reconnaissance faciale.'));
    await store.replaceEpisode(episode('deux', 'Un état des lieux du numérique à l’école.'));
    const backend = createSqliteSearchBackend(store.db);
    const search = withSearchResultCache(backend, { generation: () => 1 });
    for (const q of [
      'l’État numér',
      "L'ETAT numer",
      'L’etat  Numér',
      'l’état "numérique"',
      'l\'état "NUMERIQUE"',
    ]) {
      const direct = await backend.search(req(q));
      const viaCache = await search.search(req(q));
      expect(direct.total).toBeGreaterThan(0);
      expect({ ...viaCache, tookMs: 0, cached: undefined }).toEqual({
        ...direct,
        tookMs: 0,
        cached: undefined,
      });
    }
    expect(search.stats().hits).toBe(3);
  });

  it('names the words a moment does not say as each listener typed them, from a shared answer', async () => {
    await store.replaceEpisode(episode('un', 'L’État numérique et la reconnaissance faciale.'));
    const backend = createSqliteSearchBackend(store.db);
    const search = withSearchResultCache(backend, { generation: () => 1 });
    for (const [q, missing] of [
      ['Kangourou l’État "Biométrie faciale" ', ['Kangourou', 'Biométrie faciale']],
      ['kangourou L\'ETAT "biometrie FACIALE" ', ['kangourou', 'biometrie FACIALE']],
      ['KANGOUROU  l’etat  « biométrie faciale » ', ['KANGOUROU', 'biométrie faciale']],
    ] as const) {
      for (const group of ['none', 'episode'] as const) {
        const direct = await backend.search(req(q, { group }));
        const viaCache = await search.search(req(q, { group }));
        const hit = group === 'none' ? viaCache.hits[0] : viaCache.groups?.[0]?.moments[0];
        expect(hit?.missingWords, q).toEqual(missing);
        expect({ ...viaCache, tookMs: 0, cached: undefined }, q).toEqual({
          ...direct,
          tookMs: 0,
          cached: undefined,
        });
      }
    }
    expect(search.stats().hits).toBe(4);
  });

  it('shows a newly ingested episode and forgets a removed one at once', async () => {
    const generation = store.db
      .prepare<[], number>(`SELECT value FROM search_state WHERE key = 'generation'`)
      .pluck();
    const search = withSearchResultCache(createSqliteSearchBackend(store.db), {
      generation: () => generation.get() ?? 0,
    });
    await store.replaceEpisode(episode('un', 'Le chiffrement protège les sources.'));
    expect((await search.search(req('chiffrement '))).total).toBe(1);
    expect((await search.search(req('chiffrement '))).total).toBe(1);
    expect(search.stats().hits).toBe(1);
    await store.replaceEpisode(episode('deux', 'Sans chiffrement, tout se lit.'));
    expect((await search.search(req('chiffrement '))).total).toBe(2);
    await store.removeEpisode('un');
    const after = await search.search(req('chiffrement '));
    expect(after.hits.map((h) => h.episode.id)).toEqual(['deux']);
  });
});
