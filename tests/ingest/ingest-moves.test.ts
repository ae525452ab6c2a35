// An archivist tidies file names: a transcript renamed or moved to another show folder keeps
// its clips, and links to its old id lead to its new page (real files; the embedded archive
// on a real SQLite file, and Meilisearch mode on a stand-in server that keeps documents, and
// on a real server when MEILI_URL is set).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder, type IngestSummary } from '../../server/ingest/ingest-folder.ts';
import { watchFolder } from '../../server/ingest/watch-folder.ts';
import {
  createAdminTestArchive,
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  type AdminTestArchive,
} from '../admin/admin-test-archive.ts';
import { startFakeMeiliServer, type FakeMeiliServer } from '../search/meilisearch/fake-meili-server.ts';
import { deleteMeiliTestIndexes, meiliTestIndexPrefix } from '../search/meilisearch/meili-test-backend.ts';

let fakeMeili: FakeMeiliServer;
beforeAll(async () => {
  fakeMeili = await startFakeMeiliServer();
});
afterAll(async () => {
  await fakeMeili.close();
});

/** Each archive the tests run on: the environment that selects it. */
const archives: { name: string; env: () => Record<string, string> }[] = [
  { name: 'the embedded archive', env: () => ({}) },
  { name: 'Meilisearch mode (stand-in server)', env: () => ({ MEILI_URL: fakeMeili.url }) },
  ...(process.env.MEILI_URL
    ? [
        {
          name: 'Meilisearch mode (MEILI_URL)',
          env: () => ({
            MEILI_URL: process.env.MEILI_URL!,
            MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY ?? '',
          }),
        },
      ]
    : []),
];

describe.each(archives)('in $name', ({ env }) => {
  let t: AdminTestArchive;
  beforeEach(async () => {
    const chosen = env();
    t = await createAdminTestArchive(
      chosen.MEILI_URL ? { ...chosen, VERBATIM_MEILI_INDEX_PREFIX: meiliTestIndexPrefix() } : chosen,
    );
  });
  afterEach(async () => {
    await t.cleanup();
    if (t.config.meiliUrl) await deleteMeiliTestIndexes(t.config);
  });

  const ingest = () =>
    ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
  const showDir = () => path.join(t.transcriptsDir, EXISTING_FOLDER);

  async function cutClip(episodeId: string): Promise<string> {
    const res = await t.app.request('/api/clips', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ episodeId, start: 0, end: 5, title: 'Les boîtes noires' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { clip: { id: string } }).clip.id;
  }

  interface ClipView {
    clip: { episodeId: string };
    episode: { id: string; title: string };
    episodeGone: boolean;
    transcriptChanged: boolean;
  }

  async function viewClip(id: string): Promise<ClipView> {
    const res = await t.app.request(`/api/clips/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as ClipView;
  }

  describe('a transcript renamed between two runs', () => {
    it('keeps its clips, and its old links lead to the new id', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      fs.renameSync(
        path.join(showDir(), 'loi-renseignement.vtt'),
        path.join(showDir(), '2015-loi-renseignement.vtt'),
      );

      const summary = await ingest();
      expect(summary).toMatchObject({ added: 0, moved: 1, removed: 0, updated: 0, failed: [] });
      const newId = 'libertes-numeriques--2015-loi-renseignement';
      expect(await t.archive.store.getEpisode(newId)).not.toBeNull();

      // The clip is on the moved episode, not a stored copy of a gone one.
      const view = await viewClip(clipId);
      expect(view.clip.episodeId).toBe(newId);
      expect(view.episode.id).toBe(newId);
      expect(view.episodeGone).toBe(false);
      // The transcript's words did not change: its captions carry no "edited" notice.
      expect(view.transcriptChanged).toBe(false);

      // A course's link to the old page and the API's old address lead to the new ones.
      const page = await t.app.request(`/episodes/${EXISTING_EPISODE}?t=5`);
      expect(page.status).toBe(301);
      expect(page.headers.get('location')).toBe(`/episodes/${newId}?t=5`);
      const api = await t.app.request(`/api/episodes/${EXISTING_EPISODE}/transcript.vtt`);
      expect(api.status).toBe(301);
      expect(api.headers.get('location')).toBe(`/api/episodes/${newId}/transcript.vtt`);
      expect((await t.app.request(`/api/episodes/${newId}`)).status).toBe(200);
    });

    it('moved to another show folder keeps its clips too, and a second move redirects the first id', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      const otherShow = path.join(t.transcriptsDir, 'Archives');
      fs.mkdirSync(otherShow);
      fs.renameSync(path.join(showDir(), 'loi-renseignement.vtt'), path.join(otherShow, 'renseignement.vtt'));
      expect(await ingest()).toMatchObject({ added: 0, moved: 1, removed: 0 });
      fs.renameSync(path.join(otherShow, 'renseignement.vtt'), path.join(otherShow, 'loi-2015.vtt'));
      expect(await ingest()).toMatchObject({ added: 0, moved: 1, removed: 0 });

      const finalId = 'archives--loi-2015';
      expect((await viewClip(clipId)).episode.id).toBe(finalId);
      for (const oldId of [EXISTING_EPISODE, 'archives--renseignement']) {
        const res = await t.app.request(`/api/episodes/${oldId}`);
        expect(res.status).toBe(301);
        expect(res.headers.get('location')).toBe(`/api/episodes/${finalId}`);
      }
    });

    it('copied (the original stays) is a second episode, and the clips stay on the original', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      fs.copyFileSync(path.join(showDir(), 'loi-renseignement.vtt'), path.join(showDir(), 'copie.vtt'));
      expect(await ingest()).toMatchObject({ added: 1, moved: 0, removed: 0 });
      expect((await viewClip(clipId)).episode.id).toBe(EXISTING_EPISODE);
      expect((await t.app.request('/api/episodes/libertes-numeriques--copie')).status).toBe(200);
    });

    it('copied to a new name and then the original deleted (a move across disks) keeps its clips', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      fs.copyFileSync(
        path.join(showDir(), 'loi-renseignement.vtt'),
        path.join(showDir(), 'renseignement.vtt'),
      );
      await ingest();
      fs.rmSync(path.join(showDir(), 'loi-renseignement.vtt'));
      expect(await ingest()).toMatchObject({ removed: 1 });
      const view = await viewClip(clipId);
      expect(view.episode.id).toBe('libertes-numeriques--renseignement');
      expect(view.episodeGone).toBe(false);
    });

    it('renamed and edited in the same run is a new episode: the clips keep their stored details', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      const text = fs.readFileSync(path.join(showDir(), 'loi-renseignement.vtt'), 'utf8');
      fs.rmSync(path.join(showDir(), 'loi-renseignement.vtt'));
      fs.writeFileSync(path.join(showDir(), 'autre.vtt'), text.replace('boîtes noires', 'sondes'));
      expect(await ingest()).toMatchObject({ added: 1, moved: 0, removed: 1 });
      const view = await viewClip(clipId);
      expect(view.episodeGone).toBe(true);
      expect((await t.app.request(`/api/episodes/${EXISTING_EPISODE}`)).status).toBe(404);
    });

    it('renamed back: the old id is a real episode again, not a redirect', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      const original = path.join(showDir(), 'loi-renseignement.vtt');
      const renamed = path.join(showDir(), 'tmp-name.vtt');
      fs.renameSync(original, renamed);
      await ingest();
      fs.renameSync(renamed, original);
      expect(await ingest()).toMatchObject({ added: 0, moved: 1, removed: 0 });
      expect((await t.app.request(`/api/episodes/${EXISTING_EPISODE}`)).status).toBe(200);
      expect((await t.app.request('/api/episodes/libertes-numeriques--tmp-name')).status).toBe(301);
      expect((await viewClip(clipId)).episode.id).toBe(EXISTING_EPISODE);
    });

    it('deleted: its old id is no longer redirected anywhere', async () => {
      fs.renameSync(path.join(showDir(), 'loi-renseignement.vtt'), path.join(showDir(), 'b.vtt'));
      await ingest();
      fs.rmSync(path.join(showDir(), 'b.vtt'));
      expect(await ingest()).toMatchObject({ removed: 1 });
      expect((await t.app.request(`/api/episodes/${EXISTING_EPISODE}`)).status).toBe(404);
      expect((await t.app.request(`/episodes/${EXISTING_EPISODE}`)).status).toBe(404);
    });
  });

  describe('while the server watches the folder', () => {
    it('a show folder renamed is seen as its files moved: clips and links follow', async () => {
      const clipId = await cutClip(EXISTING_EPISODE);
      fs.mkdirSync(path.join(t.transcriptsDir, 'Autre émission'));
      fs.writeFileSync(
        path.join(t.transcriptsDir, 'Autre émission', 'ep.srt'),
        '1\n00:00:00,000 --> 00:00:02,000\nUne autre émission.\n',
      );
      await ingest();
      const summaries: IngestSummary[] = [];
      const watcher = watchFolder({
        transcriptsDir: t.transcriptsDir,
        store: t.archive.store,
        parseThreads: 0,
        onIngest: (summary) => summaries.push(summary),
      });
      try {
        await watcher.ready;
        fs.renameSync(showDir(), path.join(t.transcriptsDir, 'Libertés'));
        await expect.poll(() => summaries.reduce((n, s) => n + s.moved, 0), { timeout: 10_000 }).toBe(1);
      } finally {
        await watcher.close();
      }
      expect(summaries.reduce((n, s) => n + s.removed, 0)).toBe(0);
      const view = await viewClip(clipId);
      expect(view.episode.id).toBe('libertes--loi-renseignement');
      expect(view.episodeGone).toBe(false);
      const page = await t.app.request(`/episodes/${EXISTING_EPISODE}`);
      expect(page.headers.get('location')).toBe('/episodes/libertes--loi-renseignement');
    });
  });
});
