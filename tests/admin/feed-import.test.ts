import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { importFeed, FEED_STATE_FILE } from '../../server/admin/feed-import/import-feed.ts';
import { createArchive } from '../../server/app/create-archive.ts';
import { parseConfig } from '../../server/config/env.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { parseFeed, parseItunesDuration } from '../../server/admin/feed-import/parse-feed.ts';
import { pickTranscript } from '../../server/admin/feed-import/pick-transcript.ts';
import { decodeFeedBytes } from '../../server/admin/feed-import/decode-fetched-text.ts';
import {
  chaptersJson,
  htmlTranscript,
  podcastJsonTranscript,
  srtTranscript,
  vttTranscript,
  vttTranscriptRevised,
} from '../fixtures/admin/transcripts.ts';
import {
  bareFeedXml,
  type BareItem,
  brokenChaptersJson,
  budgetVtt,
  cadastreVtt,
  handWrittenVtt,
  notReallyVtt,
  wifiSrt,
  wifiVtt,
} from '../fixtures/admin/feed-import-cases.ts';
import { startFeedServer, type FeedServer } from './feed-server.ts';
import { runImportCli } from './run-import-cli.ts';

interface ItemSpec {
  guid: string;
  title: string;
  transcripts?: Array<{ url: string; type: string }>;
  chapters?: string;
  persons?: Array<{ name: string; role: string }>;
}

function feedXml(base: string, items: ItemSpec[]): string {
  const itemXml = items
    .map(
      (item, index) => `
    <item>
      <title>${item.title}</title>
      <guid isPermaLink="false">${item.guid}</guid>
      <pubDate>Mon, 0${(index % 9) + 1} Sep 2025 08:00:00 +0000</pubDate>
      <link>${base}/episodes/${item.guid}</link>
      <enclosure url="${base}/media/${item.guid}.mp3" type="audio/mpeg" length="123456"/>
      <itunes:duration>12:34</itunes:duration>
      ${(item.transcripts ?? []).map((t) => `<podcast:transcript url="${base}${t.url}" type="${t.type}" language="fr"/>`).join('\n      ')}
      ${item.chapters ? `<podcast:chapters url="${base}${item.chapters}" type="application/json+chapters"/>` : ''}
      ${(item.persons ?? []).map((p) => `<podcast:person role="${p.role}">${p.name}</podcast:person>`).join('\n      ')}
    </item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>Vigie &amp; Libertés</title>
    <link>${base}/</link>
    <description>Un podcast sur la surveillance de l’espace public.</description>
    <language>fr</language>
    <itunes:image href="${base}/cover.jpg"/>
    <podcast:license>CC BY-SA 4.0</podcast:license>
    <podcast:person role="host">Inès Garnier</podcast:person>
    ${itemXml}
  </channel>
</rss>`;
}

const limits = { timeoutMs: 400, maxBytes: 64 * 1024, retries: 1, backoffMs: 10 };

describe('podcast feed import', () => {
  let server: FeedServer;
  let root: string;

  beforeAll(async () => {
    server = await startFeedServer();
    root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-'));
    const items: ItemSpec[] = [
      {
        guid: 'ep-json',
        title: 'Quarante caméras',
        transcripts: [
          { url: '/t/ep1.vtt', type: 'text/vtt' },
          { url: '/t/ep1.json', type: 'application/json' },
        ],
        chapters: '/c/ep1.json',
        persons: [
          { name: 'Inès Garnier', role: 'host' },
          { name: 'Malik Benali', role: 'guest' },
        ],
      },
      {
        guid: 'ep-vtt',
        title: 'Comportements anormaux',
        transcripts: [{ url: '/old/ep2.vtt', type: 'text/vtt' }],
      },
      {
        guid: 'ep-srt',
        title: 'Le recours',
        transcripts: [{ url: '/t/ep3.srt', type: 'application/x-subrip' }],
      },
      {
        guid: 'ep-404',
        title: 'Transcription perdue',
        transcripts: [{ url: '/t/missing.vtt', type: 'text/vtt' }],
      },
      { guid: 'ep-slow', title: 'Serveur lent', transcripts: [{ url: '/t/slow.vtt', type: 'text/vtt' }] },
      { guid: 'ep-big', title: 'Trop gros', transcripts: [{ url: '/t/big.vtt', type: 'text/vtt' }] },
      { guid: 'ep-html', title: 'Sans horodatage', transcripts: [{ url: '/t/ep7.html', type: 'text/html' }] },
      { guid: 'ep-none', title: 'Pas de transcription' },
    ];
    server.routes.set('/feed.xml', { body: feedXml(server.url, items), type: 'application/rss+xml' });
    server.routes.set('/empty.xml', {
      body: feedXml(server.url, [
        { guid: 'a', title: 'Un' },
        { guid: 'b', title: 'Deux' },
      ]),
      type: 'application/rss+xml',
    });
    server.routes.set('/t/ep1.json', { body: podcastJsonTranscript, type: 'application/json' });
    server.routes.set('/t/ep1.vtt', { body: vttTranscript, type: 'text/vtt' });
    server.routes.set('/c/ep1.json', { body: chaptersJson, type: 'application/json+chapters' });
    server.routes.set('/old/ep2.vtt', { body: '', redirectTo: `${server.url}/t/ep2.vtt` });
    server.routes.set('/t/ep2.vtt', { body: vttTranscript, type: 'text/vtt', etag: '"v1"' });
    server.routes.set('/t/ep3.srt', { body: srtTranscript, type: 'application/x-subrip' });
    server.routes.set('/t/slow.vtt', { body: vttTranscript, type: 'text/vtt', delayMs: 2_000 });
    server.routes.set('/t/big.vtt', { body: Buffer.alloc(100 * 1024, 'a'), type: 'text/vtt' });
    server.routes.set('/t/ep7.html', { body: htmlTranscript, type: 'text/html' });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes each episode into transcripts/<show>/ and reports per-episode failures without stopping', async () => {
    const report = await importFeed({ source: `${server.url}/feed.xml`, transcriptsDir: root, limits });
    expect(report.showSlug).toBe('vigie-libertes');
    const byGuid = Object.fromEntries(report.episodes.map((e) => [e.guid, e]));
    expect(byGuid['ep-json']?.status).toBe('added');
    // JSON is preferred over VTT when both are offered.
    expect(byGuid['ep-json']?.file).toMatch(/\.json$/);
    expect(byGuid['ep-vtt']).toMatchObject({
      status: 'added',
      file: expect.stringMatching(/\.vtt$/) as unknown,
    });
    expect(byGuid['ep-srt']?.status).toBe('added');
    expect(byGuid['ep-404']).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('HTTP 404') as unknown,
    });
    expect(byGuid['ep-slow']).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('timed out') as unknown,
    });
    expect(byGuid['ep-big']).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('larger than') as unknown,
    });
    expect(byGuid['ep-html']?.status).toBe('untimed');
    expect(byGuid['ep-none']?.status).toBe('no-transcript');

    const showDir = path.join(root, 'vigie-libertes');
    const show = JSON.parse(await readFile(path.join(showDir, 'show.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(show).toMatchObject({ title: 'Vigie & Libertés', language: 'fr', license: 'CC BY-SA 4.0' });

    const jsonBase = byGuid['ep-json']!.file!.replace(/^vigie-libertes\//, '').replace(/\.json$/, '');
    const meta = JSON.parse(await readFile(path.join(showDir, `${jsonBase}.meta.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({
      title: 'Quarante caméras',
      date: '2025-09-01',
      speakers: ['Inès Garnier', 'Malik Benali'],
      media: `${server.url}/media/ep-json.mp3`,
      duration: 754,
      license: 'CC BY-SA 4.0',
    });
    const chapters = JSON.parse(await readFile(path.join(showDir, `${jsonBase}.chapters.json`), 'utf8')) as {
      chapters: unknown[];
    };
    expect(chapters.chapters).toHaveLength(2);
    // The redirect was followed and the final body stored.
    const vttFile = path.join(root, byGuid['ep-vtt']!.file!);
    expect(await readFile(vttFile, 'utf8')).toBe(vttTranscript);
    // The untimed transcript is kept under a name ingest does not take for a timed transcript.
    const files = await readdir(showDir);
    expect(files.some((f) => f.endsWith('.untimed-html'))).toBe(true);
    expect(files).toContain(FEED_STATE_FILE);
  });

  it('a second run changes nothing, using conditional requests', async () => {
    const showDir = path.join(root, 'vigie-libertes');
    const before = new Map<string, number>();
    for (const file of await readdir(showDir))
      before.set(file, (await stat(path.join(showDir, file))).mtimeMs);

    const report = await importFeed({ source: `${server.url}/feed.xml`, transcriptsDir: root, limits });
    const statuses = Object.fromEntries(report.episodes.map((e) => [e.guid, e.status]));
    expect(statuses).toMatchObject({ 'ep-json': 'unchanged', 'ep-vtt': 'unchanged', 'ep-srt': 'unchanged' });
    expect(server.notModified.get('/t/ep2.vtt')).toBe(1);
    for (const file of await readdir(showDir)) {
      expect({ file, mtime: (await stat(path.join(showDir, file))).mtimeMs }).toEqual({
        file,
        mtime: before.get(file),
      });
    }
  });

  it('updates only the episode whose transcript changed', async () => {
    server.routes.set('/t/ep2.vtt', { body: vttTranscriptRevised, type: 'text/vtt', etag: '"v2"' });
    const report = await importFeed({ source: `${server.url}/feed.xml`, transcriptsDir: root, limits });
    const changed = report.episodes.filter((e) => e.status === 'updated').map((e) => e.guid);
    expect(changed).toEqual(['ep-vtt']);
    const file = report.episodes.find((e) => e.guid === 'ep-vtt')!.file!;
    expect(await readFile(path.join(root, file), 'utf8')).toBe(vttTranscriptRevised);
  });

  it('a feed with no transcripts writes the show and reports every episode as having none', async () => {
    const report = await importFeed({
      source: `${server.url}/empty.xml`,
      transcriptsDir: root,
      showSlug: 'vigie-vide',
      limits,
    });
    expect(report.episodes.map((e) => e.status)).toEqual(['no-transcript', 'no-transcript']);
    const files = await readdir(path.join(root, 'vigie-vide'));
    expect(files.filter((f) => /\.(vtt|srt|json)$/.test(f) && f !== 'show.json')).toEqual([]);
  });

  it('--limit imports only the first N episodes', async () => {
    const report = await importFeed({
      source: `${server.url}/feed.xml`,
      transcriptsDir: root,
      showSlug: 'vigie-court',
      limit: 2,
      limits,
    });
    expect(report.episodes.map((e) => e.guid)).toEqual(['ep-json', 'ep-vtt']);
  });

  it('refuses a document that is not RSS, naming the source', async () => {
    server.routes.set('/not-rss.xml', { body: '<html><body>Bonjour</body></html>', type: 'text/html' });
    await expect(
      importFeed({ source: `${server.url}/not-rss.xml`, transcriptsDir: root, limits }),
    ).rejects.toThrow(/not-rss\.xml: a web page \(HTML\), not an RSS 2\.0 feed/);
  });

  it('says what came back instead of a feed: a web page, nothing, a redirect loop, no server', async () => {
    server.routes.set('/page', {
      body: '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Vigie</title></head><body><br></body></html>',
      type: 'text/html; charset=utf-8',
    });
    server.routes.set('/nothing.xml', { body: '', type: 'application/rss+xml' });
    server.routes.set('/loop.xml', { body: '', redirectTo: `${server.url}/loop.xml` });
    const refused = await startFeedServer();
    await refused.close();
    const attempt = (source: string) => importFeed({ source, transcriptsDir: root, limits });
    await expect(attempt(`${server.url}/page`)).rejects.toThrow(
      /\/page: a web page \(HTML\), not an RSS 2\.0 feed: give the address of the podcast's feed/,
    );
    await expect(attempt(`${server.url}/nothing.xml`)).rejects.toThrow(
      /nothing\.xml: the document is empty: expected an RSS feed/,
    );
    await expect(attempt(`${server.url}/loop.xml`)).rejects.toThrow(
      /loop\.xml: request failed: redirect count exceeded/,
    );
    await expect(attempt(path.join(root, 'absent.xml'))).rejects.toThrow(
      /Cannot read the feed file .*absent\.xml: no such file \(ENOENT\); expected an http\(s\) URL or a feed file/,
    );
    await expect(attempt(`${refused.url}/feed.xml`)).rejects.toThrow(
      /feed\.xml: request failed: connection refused \(connect ECONNREFUSED 127\.0\.0\.1/,
    );
  });
});

describe('podcast feed import with --download-media', () => {
  let server: FeedServer;
  let root: string;
  const media = Buffer.alloc(200 * 1024, 7);
  const options = () => ({
    source: `${server.url}/feed.xml`,
    transcriptsDir: root,
    showSlug: 'vigie-audio',
    downloadMedia: true,
    maxMediaBytes: 256 * 1024,
    limits,
  });

  beforeAll(async () => {
    server = await startFeedServer();
    root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-media-'));
    server.routes.set('/feed.xml', {
      body: feedXml(server.url, [
        { guid: 'ep-audio', title: 'Avec le son', transcripts: [{ url: '/t/a.vtt', type: 'text/vtt' }] },
        { guid: 'ep-huge', title: 'Son trop lourd', transcripts: [{ url: '/t/b.vtt', type: 'text/vtt' }] },
      ]),
      type: 'application/rss+xml',
    });
    server.routes.set('/t/a.vtt', { body: vttTranscript, type: 'text/vtt' });
    server.routes.set('/t/b.vtt', { body: vttTranscript, type: 'text/vtt' });
    server.routes.set('/media/ep-audio.mp3', { body: media, type: 'audio/mpeg', etag: '"son-1"' });
    // No Content-Length: the limit can only be enforced while streaming.
    server.routes.set('/media/ep-huge.mp3', {
      body: Buffer.alloc(300 * 1024, 1),
      type: 'audio/mpeg',
      chunked: true,
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('streams the media beside the transcript, refuses one over the limit without leaving a file', async () => {
    const report = await importFeed(options());
    const byGuid = Object.fromEntries(report.episodes.map((e) => [e.guid, e]));
    expect(byGuid['ep-audio']?.status).toBe('added');
    expect(byGuid['ep-huge']?.status).toBe('failed');
    // Said as the enclosure's, the episode being imported all the same.
    expect(byGuid['ep-huge']?.reason).toMatch(
      /^media \(enclosure\) not downloaded, the transcript is imported: .*ep-huge\.mp3.*larger than the limit of 262144 bytes/,
    );
    const files = await readdir(path.join(root, 'vigie-audio'));
    const audio = files.filter((f) => f.includes('.mp3'));
    expect(audio).toHaveLength(1);
    expect(await readFile(path.join(root, 'vigie-audio', audio[0]!))).toEqual(media);
    const meta = JSON.parse(
      await readFile(path.join(root, 'vigie-audio', audio[0]!.replace(/\.mp3$/, '.meta.json')), 'utf8'),
    ) as { media: string };
    expect(meta.media).toBe(audio[0]);
  });

  it('does not download the media again when the host says it has not changed', async () => {
    const showDir = path.join(root, 'vigie-audio');
    const audio = (await readdir(showDir)).find((f) => f.endsWith('.mp3'))!;
    const before = (await stat(path.join(showDir, audio))).mtimeMs;
    const report = await importFeed(options());
    expect(report.episodes.find((e) => e.guid === 'ep-audio')?.status).toBe('unchanged');
    expect(server.notModified.get('/media/ep-audio.mp3')).toBe(1);
    expect((await stat(path.join(showDir, audio))).mtimeMs).toBe(before);
  });
});

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Ingests `transcriptsDir` into a fresh SQLite archive, as `npm run import` does after importing. */
/** `npm run import -- <feed>` as a real process, into `root`'s transcripts and data folders. */
const runImportCliIn = (feed: string, root: string) =>
  runImportCli({ transcriptsDir: path.join(root, 'transcripts'), dataDir: path.join(root, 'data') }, feed);

async function ingestAll(transcriptsDir: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-data-'));
  const archive = await createArchive(
    parseConfig({ VERBATIM_TRANSCRIPTS_DIR: transcriptsDir, VERBATIM_DATA_DIR: dataDir }),
  );
  try {
    const summary = await ingestFolder({ transcriptsDir, store: archive.store, parseThreads: 0 });
    return { summary, counts: await archive.store.counts() };
  } finally {
    await archive.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const isTranscript = (file: string) =>
  /\.(vtt|srt|json)$/.test(file) && !/\.(meta|chapters)\.json$/.test(file) && file !== 'show.json';

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('feed import edge cases', () => {
  let server: FeedServer;
  let root: string;
  const source = () => `${server.url}/feed.xml`;
  const serveFeed = (items: BareItem[], etag?: string) =>
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', items),
      type: 'application/rss+xml',
      ...(etag ? { etag } : {}),
    });
  const vtt = (name: string) => ({ url: `/t/${name}.vtt`, type: 'text/vtt' });
  const enclosure = (name: string, type = ' type="audio/mpeg"') =>
    `<enclosure url="${server.url}/media/${name}"${type} length="4"/>`;

  beforeEach(async () => {
    server = await startFeedServer();
    root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-cases-'));
    server.routes.set('/t/wifi.vtt', { body: wifiVtt, type: 'text/vtt', etag: '"wifi-1"' });
    server.routes.set('/t/wifi.srt', { body: wifiSrt, type: 'application/x-subrip' });
    server.routes.set('/t/budget.vtt', { body: budgetVtt, type: 'text/vtt' });
    server.routes.set('/t/cadastre.vtt', { body: cadastreVtt, type: 'text/vtt' });
  });

  afterEach(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('a feed with only titles and transcripts writes files ingest accepts, and every episode is indexed', async () => {
    serveFeed([
      { title: 'Le wifi public', transcripts: [vtt('wifi')] },
      {
        title: 'Le budget participatif',
        transcripts: [vtt('budget')],
        extra: '<itunes:duration>0</itunes:duration>',
      },
    ]);
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes.map((e) => e.status)).toEqual(['added', 'added']);
    const showDir = path.join(root, report.showSlug);
    expect(await readJson(path.join(showDir, 'show.json'))).toEqual({ title: 'Données de quartier' });
    for (const episode of report.episodes) {
      const meta = await readJson(path.join(root, episode.file!.replace(/\.vtt$/, '.meta.json')));
      expect(Object.values(meta)).not.toContain(null);
      // No duration of 0, and no empty speaker list hiding the transcript's own speakers.
      expect(meta).not.toHaveProperty('duration');
      expect(meta).not.toHaveProperty('speakers');
    }
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);
  });

  it('a feed answering 304 still imports what is due: items past --limit, failed items, media', async () => {
    serveFeed(
      [
        { title: 'Le wifi public', guid: 'wifi', transcripts: [vtt('wifi')], extra: enclosure('wifi.mp3') },
        { title: 'Le budget', guid: 'budget', transcripts: [vtt('budget')], extra: enclosure('budget.mp3') },
        {
          title: 'Le cadastre',
          guid: 'cadastre',
          transcripts: [vtt('late')],
          extra: enclosure('cadastre.mp3'),
        },
      ],
      '"feed-1"',
    );
    for (const name of ['wifi', 'budget', 'cadastre'])
      server.routes.set(`/media/${name}.mp3`, {
        body: Buffer.from(name),
        type: 'audio/mpeg',
        etag: `"${name}"`,
      });
    const options = { source: source(), transcriptsDir: root, showSlug: 'quartier', limits };

    const first = await importFeed({ ...options, limit: 1 });
    expect(first.episodes.map((e) => e.status)).toEqual(['added']);

    const second = await importFeed(options);
    expect(server.notModified.get('/feed.xml')).toBe(1);
    expect(second.feedUnchanged).toBe(true);
    expect(second.episodes.map((e) => e.status)).toEqual(['unchanged', 'added', 'failed']);

    server.routes.set('/t/late.vtt', { body: cadastreVtt, type: 'text/vtt' });
    const third = await importFeed(options);
    expect(server.notModified.get('/feed.xml')).toBe(2);
    expect(third.episodes.map((e) => e.status)).toEqual(['unchanged', 'unchanged', 'added']);

    await importFeed({ ...options, downloadMedia: true });
    expect(server.notModified.get('/feed.xml')).toBe(3);
    const files = await readdir(path.join(root, 'quartier'));
    expect(files.filter((f) => f.endsWith('.mp3'))).toHaveLength(3);
  });

  it('without --show, a re-run asks for the feed conditionally as well', async () => {
    serveFeed([{ title: 'Le wifi public', transcripts: [vtt('wifi')] }], '"feed-1"');
    await importFeed({ source: source(), transcriptsDir: root, limits });
    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(server.notModified.get('/feed.xml')).toBe(1);
    expect(again.showSlug).toBe('donnees-de-quartier');
    expect(again.episodes.map((e) => e.status)).toEqual(['unchanged']);
  });

  it('removes the temporary files an import killed mid-write left, and only those', async () => {
    serveFeed([{ title: 'Le wifi public', transcripts: [vtt('wifi')] }]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    const showDir = path.join(root, first.showSlug);
    // What a SIGKILL between writing and renaming leaves: `.<file>.<pid of the import>.tmp`.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const killedLeftovers = [
      `.${path.basename(first.episodes[0]!.file!)}.${deadPid}.tmp`,
      `.show.json.${deadPid}.tmp`,
      `..verbatim-feed-state.${deadPid}.tmp`,
    ];
    // An import still running (its process is alive) and the archivist's own files keep theirs.
    const stillWriting = `.budget.vtt.${process.ppid}.tmp`;
    const archivists = ['notes.tmp', '.brouillon.tmp', '.notes.2024.tmp'];
    for (const name of [...killedLeftovers, stillWriting, ...archivists]) {
      await writeFile(path.join(showDir, name), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nà moitié');
    }

    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(again.episodes.map((e) => e.status)).toEqual(['unchanged']);
    const left = await readdir(showDir);
    expect(left.filter((name) => killedLeftovers.includes(name))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining([stillWriting, ...archivists]));
  });

  it('fetches a transcript deleted locally again, although its ETag has not changed', async () => {
    serveFeed([{ title: 'Le wifi public', transcripts: [vtt('wifi')] }]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    const file = path.join(root, first.episodes[0]!.file!);
    await rm(file);
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes[0]?.status).toBe('updated');
    expect(await readFile(file, 'utf8')).toBe(wifiVtt);
  });

  it('keeps the transcript imported before when the host now serves one that does not parse, naming item and line', async () => {
    serveFeed([
      { title: 'Le wifi public', guid: 'wifi', transcripts: [vtt('wifi')] },
      { title: 'Le budget participatif', guid: 'budget', transcripts: [vtt('budget')] },
    ]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.map((e) => e.status)).toEqual(['added', 'added']);
    // A botched export on the host: no WEBVTT line, served as a transcript all the same.
    server.routes.set('/t/wifi.vtt', {
      body: 'Transcription : export incomplet\n',
      type: 'text/vtt',
      etag: '"wifi-2"',
    });
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes.map((e) => [e.title, e.status])).toEqual([
      ['Le wifi public', 'failed'],
      ['Le budget participatif', 'unchanged'],
    ]);
    // Before: written over the good file ('updated'), which ingest then refused, the archive's
    // folder holding only the broken copy.
    expect(second.episodes[0]?.reason).toBe(
      `transcript (podcast:transcript) ${server.url}/t/wifi.vtt: line 1: not a WebVTT file: the first line must be "WEBVTT" ` +
        '(found "Transcription : export incomplet"); the file imported before is kept',
    );
    expect(await readFile(path.join(root, first.episodes[0]!.file!), 'utf8')).toBe(wifiVtt);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);
    // Fixed on the host: taken at the next run.
    server.routes.set('/t/wifi.vtt', { body: wifiVtt.replace('médiathèque', 'mairie'), type: 'text/vtt' });
    expect((await importFeed({ source: source(), transcriptsDir: root, limits })).episodes[0]?.status).toBe(
      'updated',
    );
  });

  it('refuses a web page served for a transcript link, naming the item, and keeps the file imported before', async () => {
    serveFeed([
      { title: 'Le wifi public', guid: 'wifi', transcripts: [vtt('wifi')] },
      { title: 'Le budget participatif', guid: 'budget', transcripts: [vtt('budget')] },
    ]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.map((e) => e.status)).toEqual(['added', 'added']);
    // The host is under maintenance: its transcript links answer 200 with a web page.
    const maintenance =
      '<!DOCTYPE html>\n<html lang="fr"><head><title>Maintenance</title></head><body>Revenez plus tard</body></html>';
    server.routes.set('/t/wifi.vtt', { body: maintenance, type: 'text/html; charset=utf-8' });
    // A page served without saying so (text/plain) is refused as well.
    server.routes.set('/t/budget.vtt', { body: `  ${maintenance}`, type: 'text/plain' });
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes.map((e) => [e.title, e.status])).toEqual([
      ['Le wifi public', 'failed'],
      ['Le budget participatif', 'failed'],
    ]);
    expect(second.episodes[0]?.reason).toBe(
      `transcript (podcast:transcript) ${server.url}/t/wifi.vtt: answered a web page (text/html), not a WebVTT transcript; the file imported before is kept`,
    );
    expect(second.episodes[1]?.reason).toMatch(
      /\/t\/budget\.vtt: answered a web page \(text\/plain\), not a WebVTT transcript/,
    );
    expect(await readFile(path.join(root, first.episodes[0]!.file!), 'utf8')).toBe(wifiVtt);
    expect(await readFile(path.join(root, first.episodes[1]!.file!), 'utf8')).toBe(budgetVtt);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);

    // A first import of such an item writes nothing.
    serveFeed([{ title: 'Le cadastre', guid: 'cadastre', transcripts: [vtt('cadastre')] }]);
    server.routes.set('/t/cadastre.vtt', { body: maintenance, type: 'text/html' });
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-cases-'));
    try {
      const third = await importFeed({ source: source(), transcriptsDir: fresh, limits });
      expect(third.episodes[0]).toMatchObject({ title: 'Le cadastre', status: 'failed' });
      expect((await readdir(path.join(fresh, third.showSlug))).filter(isTranscript)).toEqual([]);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('a re-run of a long feed does not go over its whole state again after each item', async () => {
    const count = 150;
    const items = Array.from({ length: count }, (_, i) => ({
      title: `Conseil municipal ${i}`,
      guid: `conseil-${i}`,
      transcripts: [vtt(`conseil-${i}`)],
    }));
    for (let i = 0; i < count; i++) {
      server.routes.set(`/t/conseil-${i}.vtt`, {
        body: budgetVtt.replace('budget', `budget ${i}`),
        type: 'text/vtt',
        etag: `"c${i}"`,
      });
    }
    serveFeed(items, '"feed-1"');
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.every((e) => e.status === 'added')).toBe(true);

    // Each serialisation of the state covers every item: once per item made a re-run
    // quadratic (a 3,000-item feed: 139 s, against 6.3 s once per run).
    const stringify = vi.spyOn(JSON, 'stringify');
    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    const isWholeState = (value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      'feedUrl' in value &&
      typeof (value as { episodes?: unknown }).episodes === 'object' &&
      (value as { episodes?: unknown }).episodes !== null;
    const stateSerialisations = stringify.mock.calls.filter(([value]) => isWholeState(value)).length;
    stringify.mockRestore();
    expect(again.episodes.every((e) => e.status === 'unchanged')).toBe(true);
    expect(stateSerialisations).toBeLessThanOrEqual(3);
  });

  it('a first import of a long feed writes its whole state a few times, not once per item', async () => {
    const count = 150;
    for (let i = 0; i < count; i++) {
      server.routes.set(`/t/seance-${i}.vtt`, {
        body: budgetVtt.replace('budget', `budget ${i}`),
        type: 'text/vtt',
      });
    }
    serveFeed(
      Array.from({ length: count }, (_, i) => ({
        title: `Séance ${i}`,
        guid: `seance-${i}`,
        transcripts: [vtt(`seance-${i}`)],
      })),
    );
    // Each write of the whole state covers every item so far: once per item, the first
    // import of a 3,000-item feed grew with the square of its length.
    const stringify = vi.spyOn(JSON, 'stringify');
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    const stateWrites = stringify.mock.calls.filter(
      ([value]) => typeof value === 'object' && value !== null && 'feedUrl' in value && 'episodes' in value,
    ).length;
    stringify.mockRestore();
    expect(first.episodes.map((e) => e.status)).toEqual(Array.from({ length: count }, () => 'added'));
    expect(stateWrites).toBeLessThanOrEqual(4);
    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(again.episodes.every((e) => e.status === 'unchanged')).toBe(true);
  });

  it('a slow transcript holds up no other item, and the host is asked at most 4 things at once', async () => {
    let releaseSlow = () => {};
    let releaseRest = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const rest = new Promise<void>((resolve) => (releaseRest = resolve));
    const names = Array.from({ length: 12 }, (_, i) => `rapport-${i}`);
    for (const [i, name] of names.entries()) {
      server.routes.set(`/t/${name}.vtt`, {
        body: budgetVtt.replace('budget', `rapport ${i}`),
        type: 'text/vtt',
        holdUntil: i === 0 ? slow : rest,
      });
    }
    serveFeed(names.map((name, i) => ({ title: `Rapport ${i}`, guid: name, transcripts: [vtt(name)] })));
    const seen: string[] = [];
    const run = importFeed({
      source: source(),
      transcriptsDir: root,
      limits: { ...limits, timeoutMs: 20_000 },
      onEpisode: (episode) => seen.push(episode.title),
    });
    await vi.waitFor(() => expect(server.inFlight.now).toBe(4), { timeout: 5_000 });
    // Four held answers: no fifth request goes out meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.inFlight.now).toBe(4);
    releaseRest();
    await vi.waitFor(
      () =>
        expect(names.slice(1).map((name) => server.hits.get(`/t/${name}.vtt`))).toEqual(
          names.slice(1).map(() => 1),
        ),
      { timeout: 5_000 },
    );
    // Progress is reported in the feed's order: nothing before the first item is done.
    expect(seen).toEqual([]);
    releaseSlow();
    const report = await run;
    expect(report.episodes.map((e) => `${e.title} ${e.status}`)).toEqual(
      names.map((_, i) => `Rapport ${i} added`),
    );
    expect(seen).toEqual(names.map((_, i) => `Rapport ${i}`));
    expect(server.inFlight.most).toBe(4);
  });

  it('waits as long as a busy host asks (429 with Retry-After) before asking again, within reason', async () => {
    server.routes.set('/t/patient.vtt', { body: budgetVtt, type: 'text/vtt', retryAfterSeconds: 1 });
    server.routes.set('/t/closed.vtt', { body: cadastreVtt, type: 'text/vtt', retryAfterSeconds: 3600 });
    serveFeed([{ title: 'Patience', guid: 'patient', transcripts: [vtt('patient')] }]);
    const patient = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(patient.episodes[0]?.status).toBe('added');
    expect(server.hits.get('/t/patient.vtt')).toBe(2);
    // An hour is more than an import waits: the item fails at once, saying why, and the host
    // is not asked again meanwhile (the next test: by no item of the run).
    serveFeed([{ title: 'Fermé pour la journée', guid: 'closed', transcripts: [vtt('closed')] }]);
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes[0]?.status).toBe('failed');
    expect(report.episodes[0]?.reason).toMatch(
      /closed\.vtt: HTTP 429 \(the host asks to wait 3600 s before trying again; run the import again later\)/,
    );
    expect(server.hits.get('/t/closed.vtt')).toBe(1);
  });

  it('a Retry-After pauses the whole host: items waiting for it are not asked meanwhile', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `conseil-${i}`);
    for (const [i, name] of names.entries()) {
      server.routes.set(`/t/${name}.vtt`, {
        body: budgetVtt.replace('budget', `conseil ${i}`),
        type: 'text/vtt',
        ...(i === 0 ? { retryAfterSeconds: 1 } : {}),
      });
    }
    serveFeed(names.map((name, i) => ({ title: `Conseil ${i}`, guid: name, transcripts: [vtt(name)] })));
    // Generous timeouts: this test is about the order of requests, not a slow machine.
    const patient = { ...limits, timeoutMs: 10_000, retries: 2 };
    const report = await importFeed({ source: source(), transcriptsDir: root, limits: patient });
    expect(report.episodes.map((e) => e.status)).toEqual(names.map(() => 'added'));
    const transcripts = server.answered.filter((a) => a.path.startsWith('/t/'));
    const asked = transcripts.findIndex((a) => a.status === 429);
    const retried = transcripts.findIndex((a, i) => i > asked && a.path === '/t/conseil-0.vtt');
    // Only the 3 requests already under way when the host said "wait", and at most one more
    // for each should its answer be read before the 429 (before: all 11 other items).
    expect(retried - asked - 1).toBeLessThanOrEqual(6);
  });

  it('a host that asks to wait an hour is not asked again by the items still to import', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `fermeture-${i}`);
    for (const [i, name] of names.entries()) {
      server.routes.set(`/t/${name}.vtt`, {
        body: cadastreVtt.replace('cadastre', `fermeture ${i}`),
        type: 'text/vtt',
        retryAfterSeconds: 3600,
      });
    }
    serveFeed(names.map((name, i) => ({ title: `Fermeture ${i}`, guid: name, transcripts: [vtt(name)] })));
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes.map((e) => e.status)).toEqual(names.map(() => 'failed'));
    for (const episode of report.episodes) {
      expect(episode.reason).toMatch(/asks to wait 3600 s before trying again; run the import again later/);
    }
    // The four asked at once; the other eight were not sent (before: 12 requests, 12 refusals).
    const asked = names.filter((name) => server.hits.get(`/t/${name}.vtt`) !== undefined);
    expect(asked.length).toBeLessThanOrEqual(4);
    expect(report.episodes.filter((e) => /not asked/.test(e.reason ?? ''))).toHaveLength(12 - asked.length);
  });

  it('an import killed midway keeps the items it finished: the re-run asks for them conditionally', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const names = Array.from({ length: 6 }, (_, i) => `voirie-${i}`);
    for (const [i, name] of names.entries()) {
      server.routes.set(`/t/${name}.vtt`, {
        body: budgetVtt.replace('budget', `voirie ${i}`),
        type: 'text/vtt',
        etag: `"${name}"`,
        ...(i === 5 ? { holdUntil: held } : {}),
      });
    }
    serveFeed(names.map((name, i) => ({ title: `Voirie ${i}`, guid: name, transcripts: [vtt(name)] })));
    const transcriptsDir = path.join(root, 'transcripts');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin/import-cli.ts', source()], {
      cwd: repoRoot,
      env: {
        ...process.env,
        VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
        VERBATIM_DATA_DIR: path.join(root, 'data'),
        MEILI_URL: '',
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      // Each episode is printed as soon as it and those before it are done.
      await vi.waitFor(() => expect(stdout.match(/^added /gm)).toHaveLength(5), {
        timeout: 30_000,
        interval: 100,
      });
      expect(stdout).not.toMatch(/Voirie 5/);
    } finally {
      child.kill('SIGKILL');
      await exited;
      release();
    }
    const again = await importFeed({ source: source(), transcriptsDir, limits });
    expect(again.episodes.map((e) => `${e.title} ${e.status}`)).toEqual([
      ...names.slice(0, 5).map((_, i) => `Voirie ${i} unchanged`),
      'Voirie 5 added',
    ]);
    expect(names.slice(0, 5).map((name) => server.notModified.get(`/t/${name}.vtt`))).toEqual([
      1, 1, 1, 1, 1,
    ]);
    const files = await readdir(path.join(transcriptsDir, again.showSlug));
    expect(files.filter((name) => name.endsWith('.vtt'))).toHaveLength(6);
  }, 60_000);

  it('imports a long-running show whose feed is over 20 MB, and names the limit a larger one is over', async () => {
    // Thousands of items with long show notes: real feeds of 20 to 60 MB.
    const notes = `<description><![CDATA[${'<p>Compte rendu du conseil : vidéoprotection, caméras « intelligentes », données conservées trente jours.</p>'.repeat(500)}]]></description>`;
    const items: BareItem[] = Array.from({ length: 500 }, (_, i) => ({
      title: `Conseil ${i}`,
      guid: `conseil-long-${i}`,
      ...(i < 2 ? { transcripts: [vtt(i === 0 ? 'budget' : 'cadastre')] } : {}),
      extra: notes,
    }));
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', items),
      type: 'application/rss+xml',
    });
    expect(Buffer.byteLength(bareFeedXml(server.url, 'x', items))).toBeGreaterThan(25 * 1024 * 1024);
    const report = await importFeed({ source: source(), transcriptsDir: root, limit: 2 });
    expect(report.episodes.map((e) => e.status)).toEqual(['added', 'added']);

    // Sent without Content-Length too: the size is only known by reading.
    for (const chunked of [false, true]) {
      server.routes.set('/feed.xml', {
        body: bareFeedXml(server.url, 'Données de quartier', items),
        type: 'application/rss+xml',
        chunked,
      });
      await expect(
        importFeed({ source: source(), transcriptsDir: root, maxFeedBytes: 10 * 1024 * 1024 }),
      ).rejects.toThrow(
        new RegExp(
          `^feed ${source().replaceAll('.', '\\.')}: the feed is larger than the limit of 10485760 bytes \\(10 MiB\\)`,
        ),
      );
    }
  });

  it('replaces the SRT when the feed adds a VTT, so the episode is not indexed twice', async () => {
    const srt = { url: '/t/wifi.srt', type: 'application/x-subrip' };
    serveFeed([{ title: 'Le wifi public', guid: 'wifi', transcripts: [srt] }]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes[0]?.file).toMatch(/\.srt$/);
    serveFeed([{ title: 'Le wifi public', guid: 'wifi', transcripts: [srt, vtt('wifi')] }]);
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes[0]).toMatchObject({
      status: 'updated',
      file: expect.stringMatching(/\.vtt$/) as unknown,
    });
    const files = (await readdir(path.join(root, second.showSlug))).filter(isTranscript);
    expect(files).toEqual([path.basename(second.episodes[0]!.file!)]);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(1);
  });

  it('imports items sharing a guid once each, even when the second appears later, and re-runs are unchanged', async () => {
    const cadastre = {
      title: 'Le cadastre',
      guid: 'episode',
      transcripts: [vtt('cadastre')],
      extra: enclosure('cadastre.mp3'),
    };
    const budget = {
      title: 'Le budget',
      guid: 'episode',
      transcripts: [vtt('budget')],
      extra: enclosure('budget.mp3'),
    };
    serveFeed([cadastre]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    const cadastreFile = first.episodes[0]!.file!;

    // The host reuses the guid for a new episode at the top of the feed.
    serveFeed([budget, cadastre]);
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes.map((e) => e.status)).toEqual(['added', 'unchanged']);
    expect(second.episodes[1]?.file).toBe(cadastreFile);
    expect(second.episodes[0]?.file).not.toBe(cadastreFile);
    expect(await readFile(path.join(root, cadastreFile), 'utf8')).toBe(cadastreVtt);
    expect(await readFile(path.join(root, second.episodes[0]!.file!), 'utf8')).toBe(budgetVtt);

    const third = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(third.episodes.map((e) => e.status)).toEqual(['unchanged', 'unchanged']);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);
  });

  it('imports an item listed twice in the feed once, so the episode is not found twice in search', async () => {
    const cadastre = {
      title: 'Le cadastre',
      guid: 'cadastre-2025',
      transcripts: [vtt('cadastre')],
      extra: enclosure('cadastre.mp3'),
    };
    const budget = { title: 'Le budget', guid: 'budget-2025', transcripts: [vtt('budget')] };
    // A publishing tool that listed the same item twice (and once more without its guid).
    serveFeed([cadastre, budget, cadastre, { ...cadastre, guid: undefined }]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.map((e) => `${e.title} ${e.status}`)).toEqual([
      'Le cadastre added',
      'Le budget added',
      'Le cadastre duplicate',
      'Le cadastre duplicate',
    ]);
    expect(first.episodes[2]?.reason).toBe('the same episode as the item "Le cadastre": imported once');
    expect(first.episodes[2]?.file).toBe(first.episodes[0]?.file);
    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(again.episodes.map((e) => e.status)).toEqual(['unchanged', 'unchanged', 'duplicate', 'duplicate']);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);
  });

  it('removes the files of an item imported before that is now the duplicate of another', async () => {
    const cadastre = { title: 'Le cadastre', guid: 'cadastre-2025', transcripts: [vtt('cadastre')] };
    const budget = { title: 'Le budget', guid: 'budget-2025', transcripts: [vtt('budget')] };
    serveFeed([cadastre, budget]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.map((e) => e.status)).toEqual(['added', 'added']);
    // The publishing tool now lists the first episode a second time, in the second item's place.
    serveFeed([cadastre, { ...budget, transcripts: [vtt('cadastre')] }]);
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes.map((e) => e.status)).toEqual(['unchanged', 'duplicate']);
    const folder = path.join(root, second.showSlug);
    const base = (file: string) => path.basename(file).replace(/\.vtt$/, '');
    expect((await readdir(folder)).filter((name) => name.startsWith(base(first.episodes[1]!.file!)))).toEqual(
      [],
    );
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(1);
    const third = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(third.episodes.map((e) => e.status)).toEqual(['unchanged', 'duplicate']);

    // Republished at the top of the feed under a new guid: the episode imported before stays.
    serveFeed([{ ...cadastre, title: 'Rediffusion : le cadastre', guid: 'rediffusion' }, cadastre]);
    const fourth = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(fourth.episodes.map((e) => `${e.title} ${e.status}`)).toEqual([
      'Rediffusion : le cadastre duplicate',
      'Le cadastre unchanged',
    ]);
    expect(fourth.episodes[0]?.file).toBe(first.episodes[0]?.file);
  });

  it('keeps one episode when the host changes its guid, or the enclosure URL of an item without one', async () => {
    const wifi = { title: 'Le wifi public', guid: 'old-host-17', transcripts: [vtt('wifi')] };
    const budget = { title: 'Le budget', transcripts: [vtt('budget')] };
    const dated = '<pubDate>Tue, 02 Sep 2025 08:00:00 +0000</pubDate>';
    const cadastre = { title: 'Le cadastre', guid: 'old-host-19', transcripts: [vtt('cadastre')] };
    serveFeed([
      { ...wifi, extra: enclosure('wifi.mp3') },
      { ...budget, extra: enclosure('budget.mp3?tracking=a') },
      { ...cadastre, extra: enclosure('cadastre.mp3') + dated },
    ]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(first.episodes.map((e) => e.status)).toEqual(['added', 'added', 'added']);

    // The show moved to another host: new guids, new tracking prefixes on the media, new
    // transcript URLs; an item keeps at least its transcript, its media or its date and title.
    server.routes.set('/t/new/wifi.vtt', { body: wifiVtt, type: 'text/vtt' });
    server.routes.set('/t/new/cadastre.vtt', { body: cadastreVtt, type: 'text/vtt' });
    serveFeed([
      { ...wifi, guid: 'new-host-17', transcripts: [vtt('new/wifi')], extra: enclosure('wifi.mp3') },
      { ...budget, extra: enclosure('budget.mp3?tracking=b') },
      {
        ...cadastre,
        guid: 'new-host-19',
        transcripts: [vtt('new/cadastre')],
        extra: enclosure('c.mp3') + dated,
      },
    ]);
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    // Updated: their meta.json now names the new guid and media.
    expect(second.episodes.map((e) => [e.status, e.file])).toEqual(
      first.episodes.map((e) => ['updated', e.file]),
    );
    const files = (await readdir(path.join(root, first.showSlug))).filter(isTranscript);
    expect(files).toHaveLength(3);
    const meta = await readJson(path.join(root, first.episodes[1]!.file!.replace(/\.vtt$/, '.meta.json')));
    expect(meta['media']).toBe(`${server.url}/media/budget.mp3?tracking=b`);
    const { counts } = await ingestAll(root);
    expect(counts.episodes).toBe(3);
  });

  it('reads a feed and transcripts in Latin-1 or Windows-1252 as they declare, so accents survive', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const feed = bareFeedXml(server.url, 'Données de quartier', [
      { title: 'L’été des caméras', transcripts: [{ url: '/t/ete.srt', type: 'application/x-subrip' }] },
    ])
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('L’été', 'L&#8217;été');
    server.routes.set('/feed.xml', { body: latin1(feed), type: 'application/rss+xml' });
    // ’, œ and … exist in Windows-1252 only (bytes 0x92, 0x9c, 0x85).
    const srt = (text: string) => `1\n00:00:00,000 --> 00:00:04,000\n${text}\n`;
    server.routes.set('/t/ete.srt', {
      body: latin1(srt('L\x92\x9cuvre de la m\xe9diath\xe8que\x85')),
      type: 'application/x-subrip; charset=windows-1252',
    });
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.showSlug).toBe('donnees-de-quartier');
    expect(report.episodes).toMatchObject([{ status: 'added', title: 'L’été des caméras' }]);
    const showDir = path.join(root, 'donnees-de-quartier');
    expect(await readJson(path.join(showDir, 'show.json'))).toEqual({ title: 'Données de quartier' });
    const file = path.join(root, report.episodes[0]!.file!);
    expect(await readFile(file, 'utf8')).toBe(srt('L’œuvre de la médiathèque…'));
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(1);

    const again = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(again.episodes.map((e) => e.status)).toEqual(['unchanged']);
  });

  it("imports into the archive's folder of the show when its name is not a slug (Données de quartier/)", async () => {
    const folder = path.join(root, 'Données de quartier');
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, 'show.json'),
      JSON.stringify({ title: 'Données de quartier', language: 'fr' }),
    );
    await writeFile(path.join(folder, 'entretien.vtt'), handWrittenVtt);
    serveFeed([{ title: 'Le wifi public', transcripts: [vtt('wifi')] }]);
    for (const showSlug of [undefined, 'donnees-de-quartier']) {
      const report = await importFeed({ source: source(), transcriptsDir: root, showSlug, limits });
      expect(report.episodes[0]).toMatchObject({ file: 'Données de quartier/le-wifi-public.vtt' });
    }
    expect(await readdir(root)).toEqual(['Données de quartier']);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(2);
  });

  it('keeps importing into the same folder when the show renames itself in its feed', async () => {
    serveFeed([{ title: 'Le wifi public', transcripts: [vtt('wifi')] }]);
    const first = await importFeed({ source: source(), transcriptsDir: root, limits });
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier, saison 2', [
        { title: 'Le wifi public', transcripts: [vtt('wifi')] },
      ]),
      type: 'application/rss+xml',
    });
    const second = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(second.episodes.map((e) => [e.status, e.file])).toEqual([['unchanged', first.episodes[0]!.file]]);
    expect(await readdir(root)).toEqual([first.showSlug]);
    expect(await readJson(path.join(root, first.showSlug, 'show.json'))).toEqual({
      title: 'Données de quartier, saison 2',
    });
  });

  it('follows transcript, chapters and enclosure links written relative to the feed', async () => {
    server.routes.set('/c/wifi.json', { body: chaptersJson, type: 'application/json+chapters' });
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', [
        {
          title: 'Le wifi public',
          extra:
            '<podcast:transcript url="t/wifi.vtt" type="text/vtt"/>' +
            '<podcast:chapters url="/c/wifi.json" type="application/json+chapters"/>' +
            '<enclosure url="/media/wifi.mp3" type="audio/mpeg" length="4"/>',
        },
      ]),
      type: 'application/rss+xml',
    });
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes[0]).toMatchObject({ status: 'added' });
    const file = path.join(root, report.episodes[0]!.file!);
    expect(await readFile(file, 'utf8')).toBe(wifiVtt);
    expect((await readJson(file.replace(/\.vtt$/, '.meta.json')))['media']).toBe(
      `${server.url}/media/wifi.mp3`,
    );
    expect(existsSync(file.replace(/\.vtt$/, '.chapters.json'))).toBe(true);
  });

  it('follows relative links against the address the feed moved to, as a browser does', async () => {
    // The show moved host: its old address redirects, and its links are relative to the new one.
    const newHost = await startFeedServer();
    try {
      newHost.routes.set('/podcast/t/moved.vtt', { body: wifiVtt, type: 'text/vtt', etag: '"w1"' });
      newHost.routes.set('/podcast/feed.xml', {
        body: bareFeedXml('', 'Données de quartier', [
          { title: 'Le wifi public', guid: 'wifi', transcripts: [{ url: 't/moved.vtt', type: 'text/vtt' }] },
        ]),
        type: 'application/rss+xml',
        etag: '"f1"',
      });
      server.routes.set('/feed.xml', { body: '', redirectTo: `${newHost.url}/podcast/feed.xml` });
      const first = await importFeed({ source: source(), transcriptsDir: root, limits });
      expect(first.episodes.map((e) => e.status)).toEqual(['added']);
      expect(await readFile(path.join(root, first.episodes[0]!.file!), 'utf8')).toBe(wifiVtt);
      // The feed answers 304 through the redirect: its kept copy is read the same way.
      const again = await importFeed({ source: source(), transcriptsDir: root, limits });
      expect(again.feedUnchanged).toBe(true);
      expect(again.episodes.map((e) => e.status)).toEqual(['unchanged']);
    } finally {
      await newHost.close();
    }
  });

  it('says when the feed announces it moved (itunes:new-feed-url), and still imports it', async () => {
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Données de quartier', [
        { title: 'Le wifi public', guid: 'wifi', transcripts: [vtt('wifi')] },
      ]).replace(
        '<title>Données de quartier</title>',
        '<title>Données de quartier</title>\n<itunes:new-feed-url>https://feeds.example.org/donnees</itunes:new-feed-url>',
      ),
      type: 'application/rss+xml',
    });
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes.map((e) => e.status)).toEqual(['added']);
    expect(report.warnings).toEqual([
      'the feed says it has moved to https://feeds.example.org/donnees (itunes:new-feed-url), where new ' +
        'episodes appear: import that address with --show donnees-de-quartier to keep this folder',
    ]);
  });

  it('says why a relative transcript link cannot be followed in a feed read from a file', async () => {
    const feedFile = path.join(root, 'saved-feed.xml');
    await writeFile(
      feedFile,
      bareFeedXml('', 'Données de quartier', [
        { title: 'Le wifi public', guid: 'wifi', transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }] },
      ]),
    );
    const report = await importFeed({ source: feedFile, transcriptsDir: root, limits });
    expect(report.episodes[0]?.status).toBe('no-transcript');
    expect(report.episodes[0]?.reason).toBe(
      'its podcast:transcript link "/t/wifi.vtt" is relative, and a feed read from a file has no address ' +
        'to follow it from: import the feed by its URL',
    );
  });

  it("never overwrites an archivist's file that has the name the feed would use", async () => {
    const showDir = path.join(root, 'tf', 'show');
    await mkdir(showDir, { recursive: true });
    const own = path.join(showDir, '2024-01-04-full-four.vtt');
    await writeFile(own, handWrittenVtt);
    serveFeed([
      {
        title: 'Full four',
        transcripts: [vtt('cadastre')],
        extra: '<pubDate>Thu, 04 Jan 2024 09:00:00 +0000</pubDate>',
      },
    ]);
    const options = { source: source(), transcriptsDir: path.join(root, 'tf'), showSlug: 'show', limits };
    const first = await importFeed(options);
    expect(first.episodes[0]?.status).toBe('added');
    expect(first.episodes[0]?.file).not.toBe('show/2024-01-04-full-four.vtt');
    expect(first.episodes[0]?.warnings?.join('\n')).toMatch(/2024-01-04-full-four\.vtt/);
    expect(await readFile(own, 'utf8')).toBe(handWrittenVtt);
    expect(await readFile(path.join(root, 'tf', first.episodes[0]!.file!), 'utf8')).toBe(cadastreVtt);

    const second = await importFeed(options);
    expect(second.episodes[0]).toMatchObject({ status: 'unchanged', file: first.episodes[0]!.file });
    expect(await readFile(own, 'utf8')).toBe(handWrittenVtt);
  });

  it('skips broken chapters with a warning, so the transcript still ingests', async () => {
    server.routes.set('/c/broken.json', { body: brokenChaptersJson, type: 'application/json+chapters' });
    serveFeed([
      {
        title: 'Le wifi public',
        transcripts: [vtt('wifi')],
        extra: `<podcast:chapters url="${server.url}/c/broken.json" type="application/json+chapters"/>`,
      },
    ]);
    const report = await importFeed({ source: source(), transcriptsDir: root, limits });
    expect(report.episodes[0]?.status).toBe('added');
    expect(report.episodes[0]?.warnings?.join('\n')).toMatch(/broken\.json:5: chapters\[0\]\.startTime/);
    const files = await readdir(path.join(root, report.showSlug));
    expect(files.filter((f) => f.endsWith('.chapters.json'))).toEqual([]);
    const { summary, counts } = await ingestAll(root);
    expect(summary.failed).toEqual([]);
    expect(counts.episodes).toBe(1);
  });

  it('npm run import exits 1 when ingest reports a failed file, and sums up what failed at the end', async () => {
    server.routes.set('/t/broken.vtt', { body: notReallyVtt, type: 'text/vtt' });
    const feedFile = path.join(root, 'feed.xml');
    await writeFile(
      feedFile,
      bareFeedXml(server.url, 'Données de quartier', [
        { title: 'Sans en-tête', transcripts: [vtt('broken')] },
        { title: 'Perdue', transcripts: [vtt('lost')] },
        { title: 'Le budget', transcripts: [vtt('budget')] },
        { title: 'Sans transcription' },
      ]),
    );
    const run = await runImportCliIn(feedFile, root);
    expect(run.stdout, run.stderr).toMatch(/Ingest: 1 added.* 1 failed/);
    // After thousands of lines, the count and the items that failed, each with its reason.
    expect(run.stdout).toContain(
      `Import: 2 added, 1 failed, 1 without a transcript\n  Perdue: transcript (podcast:transcript) ${server.url}/t/lost.vtt: HTTP 404\n`,
    );
    expect(run.code).toBe(1);
  }, 60_000);

  it('npm run import says which link failed — transcript, media or feed — with the item, the URL and the status', async () => {
    server.routes.set('/t/lost.vtt', { body: 'Not Found', type: 'text/plain', status: 404 });
    server.routes.set('/t/down.vtt', { body: 'Internal Server Error', type: 'text/plain', status: 500 });
    serveFeed([
      { title: 'Perdue', transcripts: [vtt('lost')] },
      { title: 'En panne', transcripts: [vtt('down')] },
      { title: 'Le budget', transcripts: [vtt('budget')], extra: enclosure('budget.mp3') },
    ]);
    const dirs = { transcriptsDir: path.join(root, 'transcripts'), dataDir: path.join(root, 'data') };
    const run = await runImportCli(dirs, source(), '--download-media');
    // Before: 'Perdue: <url>: HTTP 404', the same words as a missing feed or media file.
    expect(run.stdout, run.stderr).toContain(
      `  Perdue: transcript (podcast:transcript) ${server.url}/t/lost.vtt: HTTP 404\n`,
    );
    expect(run.stdout).toContain(
      `  En panne: transcript (podcast:transcript) ${server.url}/t/down.vtt: HTTP 500\n`,
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `Le budget[^\\n]*media \\(enclosure\\) not downloaded, the transcript is imported: ${server.url}/media/budget\\.mp3: HTTP 404`,
      ),
    );
    expect(run.code).toBe(1);

    const noFeed = await runImportCli(dirs, `${server.url}/gone.xml`);
    expect(noFeed.stderr).toContain(`feed ${server.url}/gone.xml: HTTP 404`);
    expect(noFeed.code).toBe(1);
  }, 60_000);

  it('npm run import names each line ingest skipped or repaired in a transcript it imported, file and line', async () => {
    server.routes.set('/t/abime.vtt', {
      body:
        'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nLa CNIL a sanctionné le fichier.\n\n' +
        'une note de montage sans minutage\n\n00:00:09.000 --> 00:00:06.000\nLe recours est rejeté.\n',
      type: 'text/vtt',
    });
    serveFeed([{ title: 'Abîmée', transcripts: [vtt('abime')] }]);
    const run = await runImportCliIn(source(), root);
    // Before: 'Ingest: 1 added, … 0 failed' and not a word of the lost note or the repaired cue.
    expect(run.stdout, run.stderr).toMatch(/Ingest: 1 added, .* 0 failed, 2 warnings\n/);
    expect(run.stdout).toMatch(
      /\n {2}warning: [^\n]+\/abimee\.vtt:6: ignored a block without a cue timing line\n/,
    );
    expect(run.stdout).toMatch(
      /\n {2}warning: [^\n]+\/abimee\.vtt: repaired 1 cue\(s\) with zero or negative duration\n/,
    );
    expect(run.code).toBe(0);
  }, 60_000);

  it("npm run import exits 0 when the feed imported cleanly, whatever another show's broken file", async () => {
    const transcriptsDir = path.join(root, 'transcripts');
    await mkdir(path.join(transcriptsDir, 'autre-emission'), { recursive: true });
    await writeFile(path.join(transcriptsDir, 'autre-emission/casse.vtt'), 'Pas de WEBVTT ici\n');
    serveFeed([{ title: 'Le budget', transcripts: [vtt('budget')] }]);
    const run = await runImportCliIn(source(), root);
    expect(run.stdout, run.stderr).toMatch(/Import: 1 added\n/);
    // Still said, but as the other show's, and it does not make a scheduled import fail.
    expect(run.stdout).toMatch(
      /1 failed \(not from this feed\)\n {2}autre-emission\/casse\.vtt:1: not a WebVTT file/,
    );
    expect(run.code).toBe(0);
  }, 60_000);

  it('npm run import -- --help prints the options, and a second feed is refused, not ignored', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/admin/import-cli.ts', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, VERBATIM_TRANSCRIPTS_DIR: path.join(root, 'none'), MEILI_URL: '' },
      });
    const help = cli('--help');
    expect(help.stdout).toMatch(/^Usage: npm run import -- <feed URL or file>/);
    expect(help.stdout).toMatch(/--download-media/);
    expect(help.status).toBe(0);
    const two = cli('https://example.org/a.xml', 'https://example.org/b.xml');
    expect(two.stderr).toMatch(
      /Expected one feed URL or file, got 2: https:\/\/example\.org\/a\.xml https:\/\/example\.org\/b\.xml/,
    );
    expect(two.status).toBe(2);
  }, 60_000);
});

describe('--download-media order and names', () => {
  let server: FeedServer;
  let root: string;
  const options = () => ({
    source: `${server.url}/feed.xml`,
    transcriptsDir: root,
    showSlug: 'medias',
    downloadMedia: true,
    limits,
  });
  const serveFeed = (items: BareItem[]) =>
    server.routes.set('/feed.xml', {
      body: bareFeedXml(server.url, 'Médias', items),
      type: 'application/rss+xml',
    });

  beforeEach(async () => {
    server = await startFeedServer();
    root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-feed-order-'));
    server.routes.set('/t/wifi.vtt', { body: wifiVtt, type: 'text/vtt' });
  });

  afterEach(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('downloads no media for an episode whose transcript failed, run after run', async () => {
    server.routes.set('/media/lost.mp3', { body: Buffer.from('son'), type: 'audio/mpeg' });
    serveFeed([
      {
        title: 'Transcription absente',
        transcripts: [{ url: '/t/missing.vtt', type: 'text/vtt' }],
        extra: `<enclosure url="${server.url}/media/lost.mp3" type="audio/mpeg" length="3"/>`,
      },
    ]);
    for (let run = 0; run < 2; run++) {
      const report = await importFeed(options());
      expect(report.episodes[0]?.status).toBe('failed');
    }
    expect(server.hits.get('/media/lost.mp3')).toBeUndefined();
    expect(await readdir(path.join(root, 'medias'))).not.toContainEqual(expect.stringMatching(/\.mp3/));
  });

  it('keeps the transcript when the media fails, and fetches the media on the next run', async () => {
    server.routes.set('/media/later.mp3', { body: 'indisponible', status: 404 });
    serveFeed([
      {
        title: 'Le wifi public',
        transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }],
        extra: `<enclosure url="${server.url}/media/later.mp3" type="audio/mpeg" length="3"/>`,
      },
    ]);
    const first = await importFeed(options());
    expect(first.episodes[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('HTTP 404') as unknown,
    });
    const transcript = path.join(root, first.episodes[0]!.file!);
    expect(await readFile(transcript, 'utf8')).toBe(wifiVtt);
    const metaFile = transcript.replace(/\.vtt$/, '.meta.json');
    expect((await readJson(metaFile))['media']).toBe(`${server.url}/media/later.mp3`);

    server.routes.set('/media/later.mp3', { body: Buffer.from('son'), type: 'audio/mpeg', etag: '"son"' });
    const second = await importFeed(options());
    expect(second.episodes[0]?.status).toBe('updated');
    expect((await readJson(metaFile))['media']).toBe(path.basename(transcript).replace(/\.vtt$/, '.mp3'));
    const third = await importFeed(options());
    expect(third.episodes[0]?.status).toBe('unchanged');
    expect(server.notModified.get('/media/later.mp3')).toBe(1);
  });

  it('resumes a media download cut midway where it stopped, within a run and on the next run', async () => {
    const audio = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251));
    // Cut twice in a row: the run's one retry is cut as well, and the next run finishes.
    server.routes.set('/media/long.mp3', {
      body: audio,
      type: 'audio/mpeg',
      etag: '"long-1"',
      ranges: true,
      cutAfterBytes: [30_000, 40_000],
    });
    serveFeed([
      {
        title: 'Le wifi public',
        transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }],
        extra: `<enclosure url="${server.url}/media/long.mp3" type="audio/mpeg" length="${audio.length}"/>`,
      },
    ]);
    const first = await importFeed(options());
    expect(first.episodes[0]).toMatchObject({ status: 'failed' });
    const showDir = path.join(root, 'medias');
    // Nothing ingest would read: the part downloaded so far is hidden.
    expect((await readdir(showDir)).filter((f) => f.endsWith('.mp3'))).toEqual([]);

    const second = await importFeed(options());
    expect(second.episodes[0]?.status).toBe('updated');
    const mediaFile = path.basename(second.episodes[0]!.file!).replace(/\.vtt$/, '.mp3');
    expect(await readFile(path.join(showDir, mediaFile))).toEqual(audio);
    expect(server.ranges.get('/media/long.mp3')).toEqual(['bytes=30000-', 'bytes=70000-']);
    expect((await readdir(showDir)).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('asks only conditionally for media whose URL changed but not its file (a new tracking prefix)', async () => {
    server.routes.set('/media/son.mp3', {
      body: Buffer.from('son complet'),
      type: 'audio/mpeg',
      etag: '"son"',
    });
    const serveWith = (query: string) =>
      serveFeed([
        {
          title: 'Le wifi public',
          guid: 'wifi',
          transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }],
          extra: `<enclosure url="${server.url}/media/son.mp3?${query}" type="audio/mpeg" length="11"/>`,
        },
      ]);
    serveWith('via=stats-a');
    expect((await importFeed(options())).episodes[0]?.status).toBe('added');
    serveWith('via=stats-b');
    expect((await importFeed(options())).episodes[0]?.status).toBe('unchanged');
    expect(server.hits.get('/media/son.mp3')).toBe(2);
    expect(server.notModified.get('/media/son.mp3')).toBe(1);
  });

  it('names media without a type after its URL (.m4a) before falling back to .mp3', async () => {
    server.routes.set('/media/son.m4a', { body: Buffer.from('m4a'), type: 'application/octet-stream' });
    serveFeed([
      {
        title: 'Le wifi public',
        transcripts: [{ url: '/t/wifi.vtt', type: 'text/vtt' }],
        extra: `<enclosure url="${server.url}/media/son.m4a?source=rss" length="3"/>`,
      },
    ]);
    const report = await importFeed(options());
    expect(report.episodes[0]?.status).toBe('added');
    const files = await readdir(path.join(root, 'medias'));
    expect(files.filter((f) => /\.(m4a|mp3)$/.test(f))).toEqual([
      path.basename(report.episodes[0]!.file!).replace(/\.vtt$/, '.m4a'),
    ]);
  });
});

describe('feed parsing details', () => {
  it('reads itunes durations in every documented shape', () => {
    expect(parseItunesDuration('754')).toBe(754);
    expect(parseItunesDuration('12:34')).toBe(754);
    expect(parseItunesDuration('1:02:03')).toBe(3723);
    expect(parseItunesDuration('n/a')).toBeNull();
  });

  it("dates an episode on the day its pubDate says, in the feed's own time zone", () => {
    const dateOf = (pubDate: string) =>
      parseFeed(
        bareFeedXml('https://example.org', 'Données de quartier', [
          { title: 'Minuit', guid: 'minuit', extra: `<pubDate>${pubDate}</pubDate>` },
        ]),
        'https://example.org/feed.xml',
      ).episodes[0]?.date;
    // Published at midnight in Paris: the 5th there, the 4th in UTC.
    expect(dateOf('Tue, 05 Mar 2024 00:30:00 +0100')).toBe('2024-03-05');
    expect(dateOf('Wed, 31 Dec 2025 23:30:00 -0500')).toBe('2025-12-31');
    expect(dateOf('Tue, 05 Mar 2024 00:30:00 CET')).toBe('2024-03-05');
    expect(dateOf('Sun, 30 Jun 2024 00:15:00 CEST')).toBe('2024-06-30');
    expect(dateOf('Tue, 05 Mar 2024 23:30:00 PST')).toBe('2024-03-05');
    expect(dateOf('Tue, 05 Mar 2024 08:00:00 GMT')).toBe('2024-03-05');
    expect(dateOf('2024-03-05T00:30:00+01:00')).toBe('2024-03-05');
    expect(dateOf('Tue, 05 Mar 2024')).toBe('2024-03-05');
    expect(dateOf('bientôt')).toBeNull();
  });

  it('prefers JSON, then VTT, then SRT, and HTML only when nothing timed exists', () => {
    const link = (type: string, url = `https://example.org/t.${type.split('/')[1]}`) => ({
      url,
      type,
      language: null,
      rel: null,
    });
    expect(
      pickTranscript([link('text/html'), link('application/x-subrip'), link('text/vtt')])?.extension,
    ).toBe('vtt');
    expect(pickTranscript([link('text/html'), link('application/x-subrip')])?.extension).toBe('srt');
    expect(pickTranscript([link('text/html')])).toMatchObject({ extension: 'html', timed: false });
    expect(pickTranscript([])).toBeNull();
  });

  it('names the feed and the encoding it declares when that encoding cannot be read', () => {
    const xml = Buffer.from('<?xml version="1.0" encoding="x-mac-klingon"?><rss/>');
    expect(() => decodeFeedBytes(xml, null, 'old.xml')).toThrow(
      /old\.xml: the XML declaration names the encoding "x-mac-klingon"/,
    );
  });

  it('names the feed when the XML is broken', () => {
    expect(() => parseFeed('<rss><channel><title>x</title>', 'broken.xml')).toThrow(/broken\.xml/);
  });
});
