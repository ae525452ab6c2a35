// Meilisearch mode as an admin watching a running server sees it: /api/health tells whether
// the search index is current, outdated or being rebuilt, and a Meilisearch that goes away
// gives 503s naming it until it is back. On a stand-in server that keeps documents (no
// Meilisearch can run here).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  createAdminTestArchive,
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  EXISTING_SHOW,
  type AdminTestArchive,
} from '../../admin/admin-test-archive.ts';
import { createMeiliClient, meiliIndexNames } from '../../../server/search/meilisearch/meili-client.ts';
import {
  meiliConnectionFromConfig,
  openMeiliArchive,
} from '../../../server/search/meilisearch/meili-archive.ts';
import type { MeiliStore } from '../../../server/store/meili-store.ts';
import { startServer } from '../../../server/http/start-server.ts';
import { watchFolder } from '../../../server/ingest/watch-folder.ts';
import { schemaProblems, type OpenApiDocumentJson } from '../../http/openapi-schema-check.ts';
import { episodeWithCues } from '../../fixtures/search/episode-with-cues.ts';
import { startFakeMeiliServer, type FakeMeiliServer } from './fake-meili-server.ts';
import { meiliTestIndexPrefix } from './meili-test-backend.ts';

let meili: FakeMeiliServer;
let t: AdminTestArchive;
beforeAll(async () => {
  meili = await startFakeMeiliServer();
});
afterAll(async () => {
  await meili.close();
});
beforeEach(async () => {
  t = await createAdminTestArchive({
    MEILI_URL: meili.url,
    VERBATIM_MEILI_INDEX_PREFIX: meiliTestIndexPrefix(),
  });
});
afterEach(async () => {
  await t.cleanup();
});

interface HealthBody {
  status: string;
  counts?: { episodes: number; cues: number };
  reason?: string;
  index?: { state: string; since?: string; detail?: string };
}

/** /api/health, its body checked against the schema the OpenAPI document gives it. */
async function health(): Promise<{ status: number; body: HealthBody }> {
  const doc = (await (await t.app.request('/api/openapi.json')).json()) as OpenApiDocumentJson;
  const res = await t.app.request('/api/health');
  const body = (await res.json()) as HealthBody;
  const schema =
    doc.paths['/api/health']!['get']!.responses[String(res.status)]!.content!['application/json']!.schema!;
  expect(schemaProblems(doc, schema, body)).toEqual([]);
  return { status: res.status, body };
}

/** Rewrites the archive's passages as an earlier version stored them: without `cuts`. */
async function cutByAnEarlierVersion(): Promise<number> {
  const uid = meiliIndexNames(t.config.meiliIndexPrefix).passages;
  const earlier = meili.documents(uid)!.map(({ cuts: _cuts, ...rest }) => rest);
  const client = createMeiliClient(meiliConnectionFromConfig(t.config));
  await client.index(uid).addDocuments(earlier).waitTask();
  return earlier.length;
}

describe('/api/health in Meilisearch mode', () => {
  it('says the index is current, outdated with what to do, rebuilding while it is, then current again', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { index: { state: 'current' } } });

    const passages = await cutByAnEarlierVersion();
    expect(passages).toBeGreaterThan(0);
    const outdated = await health();
    // Still answering searches: 200.
    expect(outdated.status).toBe(200);
    expect(outdated.body.index).toMatchObject({ state: 'outdated' });
    expect(outdated.body.index?.detail).toContain(`cut by an earlier version: ${passages}`);
    expect(outdated.body.index?.detail).toContain('POST /api/reindex');

    const rebuilding = t.archive.reindex!();
    const during = await health();
    expect(during.status).toBe(200);
    expect(during.body.index).toMatchObject({ state: 'rebuilding' });
    expect(Date.parse(during.body.index!.since!)).not.toBeNaN();
    await rebuilding;
    expect((await health()).body.index).toEqual({ state: 'current' });
  });
});

describe('a Meilisearch server that goes away while Verbatim runs', () => {
  it('gives 503 naming MEILI_URL and the cause, then answers again once it is back', async () => {
    const episode = `/api/episodes/${EXISTING_EPISODE}`;
    expect((await t.app.request(episode)).status).toBe(200);
    await meili.stop();
    try {
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.reason).toContain(`Meilisearch at ${meili.url} (MEILI_URL)`);
      expect(down.body.reason).toMatch(/connection (refused|reset)/);
      const read = await t.app.request(episode);
      expect(read.status).toBe(503);
      const error = (await read.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe('backend_unavailable');
      expect(error.error.message).toContain('MEILI_URL');
    } finally {
      await meili.start();
    }
    expect((await health()).status).toBe(200);
    expect((await t.app.request(episode)).status).toBe(200);
  });
});

describe('index settings changed by hand on the Meilisearch server', () => {
  it('are named at the next start and put back', async () => {
    const config = { meiliUrl: meili.url, meiliKey: undefined, meiliIndexPrefix: t.config.meiliIndexPrefix };
    expect((await openMeiliArchive(config)).settingsPutBack).toEqual([]);
    const names = meiliIndexNames(t.config.meiliIndexPrefix);
    meili.setSettings(names.passages, { rankingRules: ['typo', 'words'], stopWords: ['le', 'la'] });
    meili.setSettings(names.clips, { filterableAttributes: ['id'] });

    const logged: string[] = [];
    const running = await startServer(t.config, { log: (line) => logged.push(line) });
    await running.close();
    expect(logged).toEqual(
      expect.arrayContaining([
        `Meilisearch index ${names.passages} had settings other than this version of Verbatim sets (changed by hand, or by another version): rankingRules, stopWords. They were put back.`,
        `Meilisearch index ${names.clips} had settings other than this version of Verbatim sets (changed by hand, or by another version): filterableAttributes. They were put back.`,
      ]),
    );
    expect((await openMeiliArchive(config)).settingsPutBack).toEqual([]);
  });
});

describe('index settings changed by hand while Verbatim runs', () => {
  it('make a search fail with 503 naming the setting and what puts it back, not a 400 blaming the listener', async () => {
    const names = meiliIndexNames(t.config.meiliIndexPrefix);
    // Someone drops `speakers` from the filterable attributes in the Meilisearch console.
    meili.setSettings(names.passages, { filterableAttributes: ['showId', 'episodeId', 'cuts'] });
    const res = await t.app.request('/api/search?q=boîtes&speaker=Sophie');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(503);
    expect(body.error.code).toBe('backend_unavailable');
    expect(body.error.message).toContain('`speakers` is not filterable');
    expect(body.error.message).toContain(`settings of ${names.passages}`);
    expect(body.error.message).toContain('restart Verbatim');
  });

  it('make a write whose Meilisearch task fails answer 503 with the task, its cause and what puts it back', async () => {
    const names = meiliIndexNames(t.config.meiliIndexPrefix);
    meili.setSettings(names.redirects, { filterableAttributes: ['fromId'] });
    const res = await t.app.request(`/api/episodes/${EXISTING_EPISODE}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(503);
    expect(body.error.message).toMatch(/task \d+ failed while removing old links to /);
    expect(body.error.message).toContain('`toId` is not filterable');
    expect(body.error.message).toContain(`settings of ${names.redirects}`);
  });
});

describe('a transcript dropped in while Meilisearch is away', () => {
  it('is ingested once Meilisearch is back, without another change to the folder', async () => {
    const errors: string[] = [];
    const watcher = watchFolder({
      transcriptsDir: t.transcriptsDir,
      store: t.archive.store,
      parseThreads: 0,
      debounceMs: 50,
      retryMs: 100,
      onError: (error) => errors.push(String(error)),
    });
    try {
      await watcher.ready;
      await meili.stop();
      try {
        fs.writeFileSync(
          path.join(t.transcriptsDir, EXISTING_FOLDER, 'pendant-la-panne.vtt'),
          'WEBVTT\n\n00:00.000 --> 00:03.000\nDéposé pendant la panne.\n',
        );
        await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
        expect(errors[0]).toContain('MEILI_URL');
      } finally {
        await meili.start();
      }
      await expect
        .poll(() => t.archive.store.getEpisode('libertes-numeriques--pendant-la-panne'), { timeout: 10_000 })
        .not.toBeNull();
    } finally {
      await watcher.close();
    }
  });
});

describe('/api/health on a large Meilisearch archive', () => {
  it('counts the cues of 2,500 episodes in one request, not a page per 1,000 episodes', async () => {
    const names = meiliIndexNames(t.config.meiliIndexPrefix);
    const [stored] = meili.documents(names.episodes)!;
    // As ingest would store them, written at once: 2,500 episodes of 1 to 7 cues.
    const episodes = Array.from({ length: 2_500 }, (_, i) => ({
      ...stored,
      id: `libertes-numeriques--ep-${i}`,
      docId: `ep-${i}`,
      source: `Libertés numériques/ep-${i}.vtt`,
      cueCount: 1 + (i % 7),
    }));
    const client = createMeiliClient(meiliConnectionFromConfig(t.config));
    await client.index(names.episodes).addDocuments(episodes).waitTask();
    const cues = episodes.reduce((n, e) => n + e.cueCount, 0) + Number(stored!['cueCount']);

    const before = meili.requests.length;
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ counts: { episodes: 2_501, cues } });
    const episodeReads = meili.requests
      .slice(before)
      .filter((r) => r.includes(`/indexes/${names.episodes}/`));
    expect(episodeReads.length).toBeLessThanOrEqual(2);
  });
});

describe('two episodes whose files swapped ids in one ingest batch', () => {
  it('are both kept, each with its new file', async () => {
    const store = t.archive.store as MeiliStore;
    const show = (await store.getShow(EXISTING_SHOW))!;
    const cues = [{ start: 0, end: 3, speaker: null, text: 'Un entretien sur les données.' }];
    const at = (id: string, file: string, revision: string) =>
      episodeWithCues(show.id, id, cues, { source: `${EXISTING_FOLDER}/${file}`, revision });
    await store.replaceEpisodes([at('ep-a', 'a.vtt', 'r1'), at('ep-b', 'b.vtt', 'r1')]);
    // A name collision settled otherwise: a.vtt is now ep-b and b.vtt ep-a.
    await store.replaceEpisodes([at('ep-a', 'b.vtt', 'r2'), at('ep-b', 'a.vtt', 'r2')]);
    expect((await store.getEpisode('ep-a'))?.source).toBe(`${EXISTING_FOLDER}/b.vtt`);
    expect((await store.getEpisode('ep-b'))?.source).toBe(`${EXISTING_FOLDER}/a.vtt`);
    expect(await store.getCues('ep-b')).toEqual(cues);
  });
});
