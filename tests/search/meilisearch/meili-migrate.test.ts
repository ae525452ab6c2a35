// The migration from an embedded archive copies through the ArchiveStore interface, so it
// is checked here between two real SQLite stores; the Meilisearch target is the same
// interface (MeiliStore) when MEILI_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  listSqliteClipAndPackIds,
  migrateArchive,
} from '../../../server/search/meilisearch/meili-archive.ts';
import { sqliteSearchIndexer } from '../../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore, type SqliteStore } from '../../../server/store/sqlite-store.ts';
import {
  cueTimedEpisode,
  fixtureShow,
  wordTimedEpisode,
} from '../../fixtures/meilisearch/archive-fixture.ts';
import { recoursEpisodeAtCut } from '../../fixtures/clips/episode-at-cut.ts';

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

describe('migrating an embedded archive', () => {
  it('copies shows, episodes with cues and word timings, clips and packs with their token hashes', async () => {
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

    const to = tempStore();
    const progress: string[] = [];
    const copied = await migrateArchive(from, to, listSqliteClipAndPackIds(from), (m) => progress.push(m));

    expect(copied).toEqual({ shows: 1, episodes: 2, clips: 1, packs: 1 });
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
    expect(progress[progress.length - 1]).toContain('2 episodes');

    // Safe to re-run: nothing is duplicated.
    await migrateArchive(from, to, listSqliteClipAndPackIds(from));
    expect(await to.counts()).toEqual(await from.counts());
  });
});
