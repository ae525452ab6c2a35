// The migration from an embedded archive copies through the ArchiveStore interface: checked
// from a real SQLite store into another, and into the Meilisearch store on a stand-in server
// that keeps documents (no Meilisearch can run here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  listSqliteMigrationItems,
  migrateArchive,
  openMeiliArchive,
} from '../../../server/search/meilisearch/meili-archive.ts';
import type { ArchiveStore } from '../../../server/store/archive-store.ts';
import { sqliteSearchIndexer } from '../../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore, type SqliteStore } from '../../../server/store/sqlite-store.ts';
import {
  cueTimedEpisode,
  fixtureShow,
  wordTimedEpisode,
} from '../../fixtures/meilisearch/archive-fixture.ts';
import { recoursEpisodeAtCut } from '../../fixtures/clips/episode-at-cut.ts';
import { startFakeMeiliServer, type FakeMeiliServer } from './fake-meili-server.ts';
import { meiliTestIndexPrefix } from './meili-test-backend.ts';

let meili: FakeMeiliServer;
beforeAll(async () => {
  meili = await startFakeMeiliServer();
});
afterAll(async () => {
  await meili.close();
});

const dirs: string[] = [];
const stores: SqliteStore[] = [];

function tempStore(): SqliteStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-migrate-'));
  dirs.push(dir);
  const store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const targets: { name: string; open: () => Promise<ArchiveStore> }[] = [
  { name: 'another embedded archive', open: () => Promise.resolve(tempStore()) },
  {
    name: 'Meilisearch (stand-in server)',
    open: async () =>
      (
        await openMeiliArchive({
          meiliUrl: meili.url,
          meiliKey: undefined,
          meiliIndexPrefix: meiliTestIndexPrefix(),
        })
      ).store,
  },
];

describe.each(targets)('migrating an embedded archive into $name', ({ open }) => {
  it("copies shows, episodes with cues and word timings, clips and packs with their token hashes, and moved episodes' old ids", async () => {
    const from = tempStore();
    await from.upsertShow(fixtureShow);
    await from.replaceEpisode(wordTimedEpisode());
    await from.replaceEpisode(cueTimedEpisode());
    const clip = {
      clip: {
        id: 'c1',
        episodeId: 'recours-lycees',
        start: 9,
        end: 14,
        title: 'Le recours',
        note: null,
        quote: 'Ce qui a motivé notre recours',
        revision: 'rev-a1',
        createdAt: '2026-11-22T10:00:00.000Z',
        episodeAtCut: recoursEpisodeAtCut,
      },
      editTokenHash: 'h1',
    };
    await from.saveClip(clip);
    const pack = {
      pack: {
        id: 'p1',
        title: 'Vie privée au lycée',
        intro: 'Deux extraits',
        items: [{ clipId: 'c1', note: 'À écouter' }],
        createdAt: '2026-11-22T10:05:00.000Z',
      },
      editTokenHash: 'h2',
    };
    await from.savePack(pack);
    // The file of `recours-lycees` was once called `recours`: old links lead to it.
    await from.saveRedirects([{ fromId: 'recours', toId: 'recours-lycees' }]);

    const to = await open();
    const progress: string[] = [];
    const copied = await migrateArchive(from, to, listSqliteMigrationItems(from), (m) => progress.push(m));

    expect(copied).toEqual({ shows: 1, episodes: 2, clips: 1, packs: 1, redirects: 1 });
    expect(await to.counts()).toEqual(await from.counts());
    expect(await to.getCues('recours-lycees')).toEqual(wordTimedEpisode().cues);
    expect(await to.getEpisode('surveillance-chiffrement')).toEqual(
      await from.getEpisode('surveillance-chiffrement'),
    );
    const shows = await from.listShows();
    expect(await to.listShows()).toEqual(shows);
    expect(await to.getShowSummary(shows[0]!.id)).toEqual(shows[0]);
    expect(await to.getClip('c1')).toEqual(clip);
    expect(await to.getPack('p1')).toEqual(pack);
    expect(await to.episodeRedirect('recours')).toBe('recours-lycees');
    expect(progress[progress.length - 1]).toContain('2 episodes');

    // Safe to re-run: nothing is duplicated.
    await migrateArchive(from, to, listSqliteMigrationItems(from));
    expect(await to.counts()).toEqual(await from.counts());
  });
});
