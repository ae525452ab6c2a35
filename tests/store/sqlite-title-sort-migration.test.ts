// An archive written by schema version 3 (episodes listed through a per-row SQL function):
// opening it stores each episode's folded title as its sort key, in place, and keeps every
// episode, cue, clip, pack and search document. The listing then reads an index in order.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpisodeWithCues, Show } from '../../server/model/types.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from '../../server/store/sqlite-schema.ts';
import {
  EPISODE_PAGE_SQL,
  openSqliteStore,
  SHOW_EPISODE_PAGE_SQL,
  type SqliteStore,
} from '../../server/store/sqlite-store.ts';

const show: Show = {
  id: 'libertes',
  title: 'Libertés numériques',
  description: null,
  language: 'fr',
  url: null,
  image: null,
  license: 'CC BY-SA 4.0',
};

function episode(slug: string, title: string, date: string | null): EpisodeWithCues {
  return {
    episode: {
      id: `libertes--${slug}`,
      showId: show.id,
      title,
      date,
      language: 'fr',
      speakers: ['Inès'],
      media: null,
      mediaType: null,
      url: null,
      license: null,
      tags: [],
      chapters: [],
      duration: 6,
      source: `libertes/${slug}.vtt`,
      format: 'vtt',
      revision: `rev-${slug}`,
      cueCount: 2,
    },
    cues: [
      { start: 0, end: 3, speaker: 'Inès', text: `Bonjour, ici ${title}.` },
      { start: 3, end: 6, speaker: 'Inès', text: `Les caméras piétonnes ${slug}.` },
    ],
  };
}

// One date shared by four titles whose folded order differs from their byte order.
const oldEpisodes = [
  episode('zoe', 'Zoé et les drones', '2024-05-02'),
  episode('ecoute', 'Écoute des réseaux', '2024-05-02'),
  episode('apropos', 'À propos du fichage', '2024-05-02'),
  episode('bilan', 'bilan de l’année', '2024-05-02'),
  episode('recent', 'Vidéosurveillance', '2024-06-10'),
  episode('undated', 'Archives sans date', null),
];

/** What version 3 wrote: its three migrations, its search tables, its episode rows. */
function writeVersion3Archive(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version <= 3)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      '2026-01-01T00:00:00.000Z',
    );
  }
  db.pragma('user_version = 3');
  sqliteSearchIndexer.createSchema(db);
  db.prepare('INSERT INTO shows VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    show.id,
    show.title,
    show.description,
    show.language,
    show.url,
    show.image,
    show.license,
  );
  const insertEpisode = db.prepare(
    `INSERT INTO episodes (id, show_id, title, date, language, speakers, media, media_type, url, license,
       tags, chapters, duration, source, format, revision, cue_count, transcript_sha256, file_stat)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCue = db.prepare('INSERT INTO cues VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const { episode: e, cues } of oldEpisodes) {
    insertEpisode.run(
      e.id,
      e.showId,
      e.title,
      e.date,
      e.language,
      JSON.stringify(e.speakers),
      e.media,
      e.mediaType,
      e.url,
      e.license,
      '[]',
      '[]',
      e.duration,
      e.source,
      e.format,
      e.revision,
      cues.length,
      `sha-${e.id}`,
      null,
    );
    cues.forEach((c, i) => insertCue.run(e.id, i, c.start, c.end, c.speaker, c.text, null));
    sqliteSearchIndexer.indexEpisode(db, { episode: e, cues }, show);
  }
  db.prepare(
    `INSERT INTO clips (id, episode_id, start, end, title, note, quote, revision, created_at, edit_token_hash,
       episode_at_cut) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    'ClipEcoute',
    'libertes--ecoute',
    3,
    6,
    'Les caméras',
    null,
    'Les caméras piétonnes ecoute.',
    'rev-ecoute',
    '2026-01-02T10:00:00.000Z',
    'hash',
    null,
  );
  db.prepare('INSERT INTO packs VALUES (?, ?, ?, ?, ?, ?)').run(
    'PackCours',
    'Cours du mardi',
    null,
    JSON.stringify([{ clipId: 'ClipEcoute', note: null }]),
    '2026-01-02T11:00:00.000Z',
    'hash',
  );
  db.close();
}

const foldedOrder = [
  'Vidéosurveillance',
  'À propos du fichage',
  'bilan de l’année',
  'Écoute des réseaux',
  'Zoé et les drones',
  'Archives sans date',
];

let dir: string;
let file: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-title-sort-'));
  file = path.join(dir, 'data', 'archive.sqlite');
  writeVersion3Archive(file);
  store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function listedTitles(query: { showId?: string; limit: number; offset: number }): Promise<string[]> {
  return (await store.listEpisodes(query)).items.map((e) => e.title);
}

describe('opening an archive written by schema version 3', () => {
  it('lists its episodes newest first, accents folded, undated last, page after page', async () => {
    expect(await listedTitles({ limit: 20, offset: 0 })).toEqual(foldedOrder);
    expect(await listedTitles({ showId: show.id, limit: 20, offset: 0 })).toEqual(foldedOrder);
    const pages = [];
    for (let offset = 0; offset < foldedOrder.length; offset += 4) {
      pages.push(...(await listedTitles({ limit: 4, offset })));
    }
    expect(pages).toEqual(foldedOrder);
    expect((await store.listEpisodes({ limit: 2, offset: 0 })).total).toBe(6);
  });

  it('keeps every episode, cue, clip, pack and search document it held', async () => {
    expect(await store.counts()).toEqual({ shows: 1, episodes: 6, cues: 12, clips: 1, packs: 1 });
    for (const { episode: e, cues } of oldEpisodes) {
      expect(await store.getEpisode(e.id)).toEqual(e);
      expect(await store.getCues(e.id)).toEqual(cues);
    }
    expect((await store.getClip('ClipEcoute'))?.clip.quote).toBe('Les caméras piétonnes ecoute.');
    expect((await store.getPack('PackCours'))?.pack.items).toEqual([{ clipId: 'ClipEcoute', note: null }]);
    const found = await createSqliteSearchBackend(store.db).search({
      q: 'cameras pietonnes apropos',
      filters: {},
      sort: 'relevance',
      group: 'none',
      limit: 10,
      offset: 0,
    });
    expect(found.hits.map((h) => h.episode.id)).toEqual(['libertes--apropos']);
  });

  it('sorts an episode written after the upgrade among the upgraded ones, and a retitled one by its new title', async () => {
    await store.replaceEpisode(episode('cnil', 'Comment la CNIL contrôle', '2024-05-02'));
    await store.replaceEpisode(episode('zoe', 'Ados et drones', '2024-05-02'));
    expect(await listedTitles({ limit: 20, offset: 0 })).toEqual([
      'Vidéosurveillance',
      'À propos du fichage',
      'Ados et drones',
      'bilan de l’année',
      'Comment la CNIL contrôle',
      'Écoute des réseaux',
      'Archives sans date',
    ]);
  });

  it('records the migration once, and reopening changes nothing', async () => {
    await store.close();
    store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
    expect(store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map((m) => ({ version: m.version })),
    );
    expect(await listedTitles({ limit: 20, offset: 0 })).toEqual(foldedOrder);
    expect(store.checkIntegrity()).toEqual(['ok']);
  });

  it('reads a page of the list from an index in order, sorting nothing per request', () => {
    // A sort step evaluated the folding for every episode of the archive on every page.
    const plan = (sql: string, ...params: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
    expect(plan(EPISODE_PAGE_SQL, 20, 0)).not.toMatch(/TEMP B-TREE/);
    expect(plan(SHOW_EPISODE_PAGE_SQL, show.id, 20, 0)).not.toMatch(/TEMP B-TREE/);
    expect(plan(EPISODE_PAGE_SQL, 20, 0)).toMatch(/USING INDEX/);
  });
});

// Opens the archive in another process, as the server and a cron `npm run ingest` do.
const OPEN_IN_CHILD = `
  const { openSqliteStore } = await import('./server/store/sqlite-store.ts');
  const { sqliteSearchIndexer } = await import('./server/search/sqlite/sqlite-search-indexer.ts');
  console.log('opening');
  try {
    const store = openSqliteStore({ file: process.argv[1], indexer: sqliteSearchIndexer });
    console.log('opened at version ' + store.schemaVersion);
    store.closeSync();
  } catch (error) {
    console.log('failed: ' + error.message);
  }
`;

function openInChild(archive: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', OPEN_IN_CHILD, archive],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Its errors too, so a failing assertion shows why the child did not open the archive.
  let out = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (out += chunk));
  }
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(out)));
  return { started: () => out.includes('opening'), done };
}

describe('two processes upgrading one archive at once', () => {
  it('both open it: the second finds the migration done instead of applying it again', async () => {
    await store.close();
    const other = path.join(dir, 'data', 'other.sqlite');
    writeVersion3Archive(other);
    // A third connection holds the write lock until both have read the version.
    const holder = new Database(other);
    holder.exec('BEGIN IMMEDIATE');
    const first = openInChild(other);
    const second = openInChild(other);
    const deadline = Date.now() + 30_000;
    while (!(first.started() && second.started()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000));
    holder.exec('COMMIT');
    holder.close();
    const answers = await Promise.all([first.done, second.done]);
    for (const answer of answers) expect(answer).toContain(`opened at version ${SQLITE_SCHEMA_VERSION}`);
    store = openSqliteStore({ file: other, indexer: sqliteSearchIndexer });
    expect(await listedTitles({ limit: 20, offset: 0 })).toEqual(foldedOrder);
  }, 60_000);
});
