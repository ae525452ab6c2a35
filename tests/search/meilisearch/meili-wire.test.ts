// One test of the wire shape against a real HTTP server on 127.0.0.1 that records the
// requests and answers the way Meilisearch's API documents (tasks, settings, search with
// `_matchesPosition` in UTF-8 bytes). No Meilisearch binary can run here; the translation
// itself is unit-tested in the other files, and the contract suite runs against a real
// server when MEILI_URL is set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMeiliArchive } from '../../../server/search/meilisearch/meili-archive.ts';
import {
  episodePassageDocuments,
  showToDocument,
} from '../../../server/search/meilisearch/meili-documents.ts';
import { MIN_CANDIDATE_WINDOW } from '../../../server/search/meilisearch/meili-search-backend.ts';
import { QUOTE_RECALL_PER_SUBSET } from '../../../server/search/pasted-quote-recall.ts';
import type { PassageDocument } from '../../../server/search/meilisearch/meili-documents.ts';
import type { SearchHit, SearchResponse } from '../../../server/search/search-types.ts';
import { passageIndexSettings } from '../../../server/search/meilisearch/meili-settings.ts';
import { tokenize } from '../../../server/search/text-fold.ts';
import { fixtureShow, wordTimedEpisode } from '../../fixtures/meilisearch/archive-fixture.ts';
import { episodeWithCues } from '../../fixtures/search/episode-with-cues.ts';
import { positionsOf } from './meili-positions.ts';

interface Recorded {
  method: string;
  path: string;
  auth: string | undefined;
  body: unknown;
}

const recorded: Recorded[] = [];
let server: http.Server;
let url = '';

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface EmulatedTask {
  type: string;
  error?: { code: string; message: string; type: string; link: string };
  details?: Record<string, unknown>;
}

/** Indexes that exist on the emulated server. */
const existing = new Set<string>();

/** The passages the emulated server searches (a test may put a larger archive in). */
let searchedPassages = () => episodePassageDocuments(wordTimedEpisode(), fixtureShow);

interface EmulatedSearch {
  indexUid?: string;
  q: string;
  matchingStrategy: string;
  limit?: number;
  offset?: number;
  filter?: string[];
  distinct?: string;
  page?: number;
  hitsPerPage?: number;
}

/**
 * A search of the passages. 'all': the passages holding every word; 'frequency': those
 * holding any. Of the filters, only `episodeId = "…"` is applied: the client must cope with
 * what the others let through (below). `distinct` keeps each value's first passage, and
 * `page`/`hitsPerPage` answer with an exhaustive `totalHits`, as Meilisearch documents.
 */
function searchAnswer(body: EmulatedSearch): Record<string, unknown> {
  const words = new Set(tokenize(body.q).map((t) => t.term));
  const episodeIds = (body.filter ?? [])
    .map((f) => /^episodeId = "([^"\\]*)"$/.exec(f)?.[1])
    .filter((id): id is string => id !== undefined);
  let matching = searchedPassages()
    .filter((d) => episodeIds.every((id) => d.episodeId === id))
    .filter(
      (d) =>
        body.matchingStrategy !== 'all' ||
        [...words].every((w) => tokenize(d.text).some((t) => t.term === w)),
    )
    .map((d) => ({
      ...d,
      _matchesPosition: { text: positionsOf(d.text, (w) => words.has(w)) },
      _rankingScore: 0.7,
    }))
    .filter((d) => d._matchesPosition.text.length > 0);
  if (body.distinct === 'episodeId') {
    const seen = new Set<string>();
    matching = matching.filter((d) => !seen.has(d.episodeId) && seen.add(d.episodeId));
  }
  if (body.page !== undefined) {
    const perPage = body.hitsPerPage ?? 20;
    const hits = matching.slice((body.page - 1) * perPage, body.page * perPage);
    return {
      hits,
      query: body.q,
      processingTimeMs: 1,
      page: body.page,
      hitsPerPage: perPage,
      totalHits: matching.length,
    };
  }
  // One window of the matches, as `offset` and `limit` ask; the estimate counts them all,
  // and so do facets (documents per value: a passage counts for each of its speakers).
  const offset = body.offset ?? 0;
  const limit = body.limit ?? 20;
  const hits = matching.slice(offset, offset + limit);
  const speakers: Record<string, number> = {};
  for (const d of matching) for (const s of d.speakers) speakers[s] = (speakers[s] ?? 0) + 1;
  return {
    hits,
    query: body.q,
    processingTimeMs: 1,
    limit,
    offset,
    estimatedTotalHits: matching.length,
    facetDistribution: {
      showId: matching.length > 0 ? { [fixtureShow.id]: matching.length } : {},
      speakers,
    },
  };
}

function respond(req: Recorded, res: http.ServerResponse, tasks: Map<number, EmulatedTask>): void {
  const task = (type: string, indexUid: string | null, extra: Omit<EmulatedTask, 'type'> = {}) => {
    const taskUid = tasks.size + 1;
    tasks.set(taskUid, { type, ...extra });
    answer(res, 202, { taskUid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
  };
  const indexMatch = /^\/indexes\/([^/]+)(\/.*)?$/.exec(req.path);
  if (req.method === 'GET' && req.path === '/health') return answer(res, 200, { status: 'available' });
  if (req.method === 'GET' && req.path.startsWith('/tasks/')) {
    const uid = Number(req.path.slice('/tasks/'.length));
    const t = tasks.get(uid);
    return answer(res, 200, {
      uid,
      status: t?.error ? 'failed' : 'succeeded',
      type: t?.type,
      error: t?.error ?? null,
      details: t?.details ?? {},
      indexUid: null,
    });
  }
  if (req.method === 'POST' && req.path === '/indexes') {
    const uid = (req.body as { uid: string }).uid;
    existing.add(uid);
    return task('indexCreation', uid);
  }
  if (req.method === 'POST' && req.path === '/swap-indexes') return task('indexSwap', null);
  if (req.method === 'POST' && req.path === '/dumps') {
    return task('dumpCreation', null, { details: { dumpUid: '20261122-121500000' } });
  }
  if (indexMatch && req.method === 'DELETE' && indexMatch[2] === undefined) {
    const uid = indexMatch[1]!;
    if (existing.delete(uid)) return task('indexDeletion', uid);
    const error = {
      code: 'index_not_found',
      message: `Index \`${uid}\` not found.`,
      type: 'invalid_request',
      link: '',
    };
    return task('indexDeletion', uid, { error });
  }
  if (indexMatch && req.method === 'GET' && indexMatch[2] === undefined) {
    if (existing.has(indexMatch[1]!)) {
      const now = new Date().toISOString();
      return answer(res, 200, { uid: indexMatch[1], primaryKey: 'docId', createdAt: now, updatedAt: now });
    }
    return answer(res, 404, {
      message: 'Index not found.',
      code: 'index_not_found',
      type: 'invalid_request',
      link: '',
    });
  }
  if (indexMatch && req.method === 'PATCH' && indexMatch[2] === '/settings')
    return task('settingsUpdate', indexMatch[1]!);
  if (indexMatch && req.method === 'GET' && indexMatch[2]?.startsWith('/documents/')) {
    if (
      indexMatch[1]?.endsWith('_shows') &&
      indexMatch[2] === `/documents/${showToDocument(fixtureShow).docId}`
    ) {
      return answer(res, 200, showToDocument(fixtureShow));
    }
    return answer(res, 404, {
      message: 'Document not found.',
      code: 'document_not_found',
      type: 'invalid_request',
      link: '',
    });
  }
  if (indexMatch && req.method === 'POST' && indexMatch[2] === '/documents/fetch') {
    // Passages cut by another version than this one's (`NOT cuts = N`, missing field included).
    const notCuts = /^NOT cuts = (\d+)$/.exec(String((req.body as { filter?: unknown }).filter))?.[1];
    if (indexMatch[1] === 'wire_passages' && notCuts !== undefined) {
      const total = searchedPassages().filter((d) => d.cuts !== Number(notCuts)).length;
      return answer(res, 200, { results: [], total, offset: 0, limit: 1 });
    }
    return answer(res, 200, { results: [], total: 0, offset: 0, limit: 1000 });
  }
  if (indexMatch && req.method === 'POST' && indexMatch[2] === '/documents')
    return task('documentAdditionOrUpdate', indexMatch[1]!);
  if (indexMatch && req.method === 'POST' && indexMatch[2] === '/documents/delete')
    return task('documentDeletion', indexMatch[1]!);
  if (indexMatch && req.method === 'POST' && indexMatch[2] === '/search') {
    return answer(res, 200, searchAnswer(req.body as EmulatedSearch));
  }
  if (req.method === 'POST' && req.path === '/multi-search') {
    const { queries } = req.body as { queries: EmulatedSearch[] };
    return answer(res, 200, { results: queries.map((q) => ({ indexUid: q.indexUid, ...searchAnswer(q) })) });
  }
  answer(res, 404, {
    message: `no route ${req.method} ${req.path}`,
    code: 'not_found',
    type: 'invalid_request',
    link: '',
  });
}

/** The Meilisearch-mode archive on the emulated server, as every test here opens it. */
function openWireArchive() {
  return openMeiliArchive({ meiliUrl: url, meiliKey: 'test-master-key', meiliIndexPrefix: 'wire' });
}

beforeAll(async () => {
  const tasks = new Map<number, EmulatedTask>();
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const rec: Recorded = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0] ?? '',
        auth: req.headers.authorization,
        body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
      };
      recorded.push(rec);
      respond(rec, res, tasks);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the Meilisearch wire shape', () => {
  it('applies settings before use, then searches with escaped filters and falls back to a partial answer', async () => {
    const archive = await openWireArchive();

    // Every index is created with our primary key and configured; each task is awaited.
    const settingsCalls = recorded.filter((r) => r.method === 'PATCH');
    expect(settingsCalls.map((r) => r.path)).toEqual(
      ['passages', 'shows', 'episodes', 'cues', 'clips', 'packs', 'redirects'].map(
        (n) => `/indexes/wire_${n}/settings`,
      ),
    );
    expect(settingsCalls[0]?.body).toEqual(JSON.parse(JSON.stringify(passageIndexSettings())));
    expect(
      recorded.filter((r) => r.method === 'POST' && r.path === '/indexes').map((r) => r.body),
    ).toContainEqual({
      uid: 'wire_passages',
      primaryKey: 'docId',
    });
    const polled = recorded.filter((r) => r.path.startsWith('/tasks/')).length;
    expect(polled).toBeGreaterThanOrEqual(12);
    expect(recorded.every((r) => r.auth === 'Bearer test-master-key')).toBe(true);

    const response = await archive.search.search({
      q: 'Reconnaissance faciale introuvablement',
      filters: { speakers: ['Claire', 'x" OR showId != "y \\ z'], dateFrom: '2024-01-01' },
      sort: 'newest',
      group: 'none',
      limit: 5,
      offset: 0,
    });

    const searches = recorded.filter((r) => r.path === '/indexes/wire_passages/search');
    expect(searches).toHaveLength(2);
    const [strict, partial] = searches.map((r) => r.body as Record<string, unknown>);
    expect(strict).toMatchObject({
      q: 'reconnaissance faciale introuvablement',
      matchingStrategy: 'all',
      showMatchesPosition: true,
      filter: ['speakers IN ["Claire", "x\\" OR showId != \\"y \\\\ z"]', 'dateDay >= 20240101'],
      sort: ['dateDay:desc', 'start:asc'],
      facets: ['showId', 'speakers', 'language', 'year'],
    });
    expect(partial).toMatchObject({ matchingStrategy: 'frequency' });

    // The answer says it is partial and lands on the word where the quote starts.
    expect(response.partial).toBe(true);
    expect(response.total).toBe(1);
    const hit = response.hits[0]!;
    const cue = wordTimedEpisode().cues[1]!;
    expect(hit.start).toBe(cue.words!.find((w) => w.text === 'reconnaissance')!.start);
    expect(hit.matchedWords).toBe(2);
    // The word no passage says is named as typed (the shared resolver, as for the embedded backend).
    expect(hit.missingWords).toEqual(['introuvablement']);
    expect(hit.highlights.map((r) => hit.snippet.slice(r.start, r.end))).toEqual([
      'reconnaissance',
      'faciale',
    ]);
    expect(response.facets.show).toEqual({ [fixtureShow.id]: 1 });
  });

  it('keeps only the moments of the filtered speaker, in a passage where two speakers talk', async () => {
    const archive = await openWireArchive();
    const searchBy = (speaker: string, group: 'none' | 'episode') =>
      archive.search.search({
        q: 'recours ',
        filters: { speakers: [speaker] },
        sort: 'relevance',
        group,
        limit: 5,
        offset: 0,
      });
    // Marc says "recours"; Claire talks in the same passages (Meilisearch returns them).
    for (const group of ['none', 'episode'] as const) {
      const marc = await searchBy('Marc', group);
      expect(marc.hits.map((h) => h.speaker)).toEqual(['Marc']);
      const claire = await searchBy('Claire', group);
      expect(claire.hits).toEqual([]);
      expect(claire.total).toBe(0);
    }
  });

  /** 2,000 cues: Claire says "recours" in each of hers; Marc, who talks in every passage, says it only at the very end. */
  function recoursInterview() {
    const cues = Array.from({ length: 2_000 }, (_, i) => {
      const marc = i % 2 === 1;
      const last = i === 1_999;
      const text = marc
        ? `Je vous écoute, continuez sur ce point numéro ${i}${last ? ', notre recours' : ''}.`
        : `Notre recours porte sur la caméra numéro ${i} et sur son usage.`;
      return { start: i * 4, end: i * 4 + 4, speaker: marc ? 'Marc' : 'Claire', text };
    });
    const long = episodeWithCues(fixtureShow.id, 'long-entretien', cues, {
      speakers: ['Claire', 'Marc'],
      duration: 8_000,
    });
    return episodePassageDocuments(long, fixtureShow);
  }

  it('counts past the window the moments each speaker says, not the passages they talk in', async () => {
    const documents = recoursInterview();
    searchedPassages = () => documents;
    try {
      const archive = await openWireArchive();
      const res = await archive.search.search({
        q: 'recours ',
        filters: {},
        sort: 'relevance',
        group: 'none',
        limit: 5,
        offset: 0,
      });
      expect(res.estimated).toBe(true);
      // Claire's 1,000 cues hold every moment but one; Marc is in every passage too.
      expect(res.facets.speaker['Claire']).toBeGreaterThan(1_000 * 0.8);
      expect(res.facets.speaker['Claire']).toBeLessThan(1_000 * 1.2);
      expect(res.facets.speaker['Marc'] ?? 0).toBeLessThan(50);
    } finally {
      searchedPassages = () => episodePassageDocuments(wordTimedEpisode(), fixtureShow);
    }
  });

  it('reads further windows when the speaker filter leaves the first one without the page', async () => {
    // The filter lets every passage through (Marc talks in each).
    const documents = recoursInterview();
    searchedPassages = () => documents;
    try {
      const archive = await openWireArchive();
      const before = recorded.length;
      const marc = await archive.search.search({
        q: 'recours ',
        filters: { speakers: ['Marc'] },
        sort: 'relevance',
        group: 'none',
        limit: 5,
        offset: 0,
      });
      expect(marc.hits.map((h) => [h.speaker, h.start])).toEqual([['Marc', 1_999 * 4]]);
      const windows = recorded
        .slice(before)
        .filter((r) => r.path === '/indexes/wire_passages/search')
        .map((r) => r.body as { offset: number; limit: number; facets?: unknown });
      expect(documents.length).toBeGreaterThan(MIN_CANDIDATE_WINDOW);
      // Window after window until the last passages; facets asked for once.
      expect(windows[0]).toMatchObject({ offset: 0, limit: MIN_CANDIDATE_WINDOW });
      expect(windows.at(-1)!.offset + MIN_CANDIDATE_WINDOW).toBeGreaterThanOrEqual(documents.length);
      expect(windows.filter((w) => w.facets !== undefined)).toHaveLength(1);
    } finally {
      searchedPassages = () => episodePassageDocuments(wordTimedEpisode(), fixtureShow);
    }
  });

  /**
   * Passages in the order the emulated server ranks them: `perEpisode` cues saying "recours"
   * in each of the episodes, the episodes in reverse alphabetical order, so the shared
   * ranker (equal scores: episode id, then time) would put the last passages read first.
   */
  function manyEpisodes(episodes: number, perEpisode: number) {
    return Array.from({ length: episodes }, (_, e) => {
      const id = `entretien-${String(episodes - e).padStart(3, '0')}`;
      const cues = Array.from({ length: perEpisode }, (_, i) => ({
        start: i * 20,
        end: i * 20 + 20,
        speaker: 'Claire',
        text: `Le recours numéro ${i} porte sur la caméra installée devant le lycée, et sur son usage quotidien par la mairie depuis des années, sans aucun débat public préalable.`,
      }));
      return episodePassageDocuments(
        episodeWithCues(fixtureShow.id, id, cues, { duration: perEpisode * 20 }),
        fixtureShow,
      );
    }).flat();
  }

  async function withPassages<T>(documents: PassageDocument[], run: () => Promise<T>): Promise<T> {
    searchedPassages = () => documents;
    try {
      return await run();
    } finally {
      searchedPassages = () => episodePassageDocuments(wordTimedEpisode(), fixtureShow);
    }
  }

  /** `recours` in five pages of 20, as Show more asks for them, and in one page of 100. */
  async function fivePagesAndWhole(
    archive: Awaited<ReturnType<typeof openWireArchive>>,
    group: 'none' | 'episode',
  ): Promise<{ pages: SearchResponse[]; whole: SearchResponse }> {
    const page = (offset: number, limit: number) =>
      archive.search.search({ q: 'recours ', filters: {}, sort: 'relevance', group, limit, offset });
    const pages: SearchResponse[] = [];
    for (let offset = 0; offset < 100; offset += 20) pages.push(await page(offset, 20));
    return { pages, whole: await page(0, 100) };
  }

  it('pages a large flat answer in one order: Show more repeats no moment and skips none, with one total', async () => {
    const documents = manyEpisodes(60, 10);
    expect(documents.length).toBeGreaterThan(MIN_CANDIDATE_WINDOW);
    await withPassages(documents, async () => {
      const archive = await openWireArchive();
      const { pages, whole } = await fivePagesAndWhole(archive, 'none');
      const key = (h: SearchHit) => `${h.episode.id}@${h.start}`;
      const shown = pages.flatMap((p) => p.hits.map(key));
      expect(new Set(shown).size).toBe(100);
      expect(shown).toEqual(whole.hits.map(key));
      expect(pages.map((p) => p.total)).toEqual(pages.map(() => pages[0]!.total));
      expect(whole.total).toBe(pages[0]!.total);
    });
  });

  it('pages a large grouped answer in one order of episodes, each page counted alike', async () => {
    // More passages than the first window, fewer than a window for 100 episodes.
    const documents = manyEpisodes(100, 6);
    expect(documents.length).toBeGreaterThan(MIN_CANDIDATE_WINDOW);
    expect(documents.length).toBeLessThanOrEqual(300);
    await withPassages(documents, async () => {
      const archive = await openWireArchive();
      const { pages, whole } = await fivePagesAndWhole(archive, 'episode');
      const shown = pages.flatMap((p) => p.groups!.map((g) => g.episode.id));
      expect(new Set(shown).size).toBe(100);
      expect(shown).toEqual(whole.groups!.map((g) => g.episode.id));
      for (const p of [...pages, whole]) {
        expect(p.total).toBe(100);
        expect(p.facetsEstimated).toBe(pages[0]!.facetsEstimated);
      }
    });
  });

  it('fills grouped pages with episodes where the filtered speaker says the words, and counts those', async () => {
    // 100 episodes, Marc talking in every passage (so the speaker filter lets each through);
    // in the even ones he says "recours", in the odd ones only Claire does.
    const documents = Array.from({ length: 100 }, (_, e) => {
      const id = `entretien-${String(e).padStart(3, '0')}`;
      const cues = Array.from({ length: 12 }, (_, i) => {
        const marc = i % 2 === 1;
        const says = marc ? e % 2 === 0 : true;
        return {
          start: i * 10,
          end: i * 10 + 10,
          speaker: marc ? 'Marc' : 'Claire',
          text: `${says ? 'Notre recours' : 'Je vous écoute'} porte sur la caméra numéro ${i} et sur son usage depuis des années.`,
        };
      });
      return episodePassageDocuments(
        episodeWithCues(fixtureShow.id, id, cues, { speakers: ['Claire', 'Marc'], duration: 120 }),
        fixtureShow,
      );
    }).flat();
    expect(documents.length).toBeGreaterThan(MIN_CANDIDATE_WINDOW);
    await withPassages(documents, async () => {
      const archive = await openWireArchive();
      const pages: SearchResponse[] = [];
      for (let offset = 0; offset < 60; offset += 20) {
        pages.push(
          await archive.search.search({
            q: 'recours ',
            filters: { speakers: ['Marc'] },
            sort: 'relevance',
            group: 'episode',
            limit: 20,
            offset,
          }),
        );
      }
      const listed = pages.flatMap((p) => p.groups!.map((g) => g.episode.id));
      // Every episode where Marc says it, once; none where he does not.
      expect([...listed].sort()).toEqual(
        Array.from({ length: 50 }, (_, e) => `entretien-${String(e * 2).padStart(3, '0')}`),
      );
      expect(pages.map((p) => p.groups!.length)).toEqual([20, 20, 10]);
      expect(pages.flatMap((p) => p.hits).every((h) => h.speaker === 'Marc')).toBe(true);
      // The total counts the episodes a listener can page through: estimated alike on every
      // page before the end, exact on the page that reaches it.
      const [first, second, last] = pages;
      expect([first!.estimated, second!.estimated, last!.estimated]).toEqual([true, true, undefined]);
      expect(second!.total).toBe(first!.total);
      expect(Math.abs(first!.total - 50)).toBeLessThanOrEqual(5);
      expect(last!.total).toBe(50);
    });
  });

  it('answers a partial search with the moments holding the most words only, flat and grouped alike', async () => {
    // As Meilisearch's `frequency` strategy ranks them: the passages with two of the three
    // words first, then those with one.
    const two = episodeWithCues(fixtureShow.id, 'deux-mots', [
      { start: 0, end: 6, speaker: 'Claire', text: 'La reconnaissance faciale a été testée au lycée.' },
    ]);
    const one = episodeWithCues(fixtureShow.id, 'un-mot', [
      { start: 0, end: 6, speaker: 'Marc', text: 'Une analyse faciale des élèves, sans leur accord.' },
      { start: 60, end: 66, speaker: 'Marc', text: 'Puis une autre analyse faciale, plus tard.' },
    ]);
    const documents = [two, one].flatMap((e) => episodePassageDocuments(e, fixtureShow));
    await withPassages(documents, async () => {
      const archive = await openWireArchive();
      const ask = (group: 'none' | 'episode') =>
        archive.search.search({
          q: 'reconnaissance faciale hippopotame',
          filters: {},
          sort: 'relevance',
          group,
          limit: 20,
          offset: 0,
        });
      const flat = await ask('none');
      expect(flat.partial).toBe(true);
      expect(flat.hits.map((h) => [h.episode.id, h.matchedWords])).toEqual([['deux-mots', 2]]);
      expect(flat.total).toBe(1);
      expect(flat.facets.speaker).toEqual({ Claire: 1 });
      const grouped = await ask('episode');
      expect(grouped.partial).toBe(true);
      expect(grouped.groups!.map((g) => [g.episode.id, g.count])).toEqual([['deux-mots', 1]]);
      expect(grouped.total).toBe(1);
    });
  });

  it('looks for a pasted quote without each of its words, in one multi-search, and ranks it first', async () => {
    // `licences` remembered as `conventions`, which the other episode says among every pasted word.
    const quote = episodeWithCues(fixtureShow.id, 'pret-numerique', [
      {
        start: 12,
        end: 18,
        speaker: 'Maëlle',
        text: 'Les bibliothèques prêtent des livres numériques sous licences fixées par les éditeurs.',
      },
    ]);
    const scattered = episodeWithCues(fixtureShow.id, 'editeurs', [
      {
        start: 0,
        end: 9,
        speaker: 'Tom',
        text: 'Sous la pression des éditeurs, les conventions fixées aux bibliothèques restent chères, et les livres numériques qu’elles prêtent coûtent par exemplaire trois fois plus.',
      },
    ]);
    const documents = [quote, scattered].flatMap((e) => episodePassageDocuments(e, fixtureShow));
    await withPassages(documents, async () => {
      const archive = await openWireArchive();
      const before = recorded.length;
      const res = await archive.search.search({
        q: 'Les bibliothèques prêtent des livres numériques sous conventions fixées par les éditeurs.',
        filters: {},
        sort: 'relevance',
        group: 'none',
        limit: 20,
        offset: 0,
      });
      expect(res.partial).toBe(false);
      expect(res.hits.map((h) => [h.episode.id, h.start])).toEqual([
        ['pret-numerique', 12],
        ['editeurs', 0],
      ]);
      expect(res.total).toBe(2);
      // The quote names its misremembered word; the passage saying every word, none.
      expect(res.hits.map((h) => h.missingWords)).toEqual([['conventions'], undefined]);
      // One multi-search: each of the 11 words left out once, every other word required.
      const multi = recorded.slice(before).filter((r) => r.path === '/multi-search');
      expect(multi).toHaveLength(1);
      const { queries } = multi[0]!.body as { queries: EmulatedSearch[] };
      expect(queries).toHaveLength(11);
      for (const q of queries) {
        expect(q).toMatchObject({ matchingStrategy: 'all', limit: QUOTE_RECALL_PER_SUBSET, offset: 0 });
        expect(q.q.trim().split(' ')).toHaveLength(10);
      }
      expect(queries.filter((q) => !q.q.includes('conventions'))).toHaveLength(1);
    });
  });

  it('marks a passages index cut by an earlier version as outdated until a reindex rebuilds it', async () => {
    const current = episodePassageDocuments(wordTimedEpisode(), fixtureShow);
    expect((await openWireArchive()).searchIndexOutdated()).toBe(false);
    // Written before passages recorded how they were cut: no `cuts` field.
    const earlier = current.map(({ cuts: _cuts, ...rest }) => rest as PassageDocument);
    await withPassages(earlier, async () => {
      const archive = await openWireArchive();
      expect(archive.searchIndexOutdated()).toBe(true);
      await archive.reindex(async function* () {
        yield await Promise.resolve({ ...wordTimedEpisode(), show: fixtureShow });
      });
      expect(archive.searchIndexOutdated()).toBe(false);
    });
  });

  it('stops a reindex when asked (the server closing), leaving the live index and nothing aside', async () => {
    const archive = await openWireArchive();
    recorded.length = 0;
    const stop = new AbortController();
    await expect(
      archive.reindex(async function* () {
        yield await Promise.resolve({ ...wordTimedEpisode(), show: fixtureShow });
        stop.abort();
        yield await Promise.resolve({ ...wordTimedEpisode(), show: fixtureShow });
      }, stop.signal),
    ).rejects.toThrow();
    const steps = recorded.filter((r) => !r.path.startsWith('/tasks/')).map((r) => `${r.method} ${r.path}`);
    expect(steps).not.toContain('POST /swap-indexes');
    expect(steps.at(-1)).toBe('DELETE /indexes/wire_passages_next');
  });

  it('writes a new episode version beside the old one, then switches, then deletes the old one, each step awaited', async () => {
    const archive = await openWireArchive();
    recorded.length = 0;
    const data = wordTimedEpisode();
    await archive.store.replaceEpisode(data);

    const writes = recorded
      .map((r, i) => ({ ...r, i }))
      .filter((r) => r.method === 'POST' && /\/documents(\/delete)?$/.test(r.path));
    expect(writes.map((w) => w.path)).toEqual([
      '/indexes/wire_cues/documents',
      '/indexes/wire_passages/documents',
      '/indexes/wire_episodes/documents',
      '/indexes/wire_passages/documents/delete',
      '/indexes/wire_cues/documents/delete',
    ]);
    // The old revision goes only after the new one is in place, selected by an escaped filter.
    expect(writes[3]?.body).toEqual({ filter: '(episodeId = "recours-lycees") AND (revision != "rev-a1")' });
    const passages = writes[1]?.body as { docId: string; text: string; revision: string }[];
    expect(passages.length).toBe(episodePassageDocuments(data, fixtureShow).length);
    expect(passages.every((p) => p.revision === 'rev-a1' && /^[A-Za-z0-9_-]+$/.test(p.docId))).toBe(true);
    // Each write waited for its task to finish before the next one was sent.
    for (let k = 1; k < writes.length; k++) {
      const between = recorded.slice(writes[k - 1]!.i + 1, writes[k]!.i);
      expect(between.some((r) => r.method === 'GET' && r.path.startsWith('/tasks/'))).toBe(true);
    }
    expect(recorded[recorded.length - 1]?.path.startsWith('/tasks/')).toBe(true);
  });

  it('reads a show with its episode count as one counted, filtered fetch, not a page of episodes', async () => {
    const archive = await openWireArchive();
    recorded.length = 0;
    expect(await archive.store.getShowSummary(fixtureShow.id)).toEqual({ ...fixtureShow, episodeCount: 0 });
    const fetches = recorded.filter(
      (r) => r.method === 'POST' && r.path === '/indexes/wire_episodes/documents/fetch',
    );
    expect(fetches).toHaveLength(1);
    expect(fetches[0]?.body).toMatchObject({ limit: 1, filter: [`showId = "${fixtureShow.id}"`] });
    expect(await archive.store.getShowSummary('no-such-show')).toBeNull();
  });

  it('reindexes into a new index, swaps it in atomically, drops the old one, and asks for a dump', async () => {
    const archive = await openWireArchive();
    recorded.length = 0;
    const result = await archive.reindex(async function* () {
      // As a loader reading transcript files would, one episode at a time.
      yield await Promise.resolve({ ...wordTimedEpisode(), show: fixtureShow });
    });
    const steps = recorded
      .filter((r) => !r.path.startsWith('/tasks/') && !(r.method === 'GET' && r.path.startsWith('/indexes/')))
      .map((r) => `${r.method} ${r.path}`);
    expect(steps).toEqual([
      // A leftover from an interrupted reindex is removed first (absent here: not an error).
      'DELETE /indexes/wire_passages_next',
      'POST /indexes',
      'PATCH /indexes/wire_passages_next/settings',
      'POST /indexes/wire_passages_next/documents',
      'POST /swap-indexes',
      'DELETE /indexes/wire_passages_next',
    ]);
    expect(recorded.find((r) => r.path === '/swap-indexes')?.body).toEqual([
      { indexes: ['wire_passages', 'wire_passages_next'], rename: false },
    ]);
    // Searches never touched the index being built.
    expect(recorded.some((r) => r.path === '/indexes/wire_passages/documents')).toBe(false);
    expect(result).toEqual({
      episodes: 1,
      passages: episodePassageDocuments(wordTimedEpisode(), fixtureShow).length,
    });

    await expect(archive.backup()).resolves.toMatchObject({ dumpUid: '20261122-121500000' });
  });
});
