import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFeed, FEED_STATE_FILE } from '../../server/admin/feed-import/import-feed.ts';
import { parseFeed, parseItunesDuration } from '../../server/admin/feed-import/parse-feed.ts';
import { pickTranscript } from '../../server/admin/feed-import/pick-transcript.ts';
import {
  chaptersJson,
  htmlTranscript,
  podcastJsonTranscript,
  srtTranscript,
  vttTranscript,
  vttTranscriptRevised,
} from '../fixtures/admin/transcripts.ts';
import { startFeedServer, type FeedServer } from './feed-server.ts';

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
    ).rejects.toThrow(/not-rss\.xml: not an RSS 2\.0 feed/);
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
    expect(byGuid['ep-huge']?.reason).toMatch(/ep-huge\.mp3.*larger than the limit of 262144 bytes/);
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

describe('feed parsing details', () => {
  it('reads itunes durations in every documented shape', () => {
    expect(parseItunesDuration('754')).toBe(754);
    expect(parseItunesDuration('12:34')).toBe(754);
    expect(parseItunesDuration('1:02:03')).toBe(3723);
    expect(parseItunesDuration('n/a')).toBeNull();
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

  it('names the feed when the XML is broken', () => {
    expect(() => parseFeed('<rss><channel><title>x</title>', 'broken.xml')).toThrow(/broken\.xml/);
  });
});
