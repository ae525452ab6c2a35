import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../server/store/sqlite-schema.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import type { Cue, Episode, Show } from '../../server/model/types.ts';
import { createRecordingIndexer, type RecordingIndexer } from './recording-indexer.ts';
import { recoursEpisodeAtCut } from '../fixtures/clips/episode-at-cut.ts';

const show: Show = {
  id: 'libertes-numeriques',
  title: 'Libertés numériques',
  description: 'Entretiens sur les droits à l’ère numérique',
  language: 'fr',
  url: 'https://example.org/libertes',
  image: null,
  license: 'CC BY-SA 4.0',
};

function episode(id: string, overrides: Partial<Episode> = {}): Episode {
  return {
    id,
    showId: show.id,
    title: `Épisode ${id}`,
    date: '2024-03-18',
    language: 'fr',
    speakers: ['Claire', 'Malik'],
    media: `${show.id}/${id}.mp3`,
    mediaType: 'audio/mpeg',
    url: null,
    license: null,
    tags: ['surveillance'],
    chapters: [{ startTime: 0, title: 'Introduction' }],
    duration: 9.5,
    source: `${show.id}/${id}.vtt`,
    format: 'vtt',
    revision: `rev-${id}`,
    cueCount: 3,
    ...overrides,
  };
}

const cues: Cue[] = [
  { start: 0, end: 3.2, speaker: 'Claire', text: 'La reconnaissance faciale arrive dans les lycées.' },
  {
    start: 3.2,
    end: 6.75,
    speaker: 'Malik',
    text: 'Nous avons déposé un recours.',
    words: [
      { text: 'Nous', start: 3.2, end: 3.5 },
      { text: 'avons', start: 3.5, end: 3.9 },
      { text: 'déposé', start: 3.9, end: 4.6 },
      { text: 'un', start: 4.6, end: 4.8 },
      { text: 'recours.', start: 4.8, end: 6.75 },
    ],
  },
  { start: 6.75, end: 9.5, speaker: null, text: '[rires]' },
];

let dir: string;
let file: string;
let indexer: RecordingIndexer;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-store-'));
  file = path.join(dir, 'data', 'archive.sqlite');
  indexer = createRecordingIndexer();
  store = openSqliteStore({ file, indexer });
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  it('creates the file in WAL mode with its schema recorded once', async () => {
    expect(fs.existsSync(file)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
    store = openSqliteStore({ file, indexer });
    const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
    expect(versions.at(-1)).toEqual({ version: store.schemaVersion });
    expect(store.checkIntegrity()).toEqual(['ok']);
  });

  it('refuses an archive written by a newer schema', async () => {
    await store.close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')").run();
    raw.close();
    expect(() => openSqliteStore({ file, indexer })).toThrow(/schema version 999 is newer/);
    store = openSqliteStore({ file: path.join(dir, 'other.sqlite'), indexer });
  });

  it('stores shows, episodes and cues, and reads them back identically after reopening', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('ep1'), cues });
    await store.close();
    store = openSqliteStore({ file, indexer });

    expect(await store.getShow(show.id)).toEqual(show);
    expect(await store.getEpisode('ep1')).toEqual(episode('ep1'));
    expect(await store.getCues('ep1')).toEqual(cues);
    expect(await store.listShows()).toEqual([{ ...show, episodeCount: 1 }]);
    expect(await store.counts()).toEqual({ shows: 1, episodes: 1, cues: 3, clips: 0, packs: 0 });
    expect(await store.listIngestRecords()).toEqual([
      {
        episodeId: 'ep1',
        source: 'libertes-numeriques/ep1.vtt',
        revision: 'rev-ep1',
        transcriptSha256: null,
        fileStat: null,
      },
    ]);
  });

  it('reads back a long episode cue for cue, in order', async () => {
    await store.upsertShow(show);
    // 150 cues, word timings on some.
    const long: Cue[] = Array.from({ length: 150 }, (_, i) => ({
      ...cues[i % cues.length]!,
      start: i * 4,
      end: i * 4 + 3.5,
      text: `Réplique ${i} : ${cues[i % cues.length]!.text}`,
    }));
    await store.replaceEpisode({ episode: episode('long', { cueCount: 150 }), cues: long });
    expect(await store.getCues('long')).toEqual(long);
  });

  it('replaces an episode and its search documents together, and cueCount follows the cues', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('ep1'), cues });
    await store.replaceEpisode({
      episode: episode('ep1', { revision: 'rev-2', cueCount: 99 }),
      cues: cues.slice(0, 1),
    });

    expect(indexer.calls).toEqual(['remove:ep1', 'index:ep1', 'remove:ep1', 'index:ep1']);
    expect(await store.getCues('ep1')).toEqual(cues.slice(0, 1));
    expect((await store.getEpisode('ep1'))?.cueCount).toBe(1);
    expect(store.db.prepare('SELECT cue_count FROM test_index').all()).toEqual([{ cue_count: 1 }]);
  });

  it('keeps the previous version intact when indexing the new one fails', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('ep1'), cues });
    indexer.failOn = 'ep1';
    await expect(
      store.replaceEpisode({ episode: episode('ep1', { title: 'Nouveau titre' }), cues: cues.slice(0, 1) }),
    ).rejects.toThrow(/index failure/);

    expect((await store.getEpisode('ep1'))?.title).toBe('Épisode ep1');
    expect(await store.getCues('ep1')).toEqual(cues);
    expect(store.db.prepare('SELECT count(*) AS n FROM test_index').get()).toEqual({ n: 1 });
  });

  it('writes a batch all or nothing', async () => {
    await store.upsertShow(show);
    indexer.failOn = 'ep3';
    expect(() =>
      store.replaceEpisodesSync([
        { episode: episode('ep2'), cues },
        { episode: episode('ep3'), cues },
      ]),
    ).toThrow(/index failure/);
    expect(await store.counts()).toMatchObject({ episodes: 0, cues: 0 });

    indexer.failOn = null;
    await store.replaceEpisodes([
      { episode: episode('ep2'), cues },
      { episode: episode('ep3'), cues },
    ]);
    expect(await store.counts()).toMatchObject({ episodes: 2, cues: 6 });
  });

  it('rejects an episode of an unknown show', async () => {
    await expect(store.replaceEpisode({ episode: episode('ep1'), cues })).rejects.toThrow(
      /Show not found: libertes-numeriques/,
    );
  });

  it('replaces the old row when a source gets a new episode id', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('old-id', { source: 'libertes-numeriques/a.vtt' }), cues });
    await store.replaceEpisode({ episode: episode('new-id', { source: 'libertes-numeriques/a.vtt' }), cues });
    expect(await store.getEpisode('old-id')).toBeNull();
    expect((await store.listIngestRecords()).map((r) => r.episodeId)).toEqual(['new-id']);
    expect(indexer.calls).toContain('remove:old-id');
  });

  it('removes episodes, and a show only once it is empty', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('ep1'), cues });
    await expect(store.removeShow(show.id)).rejects.toThrow(/still has 1 episode/);
    expect(await store.removeEpisode('ep1')).toBe(true);
    expect(await store.removeEpisode('ep1')).toBe(false);
    expect(await store.getCues('ep1')).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM test_index').get()).toEqual({ n: 0 });
    await store.removeShow(show.id);
    expect(await store.getShow(show.id)).toBeNull();
  });

  it('lists episodes newest first, by show, with paging', async () => {
    const other: Show = { ...show, id: 'autre', title: 'Autre émission' };
    await store.upsertShow(show);
    await store.upsertShow(other);
    await store.replaceEpisode({ episode: episode('a', { date: '2023-01-01' }), cues });
    await store.replaceEpisode({ episode: episode('b', { date: '2024-06-01', source: 'x/b.vtt' }), cues });
    await store.replaceEpisode({ episode: episode('c', { date: null, source: 'x/c.vtt' }), cues });
    await store.replaceEpisode({ episode: episode('d', { showId: 'autre', source: 'autre/d.vtt' }), cues });

    const all = await store.listEpisodes({ limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.items.map((e) => e.id)).toEqual(['b', 'd', 'a', 'c']);
    const page = await store.listEpisodes({ showId: show.id, limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((e) => e.id)).toEqual(['a', 'c']);
    expect((await store.listShows()).map((s) => [s.id, s.episodeCount])).toEqual([
      ['autre', 1],
      ['libertes-numeriques', 3],
    ]);
    expect(await store.getShowSummary(show.id)).toEqual({ ...show, episodeCount: 3 });
    expect(await store.getShowSummary('absente')).toBeNull();
  });

  it('lists shows by title as a reader orders them, an accented capital with its letter (as Meilisearch mode does)', async () => {
    await store.upsertShow(show);
    await store.upsertShow({ ...show, id: 'ecoute', title: 'Écoute citoyenne' });
    await store.upsertShow({ ...show, id: 'zebre', title: 'zèbre' });
    await store.upsertShow({ ...show, id: 'ondes', title: 'Ondes' });
    expect((await store.listShows()).map((s) => s.title)).toEqual([
      'Écoute citoyenne',
      'Libertés numériques',
      'Ondes',
      'zèbre',
    ]);
  });

  it('lists episodes of one date by title with an accented capital at its letter, page after page', async () => {
    await store.upsertShow(show);
    const titles = ['Fin de partie', 'Écoute des réseaux', 'entretien', 'Zoé', 'À propos', 'Ebook'];
    for (const [i, title] of titles.entries())
      await store.replaceEpisode({ episode: episode(`t${i}`, { title, source: `x/t${i}.vtt` }), cues });
    const pages = [0, 2, 4].map((offset) => store.listEpisodes({ showId: show.id, limit: 2, offset }));
    const listed = (await Promise.all(pages)).flatMap((page) => page.items.map((e) => e.title));
    const expected = ['À propos', 'Ebook', 'Écoute des réseaux', 'entretien', 'Fin de partie', 'Zoé'];
    expect(listed).toEqual(expected);
    const all = await store.listEpisodes({ limit: 10, offset: 0 });
    expect(all.items.map((e) => e.title)).toEqual(expected);
  });

  it('saves clips and packs with their edit-token hashes; a clip outlives a re-ingest of its episode', async () => {
    await store.upsertShow(show);
    await store.replaceEpisode({ episode: episode('ep1'), cues });
    const clip = {
      id: 'clip1',
      episodeId: 'ep1',
      start: 3.2,
      end: 6.75,
      title: 'Le recours',
      note: null,
      quote: 'Nous avons déposé un recours.',
      revision: 'rev-ep1',
      createdAt: '2024-04-01T10:00:00.000Z',
      episodeAtCut: recoursEpisodeAtCut,
    };
    await store.saveClip({ clip, editTokenHash: 'hash-1' });
    const pack = {
      id: 'pack1',
      title: 'Cours : surveillance',
      intro: 'Trois extraits',
      items: [{ clipId: 'clip1', note: 'à écouter en premier' }],
      createdAt: '2024-04-01T10:05:00.000Z',
    };
    await store.savePack({ pack, editTokenHash: 'hash-2' });
    await store.replaceEpisode({ episode: episode('ep1', { revision: 'rev-2' }), cues });

    expect(await store.getClip('clip1')).toEqual({ clip, editTokenHash: 'hash-1' });
    expect(await store.getPack('pack1')).toEqual({ pack, editTokenHash: 'hash-2' });
    expect(await store.counts()).toMatchObject({ clips: 1, packs: 1 });
    expect(await store.deleteClip('clip1')).toBe(true);
    expect(await store.deleteClip('clip1')).toBe(false);
    expect(await store.deletePack('pack1')).toBe(true);
    expect(await store.getPack('pack1')).toBeNull();
  });
});
