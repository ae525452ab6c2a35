// An episode an admin deleted (DELETE /api/episodes/:id) stays deleted when its feed is
// imported again: the importer would otherwise fetch its missing transcript back.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteEpisode } from '../../server/admin/delete-episode.ts';
import { importFeed } from '../../server/admin/feed-import/import-feed.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { bareFeedXml, budgetVtt, wifiVtt } from '../fixtures/admin/feed-import-cases.ts';
import { adminHeaders, createAdminTestArchive, type AdminTestArchive } from './admin-test-archive.ts';
import { startFeedServer, type FeedServer } from './feed-server.ts';
import { runImportCli } from './run-import-cli.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const limits = { timeoutMs: 2_000, maxBytes: 64 * 1024, retries: 1, backoffMs: 10 };
const WIFI_ID = 'quartier--le-wifi-public';

let t: AdminTestArchive;
let server: FeedServer;

beforeEach(async () => {
  t = await createAdminTestArchive();
  server = await startFeedServer();
  server.routes.set('/feed.xml', {
    body: bareFeedXml(server.url, 'Données de quartier', [
      { title: 'Le wifi public', guid: 'wifi', transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }] },
      { title: 'Le budget', guid: 'budget', transcripts: [{ url: '/t/budget.vtt', type: 'text/vtt' }] },
    ]),
    type: 'application/rss+xml',
  });
  server.routes.set('/t/wifi.vtt', { body: wifiVtt, type: 'text/vtt', etag: '"wifi-1"' });
  server.routes.set('/t/budget.vtt', { body: budgetVtt, type: 'text/vtt', etag: '"budget-1"' });
});

afterEach(async () => {
  await server.close();
  await t.cleanup();
});

const importOptions = () => ({
  source: `${server.url}/feed.xml`,
  transcriptsDir: t.transcriptsDir,
  showSlug: 'quartier',
  limits,
});
const ingest = () =>
  ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
const wifiFile = () => path.join(t.transcriptsDir, 'quartier', 'le-wifi-public.vtt');

async function searchIds(q: string): Promise<string[]> {
  const res = await t.app.request(`/api/search?q=${encodeURIComponent(q)}`);
  return ((await res.json()) as { hits: { episode: { id: string } }[] }).hits.map((h) => h.episode.id);
}

/** `npm run import` as a real process on this test's archive. */
const runImportCliHere = (...args: string[]) =>
  runImportCli({ transcriptsDir: t.transcriptsDir, dataDir: t.config.dataDir }, ...args);

describe('feed import after an admin deleted one of its episodes', () => {
  it('does not bring the episode back, says why, and --include-deleted brings it back', async () => {
    expect((await importFeed(importOptions())).episodes.map((e) => e.status)).toEqual(['added', 'added']);
    await ingest();
    expect(await searchIds('médiathèque')).toEqual([WIFI_ID]);

    const deleted = await t.app.request(`/api/episodes/${WIFI_ID}`, {
      method: 'DELETE',
      headers: adminHeaders(),
    });
    expect(deleted.status).toBe(204);
    expect(existsSync(wifiFile())).toBe(false);

    const wifiAsked = server.hits.get('/t/wifi.vtt');
    const again = await importFeed(importOptions());
    expect(again.episodes.map((e) => [e.title, e.status])).toEqual([
      ['Le wifi public', 'skipped'],
      ['Le budget', 'unchanged'],
    ]);
    expect(again.episodes[0]!.reason).toMatch(
      /^deleted by an admin on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; --include-deleted imports it again$/,
    );
    // Not even asked for, and nothing written back for ingest to find.
    expect(server.hits.get('/t/wifi.vtt')).toBe(wifiAsked);
    expect(existsSync(wifiFile())).toBe(false);
    expect(await ingest()).toMatchObject({ added: 0, removed: 0 });
    expect(await searchIds('médiathèque')).toEqual([]);

    // What a scheduled `npm run import` prints, and its status.
    const run = await runImportCliHere(`${server.url}/feed.xml`, '--show', 'quartier');
    expect(run.stdout, run.stderr).toMatch(
      /\nImport: 1 unchanged, 1 skipped\n {2}Le wifi public: deleted by an admin on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; --include-deleted imports it again\n/,
    );
    expect(run.code).toBe(0);
    expect(existsSync(wifiFile())).toBe(false);

    const back = await importFeed({ ...importOptions(), includeDeleted: true });
    expect(back.episodes.map((e) => e.status)).toEqual(['added', 'unchanged']);
    expect(existsSync(wifiFile())).toBe(true);
    await ingest();
    expect(await searchIds('médiathèque')).toEqual([WIFI_ID]);
    // Back for good: the next ordinary run keeps it.
    expect((await importFeed(importOptions())).episodes.map((e) => e.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
  }, 60_000);

  it('keeps a deletion made while an import of the feed is running', async () => {
    await importFeed(importOptions());
    await ingest();
    // A scheduled import is under way: the wifi item is done, the budget one still loading.
    let release!: () => void;
    server.routes.set('/t/budget.vtt', {
      body: budgetVtt,
      type: 'text/vtt',
      holdUntil: new Promise<void>((resolve) => (release = resolve)),
    });
    let wifiDone!: () => void;
    const wifiReported = new Promise<void>((resolve) => (wifiDone = resolve));
    const running = importFeed({
      ...importOptions(),
      onEpisode: (episode) => {
        if (episode.title === 'Le wifi public') wifiDone();
      },
    });
    await wifiReported;
    const deleted = await t.app.request(`/api/episodes/${WIFI_ID}`, {
      method: 'DELETE',
      headers: adminHeaders(),
    });
    expect(deleted.status).toBe(204);
    release();
    await running;

    // Before: the running import wrote its state back without the deletion, and this run
    // fetched the episode back.
    const next = await importFeed(importOptions());
    expect(next.episodes.map((e) => e.status)).toEqual(['skipped', 'unchanged']);
    expect(existsSync(wifiFile())).toBe(false);
  });

  it('skips an item deleted after the import began, before the import came to it', async () => {
    await importFeed(importOptions());
    await ingest();
    // A long feed: 8 new items ahead of the wifi one keep the import busy (their host is slow).
    let release!: () => void;
    const slowHost = new Promise<void>((resolve) => (release = resolve));
    const ahead = Array.from({ length: 8 }, (_, i) => ({
      title: `Conseil municipal ${i + 1}`,
      guid: `conseil-${i + 1}`,
      transcripts: [{ url: `/t/conseil-${i + 1}.vtt`, type: 'text/vtt' }],
    }));
    for (const item of ahead) {
      server.routes.set(item.transcripts[0]!.url, { body: budgetVtt, type: 'text/vtt', holdUntil: slowHost });
    }
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', [
        ...ahead,
        { title: 'Le wifi public', guid: 'wifi', transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }] },
      ]),
      type: 'application/rss+xml',
    });
    const running = importFeed(importOptions());
    while ((server.hits.get('/t/conseil-1.vtt') ?? 0) === 0) await new Promise((r) => setTimeout(r, 10));
    expect(
      (await t.app.request(`/api/episodes/${WIFI_ID}`, { method: 'DELETE', headers: adminHeaders() })).status,
    ).toBe(204);
    release();
    const report = await running;
    // Before: fetched back, as the import had read its state before the deletion.
    expect(report.episodes.at(-1)).toMatchObject({ title: 'Le wifi public', status: 'skipped' });
    expect(existsSync(wifiFile())).toBe(false);
  });

  it('does not write back an item deleted while the import was fetching its new transcript', async () => {
    await importFeed(importOptions());
    await ingest();
    // The host corrected the wifi transcript; its new version is slow to come.
    let release!: () => void;
    server.routes.set('/t/wifi.vtt', {
      body: wifiVtt.replace('médiathèque', 'bibliothèque'),
      type: 'text/vtt',
      etag: '"wifi-2"',
      holdUntil: new Promise<void>((resolve) => (release = resolve)),
    });
    const wifiAsked = server.hits.get('/t/wifi.vtt') ?? 0;
    const running = importFeed(importOptions());
    while ((server.hits.get('/t/wifi.vtt') ?? 0) === wifiAsked) await new Promise((r) => setTimeout(r, 10));
    expect(
      (await t.app.request(`/api/episodes/${WIFI_ID}`, { method: 'DELETE', headers: adminHeaders() })).status,
    ).toBe(204);
    release();
    const report = await running;
    // Before: written back as 'updated', its meta.json too, and the deletion forgotten.
    expect(report.episodes[0]).toMatchObject({ title: 'Le wifi public', status: 'skipped' });
    expect(report.episodes[0]!.reason).toMatch(
      /^deleted by an admin on .*; --include-deleted imports it again$/,
    );
    expect(existsSync(wifiFile())).toBe(false);
    expect(existsSync(wifiFile().replace(/\.vtt$/, '.meta.json'))).toBe(false);
    expect((await importFeed(importOptions())).episodes.map((e) => e.status)).toEqual([
      'skipped',
      'unchanged',
    ]);
    expect(existsSync(wifiFile())).toBe(false);
  });

  it('removes the media it was downloading for an item deleted meanwhile, and writes no meta.json for it', async () => {
    let release!: () => void;
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', [
        {
          title: 'Le wifi public',
          guid: 'wifi',
          transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }],
          extra: `<enclosure url="${server.url}/m/wifi.mp3" type="audio/mpeg" length="4000"/>`,
        },
      ]),
      type: 'application/rss+xml',
    });
    server.routes.set('/m/wifi.mp3', { body: Buffer.alloc(4000, 1), type: 'audio/mpeg', etag: '"m1"' });
    await importFeed({ ...importOptions(), downloadMedia: true });
    await ingest();
    const media = wifiFile().replace(/\.vtt$/, '.mp3');
    expect(existsSync(media)).toBe(true);
    // A new cut of the audio, slow to download.
    server.routes.set('/m/wifi.mp3', {
      body: Buffer.alloc(5000, 2),
      type: 'audio/mpeg',
      etag: '"m2"',
      holdUntil: new Promise<void>((resolve) => (release = resolve)),
    });
    const asked = server.hits.get('/m/wifi.mp3') ?? 0;
    const running = importFeed({ ...importOptions(), downloadMedia: true });
    while ((server.hits.get('/m/wifi.mp3') ?? 0) === asked) await new Promise((r) => setTimeout(r, 10));
    expect(
      (await t.app.request(`/api/episodes/${WIFI_ID}`, { method: 'DELETE', headers: adminHeaders() })).status,
    ).toBe(204);
    release();
    const report = await running;
    // Before: the new audio and a meta.json were left in the show folder with no transcript.
    expect(report.episodes[0]).toMatchObject({ status: 'skipped' });
    expect(existsSync(media)).toBe(false);
    expect(existsSync(wifiFile().replace(/\.vtt$/, '.meta.json'))).toBe(false);
    expect(existsSync(wifiFile())).toBe(false);
  });

  it('imports an item again once its files are put back by hand, without --include-deleted', async () => {
    await importFeed(importOptions());
    await ingest();
    await t.app.request(`/api/episodes/${WIFI_ID}`, { method: 'DELETE', headers: adminHeaders() });
    // The archivist changed their mind and wrote the transcript back themselves.
    await writeFile(wifiFile(), wifiVtt);
    // Its meta.json is written again (so 'updated'), and the item is an ordinary one again.
    const again = await importFeed(importOptions());
    expect(again.episodes.map((e) => e.status)).toEqual(['updated', 'unchanged']);
    expect((await importFeed(importOptions())).episodes.map((e) => e.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
  });

  it('npm run import started while a delete holds the archive waits for it, then does not store the episode back', async () => {
    await importFeed(importOptions());
    await ingest();
    expect(await searchIds('médiathèque')).toEqual([WIFI_ID]);
    // The delete is held once it has the archive's ingest lock, before any file moves (its
    // store answers the episode's lookup only when the test says so): a slow disk, made long.
    let goOn!: () => void;
    const held = new Promise<void>((resolve) => (goOn = resolve));
    let lookedUp!: () => void;
    const deleteHasLock = new Promise<void>((resolve) => (lookedUp = resolve));
    const store = t.archive.store;
    const slowStore = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== 'getEpisode') return Reflect.get(target, key, receiver) as unknown;
        return async (id: string) => {
          lookedUp();
          await held;
          return store.getEpisode(id);
        };
      },
    });
    const deleting = deleteEpisode({ config: t.config, store: slowStore }, WIFI_ID);
    await deleteHasLock;

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/admin/import-cli.ts', `${server.url}/feed.xml`, '--show', 'quartier'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          VERBATIM_TRANSCRIPTS_DIR: t.transcriptsDir,
          VERBATIM_DATA_DIR: t.config.dataDir,
          MEILI_URL: '',
        },
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let ended = false;
    void exited.then(() => (ended = true));
    // Without the lock the import would ingest now, beside the delete, and end.
    await expect
      .poll(() => stdout, { timeout: 40_000, interval: 100 })
      .toMatch(
        new RegExp(
          `An admin delete of episode ${WIFI_ID} \\(process ${process.pid}[^)]*\\) is writing this archive; waiting for it to end…`,
        ),
      );
    expect(ended).toBe(false);

    goOn();
    expect((await deleting).removedFiles).toContain('quartier/le-wifi-public.vtt');
    expect(await exited, stdout).toBe(0);
    // The import ingested after the files went (the budget and the other show unchanged): the
    // episode is not stored back.
    expect(stdout).toMatch(/Ingest: 0 added, 0 updated, 2 unchanged, 0 removed, 0 failed/);
    expect(await store.getEpisode(WIFI_ID)).toBeNull();
    expect(await searchIds('médiathèque')).toEqual([]);
    expect(existsSync(wifiFile())).toBe(false);
  }, 60_000);

  it('npm run import -- --help names --include-deleted', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'server/admin/import-cli.ts', '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(help.stdout).toMatch(/--include-deleted +import again the episodes an admin deleted/);
    expect(help.status).toBe(0);
  });
});
