// The API's JSON answers carry an ETag of their content: a browser revisiting an episode
// (its every cue), a course page reloading a clip, a proxy, revalidate what they hold and
// get 304 without a body until it changes, then the new answer.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';

const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';

let t: TestArchive;
let clipId: string;
let clipToken: string;
let packId: string;

beforeAll(async () => {
  t = await createTestArchive();
  const clip = (await (
    await t.app.request('/api/clips', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ episodeId: FACIAL, start: 1, end: 4, note: 'Pour mardi' }),
    })
  ).json()) as { clip: { id: string }; editToken: string };
  clipId = clip.clip.id;
  clipToken = clip.editToken;
  const pack = (await (
    await t.app.request('/api/packs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Séance 3', items: [{ clipId }] }),
    })
  ).json()) as { pack: { id: string } };
  packId = pack.pack.id;
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.request(url, { headers });

const jsonRoutes = () => [
  '/api/shows',
  '/api/shows/libertes-numeriques',
  '/api/episodes?limit=2',
  `/api/episodes/${FACIAL}`,
  `/api/clips/${clipId}`,
  `/api/clips/${clipId}/citation?style=apa`,
  `/api/packs/${packId}`,
  `/oembed?url=${encodeURIComponent(`http://localhost/clips/${clipId}`)}`,
  '/api/openapi.json',
];

describe('JSON revalidation', () => {
  it('tags each JSON answer and answers 304 without a body while it holds, compressed or not', async () => {
    for (const url of jsonRoutes()) {
      const first = await get(url);
      expect(first.status, url).toBe(200);
      const etag = first.headers.get('ETag');
      expect(etag, url).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('Cache-Control'), url).toBe('no-cache');
      for (const encoding of ['identity', 'gzip, br']) {
        const again = await get(url, { 'If-None-Match': etag!, 'Accept-Encoding': encoding });
        expect(again.status, `${url} ${encoding}`).toBe(304);
        expect(await again.text(), url).toBe('');
        expect(again.headers.get('ETag'), url).toBe(etag);
        expect(again.headers.get('Content-Type'), url).toBeNull();
      }
      const other = await get(url, { 'If-None-Match': 'W/"something-else"' });
      expect(other.status, url).toBe(200);
      expect(await other.json(), url).toEqual(await first.json());
    }
  });

  it('answers HEAD with the same tag, and 304 to it', async () => {
    const url = `/api/episodes/${FACIAL}`;
    const etag = (await get(url)).headers.get('ETag')!;
    const head = await t.app.request(url, { method: 'HEAD' });
    expect(head.headers.get('ETag')).toBe(etag);
    const conditional = await t.app.request(url, { method: 'HEAD', headers: { 'If-None-Match': etag } });
    expect(conditional.status).toBe(304);
  });

  it('gives the edited clip, and the pack that shows it, once the note changed', async () => {
    const clipUrl = `/api/clips/${clipId}`;
    const packUrl = `/api/packs/${packId}`;
    const clipTag = (await get(clipUrl)).headers.get('ETag')!;
    const packTag = (await get(packUrl)).headers.get('ETag')!;
    const edited = await t.app.request(clipUrl, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${clipToken}` },
      body: JSON.stringify({ note: 'Pour jeudi' }),
    });
    expect(edited.status).toBe(200);
    const clip = await get(clipUrl, { 'If-None-Match': clipTag });
    expect(clip.status).toBe(200);
    expect(((await clip.json()) as { clip: { note: string } }).clip.note).toBe('Pour jeudi');
    const pack = await get(packUrl, { 'If-None-Match': packTag });
    expect(pack.status).toBe(200);
    expect(pack.headers.get('ETag')).not.toBe(packTag);
  });

  it('gives the new cues once the transcript changed and was ingested again', async () => {
    const url = `/api/episodes/${FACIAL}`;
    const listUrl = '/api/episodes?limit=100';
    const etag = (await get(url)).headers.get('ETag')!;
    const listTag = (await get(listUrl)).headers.get('ETag')!;
    const file = path.join(
      t.config.transcriptsDir,
      'libertes-numeriques',
      'recours-reconnaissance-faciale.vtt',
    );
    appendFileSync(file, '\n00:00:40.000 --> 00:00:42.000\n<v Inès Duval>Une phrase relue le lendemain.\n');
    await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
    const after = await get(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    const body = (await after.json()) as { cues: { text: string }[] };
    expect(body.cues.at(-1)?.text).toBe('Une phrase relue le lendemain.');
    expect((await get(listUrl, { 'If-None-Match': listTag })).status).toBe(200);
  });

  it('answers an error as it is, whatever the tag asked for', async () => {
    const res = await get('/api/episodes/nope', { 'If-None-Match': '*' });
    expect(res.status).toBe(404);
    expect(res.headers.get('ETag')).toBeNull();
  });
});
