// An archive written before clips stored their episode's citation details: opening it
// fills each clip's details from its episode, so the clip stays citable once the episode goes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config/env.ts';
import { createApp } from '../../server/http/app.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { SQLITE_MIGRATIONS } from '../../server/store/sqlite-schema.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';

// The clip-related tables as the first schema version created them.
const schemaV1 = `
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
  INSERT INTO schema_migrations VALUES (1, 'archive tables', '2025-01-01T00:00:00.000Z');
  CREATE TABLE shows (id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT, language TEXT,
    url TEXT, image TEXT, license TEXT);
  CREATE TABLE episodes (id TEXT PRIMARY KEY, show_id TEXT NOT NULL REFERENCES shows(id), title TEXT NOT NULL,
    date TEXT, language TEXT, speakers TEXT NOT NULL, media TEXT, media_type TEXT, url TEXT, license TEXT,
    tags TEXT NOT NULL, chapters TEXT NOT NULL, duration REAL NOT NULL, source TEXT NOT NULL,
    format TEXT NOT NULL, revision TEXT NOT NULL, cue_count INTEGER NOT NULL);
  CREATE INDEX episodes_by_show ON episodes(show_id, date);
  CREATE UNIQUE INDEX episodes_by_source ON episodes(source);
  CREATE TABLE cues (episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    start REAL NOT NULL, end REAL NOT NULL, speaker TEXT, text TEXT NOT NULL, words TEXT,
    PRIMARY KEY (episode_id, ord)) WITHOUT ROWID;
  CREATE TABLE clips (id TEXT PRIMARY KEY, episode_id TEXT NOT NULL, start REAL NOT NULL, end REAL NOT NULL,
    title TEXT, note TEXT, quote TEXT NOT NULL, revision TEXT NOT NULL, created_at TEXT NOT NULL,
    edit_token_hash TEXT NOT NULL);
  CREATE INDEX clips_by_episode ON clips(episode_id);
  CREATE TABLE packs (id TEXT PRIMARY KEY, title TEXT NOT NULL, intro TEXT, items TEXT NOT NULL,
    created_at TEXT NOT NULL, edit_token_hash TEXT NOT NULL);
  PRAGMA user_version = 1;
`;

const episodeId = 'libertes-numeriques--drones';

function writeOldArchive(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(schemaV1);
  db.prepare('INSERT INTO shows VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    'libertes-numeriques',
    'Libertés numériques',
    null,
    'fr',
    'https://libertes.example.org',
    null,
    'CC BY-SA 4.0',
  );
  db.prepare('INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    episodeId,
    'libertes-numeriques',
    'Des drones au-dessus des manifestations',
    '2023-11-20',
    'fr',
    JSON.stringify(['Inès Morel', 'Paul Girard', 'Léa Simon']),
    'libertes-numeriques/drones.mp3',
    'audio/mpeg',
    'https://libertes.example.org/drones',
    null,
    '[]',
    '[]',
    12,
    'libertes-numeriques/drones.vtt',
    'vtt',
    'rev-drones-1',
    4,
  );
  const cue = db.prepare('INSERT INTO cues VALUES (?, ?, ?, ?, ?, ?, ?)');
  cue.run(episodeId, 0, 0, 3, 'Léa Simon', 'Bienvenue.', null);
  cue.run(episodeId, 1, 3, 6, 'Paul Girard', 'Les drones filment la foule.', null);
  cue.run(episodeId, 2, 6, 9, 'Inès Morel', 'Sans aucun cadre légal.', null);
  cue.run(episodeId, 3, 9, 12, 'Paul Girard', 'Le Conseil d’État l’a rappelé.', null);
  const clip = db.prepare('INSERT INTO clips VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  clip.run(
    'Dr0nesClip',
    episodeId,
    3,
    9,
    null,
    null,
    'Les drones filment la foule. Sans aucun cadre légal.',
    'rev-drones-1',
    '2025-01-02T10:00:00.000Z',
    'hash',
  );
  // Its episode was already deleted before the upgrade: nothing to fill its details from.
  clip.run(
    'OrphanClip',
    'libertes-numeriques--partie',
    1,
    4,
    'Un extrait',
    null,
    'Une citation sans épisode.',
    'rev-x',
    '2025-01-03T10:00:00.000Z',
    'hash',
  );
  db.close();
}

let dir: string;
let file: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-migration-'));
  file = path.join(dir, 'data', 'archive.sqlite');
  writeOldArchive(file);
  store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function appOn(s: SqliteStore) {
  const config = parseConfig({
    VERBATIM_TRANSCRIPTS_DIR: path.join(dir, 'transcripts'),
    VERBATIM_DATA_DIR: path.join(dir, 'data'),
    VERBATIM_INGEST_ON_START: 'false',
  });
  return createApp({ config, store: s, search: createSqliteSearchBackend(s.db) });
}

describe('upgrading an archive whose clips stored only their quote', () => {
  it('fills each clip’s episode details from its episode, speakers of the range in order', async () => {
    const stored = await store.getClip('Dr0nesClip');
    expect(stored?.clip.episodeAtCut).toEqual({
      showId: 'libertes-numeriques',
      showTitle: 'Libertés numériques',
      showUrl: 'https://libertes.example.org',
      title: 'Des drones au-dessus des manifestations',
      date: '2023-11-20',
      language: 'fr',
      speakers: ['Paul Girard', 'Inès Morel'],
      mediaType: 'audio/mpeg',
      url: 'https://libertes.example.org/drones',
      license: 'CC BY-SA 4.0',
      duration: 12,
      source: 'libertes-numeriques/drones.vtt',
    });
    expect((await store.getClip('OrphanClip'))?.clip.episodeAtCut).toBeNull();
    // Reopening applies nothing twice.
    await store.close();
    store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
    expect(store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map((m) => ({ version: m.version })),
    );
  });

  it('keeps an upgraded clip’s page and citation once its episode is removed', async () => {
    await store.removeEpisode(episodeId);
    const app = appOn(store);
    const res = await app.request('/api/clips/Dr0nesClip');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      clip: { quote: string };
      episode: { title: string; date: string };
      show: { title: string };
      speaker: string;
      range: string;
      episodeGone: boolean;
    };
    expect(body.episodeGone).toBe(true);
    expect(body.clip.quote).toBe('Les drones filment la foule. Sans aucun cadre légal.');
    expect(body.episode.title).toBe('Des drones au-dessus des manifestations');
    expect(body.episode.date).toBe('2023-11-20');
    expect(body.show.title).toBe('Libertés numériques');
    expect(body.speaker).toBe('Paul Girard, Inès Morel');
    expect(body.range).toBe('0:03–0:09');
    const apa = (await (await app.request('/api/clips/Dr0nesClip/citation?style=apa')).json()) as {
      text: string;
    };
    expect(apa.text).toBe(
      'Libertés numériques. (2023, November 20). Des drones au-dessus des manifestations [Audio podcast episode]. In Libertés numériques. https://libertes.example.org/drones',
    );
  });

  it('still gives the quote of a clip whose episode was gone before the upgrade', async () => {
    const app = appOn(store);
    const res = await app.request('/api/clips/OrphanClip');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { clip: { quote: string }; range: string; episodeGone: boolean };
    expect(body.episodeGone).toBe(true);
    expect(body.clip.quote).toBe('Une citation sans épisode.');
    expect(body.range).toBe('0:01–0:04');
  });
});
