// POST /api/reindex on a real SQLite archive of a few thousand cues, with searches running
// the whole time: none may fail or come back empty, and the rebuilt index must be live.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { removeEpisodeFromIndex } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { isSqliteStore } from '../../server/store/sqlite-store.ts';
import {
  episodeAsVtt,
  generatedEpisode,
  generatedShow,
  markerWord,
} from '../fixtures/admin/generated-episodes.ts';
import {
  EXISTING_EPISODE,
  EXISTING_SHOW,
  EXISTING_WORD,
  adminHeaders,
  createAdminTestArchive,
  uploadForm,
  type AdminTestArchive,
} from './admin-test-archive.ts';

const EPISODES = 150;
const CUES_PER_EPISODE = 25;

interface SearchJson {
  total: number;
  hits: { episode: { id: string }; start: number }[];
}
interface ReindexJson {
  backend: string;
  episodes: number;
  passages: number;
  ms: number;
}

let t: AdminTestArchive;

beforeAll(async () => {
  t = await createAdminTestArchive();
  // Real files, so that ingest (run by uploads) keeps these episodes.
  const showDir = path.join(t.transcriptsDir, generatedShow.id);
  mkdirSync(showDir);
  writeFileSync(
    path.join(showDir, 'show.json'),
    JSON.stringify({ title: generatedShow.title, language: 'fr' }),
  );
  for (let n = 0; n < EPISODES; n++) {
    writeFileSync(
      path.join(showDir, `rapport-${n}.vtt`),
      episodeAsVtt(generatedEpisode('rapport', n, CUES_PER_EPISODE)),
    );
  }
  const summary = await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store });
  expect(summary.failed).toEqual([]);
  expect(summary.added).toBe(EPISODES);
});
afterAll(async () => {
  await t?.cleanup();
});

function generation(): number {
  if (!isSqliteStore(t.archive.store)) throw new Error('expected the SQLite store');
  return Number(
    t.archive.store.db.prepare("SELECT value FROM search_state WHERE key = 'generation'").pluck().get(),
  );
}

async function search(q: string, episode?: string): Promise<{ status: number; body: SearchJson }> {
  const filter = episode ? `&episode=${encodeURIComponent(episode)}` : '';
  const res = await t.app.request(`/api/search?q=${encodeURIComponent(q)}&limit=100${filter}`);
  return { status: res.status, body: (await res.json()) as SearchJson };
}

const reindex = () => t.app.request('/api/reindex', { method: 'POST', headers: adminHeaders() });

describe('POST /api/reindex', () => {
  it('keeps answering every search with the expected hits while the index is rebuilt', async () => {
    const queries = [
      markerWord('rapport', 3),
      markerWord('rapport', 77),
      markerWord('rapport', 149),
      'reconnaissance faciale stades',
      EXISTING_WORD,
    ];
    // What each query answers before the rebuild. Hits of a query with fewer than a page
    // of them must stay exactly the same; a broad query must keep filling its page.
    const expected = new Map<string, { ids: string[]; complete: boolean }>();
    for (const q of queries) {
      const { status, body } = await search(q);
      expect(status).toBe(200);
      expect(body.total).toBeGreaterThan(0);
      expected.set(q, {
        ids: [...new Set(body.hits.map((h) => h.episode.id))].sort(),
        complete: body.total < 100,
      });
    }
    expect(expected.get(markerWord('rapport', 77))!.ids).toContain(`${generatedShow.id}--rapport-77`);
    expect(expected.get(EXISTING_WORD)!.ids).toEqual([EXISTING_EPISODE]);
    expect(expected.get('reconnaissance faciale stades')!.complete).toBe(false);
    const answerIsRight = (q: string, status: number, body: SearchJson) => {
      const want = expected.get(q)!;
      const ids = [...new Set(body.hits.map((h) => h.episode.id))].sort();
      if (status !== 200 || body.hits.length === 0) return false;
      if (want.complete) return JSON.stringify(ids) === JSON.stringify(want.ids);
      return body.hits.length === 100 && ids.every((id) => id.startsWith(`${generatedShow.id}--`));
    };

    const generationBefore = generation();
    let reindexing = true;
    let answersDuringReindex = 0;
    const failures: string[] = [];
    const searchLoop = async (offset: number) => {
      for (let i = offset; reindexing; i++) {
        const q = queries[i % queries.length]!;
        const { status, body } = await search(q);
        if (!answerIsRight(q, status, body)) {
          failures.push(`${q}: status ${status}, total ${body.total}, ${body.hits.length} hits`);
        }
        if (reindexing) answersDuringReindex++;
        // SQLite answers synchronously: let the rebuild's next batch run between searches.
        await nextTurn();
      }
    };
    const loops = [searchLoop(0), searchLoop(2), searchLoop(4)];
    const res = await reindex();
    reindexing = false;
    await Promise.all(loops);

    expect(res.status).toBe(200);
    const report = (await res.json()) as ReindexJson;
    expect(report).toMatchObject({ backend: 'sqlite', episodes: EPISODES + 1 });
    expect(report.passages).toBeGreaterThanOrEqual(EPISODES);
    expect(failures).toEqual([]);
    expect(answersDuringReindex).toBeGreaterThan(0);
    // The new index is the live one, and answers as the old one did.
    expect(generation()).toBeGreaterThan(generationBefore);
    for (const q of queries) {
      const { status, body } = await search(q);
      expect(answerIsRight(q, status, body), q).toBe(true);
    }
  });

  it('rebuilds from the stored episodes: an episode missing from the index is found again', async () => {
    if (!isSqliteStore(t.archive.store)) throw new Error('expected the SQLite store');
    const id = `${generatedShow.id}--rapport-42`;
    removeEpisodeFromIndex(t.archive.store.db, id);
    expect((await search('stades', id)).body.total).toBe(0);
    expect((await reindex()).status).toBe(200);
    const { body } = await search('stades', id);
    expect(body.total).toBeGreaterThan(0);
    expect(new Set(body.hits.map((h) => h.episode.id))).toEqual(new Set([id]));
  });

  it('an upload sent during a reindex waits for it, and is searchable afterwards', async () => {
    const form = uploadForm({
      transcript: {
        name: 'pendant-la-reconstruction.vtt',
        content:
          'WEBVTT\n\n00:00.000 --> 00:03.000\nLa géolocalisation des manifestants inquiète les juristes.\n',
      },
      metadata: { show: EXISTING_SHOW },
    });
    const [rebuilt, uploaded] = await Promise.all([
      reindex(),
      t.app.request('/api/episodes', { method: 'POST', headers: adminHeaders(), body: form }),
    ]);
    expect(rebuilt.status).toBe(200);
    expect(uploaded.status).toBe(201);
    const { body } = await search('géolocalisation manifestants');
    expect(body.hits.map((h) => h.episode.id)).toEqual([`${EXISTING_SHOW}--pendant-la-reconstruction`]);
    expect((await t.archive.store.counts()).episodes).toBe(EPISODES + 2);
  });

  it('answers 503 when the archive has no reindex', async () => {
    const app = createApp(
      { config: t.config, store: t.archive.store, search: t.archive.search },
      { webDistDir: t.dir },
    );
    const res = await app.request('/api/reindex', { method: 'POST', headers: adminHeaders() });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('backend_unavailable');
  });
});
