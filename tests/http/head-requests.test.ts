// HEAD answers with the headers GET would send, without the body: a download manager, a
// link checker or `curl -I` reads the size, type and validators of an export from them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';

let t: TestArchive;
let clipId: string;
let packId: string;
const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  t = await createTestArchive();
  const clip = await t.app.request('/api/clips', json({ episodeId: FACIAL, start: 0, end: 2 }));
  expect(clip.status).toBe(201);
  clipId = ((await clip.json()) as { clip: { id: string } }).clip.id;
  const pack = await t.app.request('/api/packs', json({ title: 'TD', items: [{ clipId }] }));
  expect(pack.status).toBe(201);
  packId = ((await pack.json()) as { pack: { id: string } }).pack.id;
});
afterAll(async () => {
  await t?.cleanup();
});

/** Every header but the length (checked on its own) and the rate limit's running count. */
function headersOf(res: Response): Record<string, string> {
  return Object.fromEntries(
    [...res.headers].filter(([name]) => name !== 'content-length' && !name.startsWith('ratelimit')),
  );
}

async function getAndHead(path: string, headers: Record<string, string> = {}) {
  const get = await t.app.request(path, { headers });
  const getBytes = Buffer.from(await get.arrayBuffer()).length;
  const head = await t.app.request(path, { method: 'HEAD', headers });
  const headBytes = Buffer.from(await head.arrayBuffer()).length;
  return { get, getBytes, head, headBytes };
}

describe('HEAD', () => {
  const inMemory = () => [
    `/api/episodes/${FACIAL}/transcript.vtt`,
    `/api/episodes/${FACIAL}/transcript.srt`,
    `/api/episodes/${FACIAL}/transcript.json`,
    `/api/episodes/${FACIAL}/transcript.txt`,
    `/api/episodes/${FACIAL}/chapters.json`,
    `/api/episodes/${FACIAL}`,
    '/api/episodes',
    '/api/shows',
    '/api/openapi.json',
    '/api/docs',
    `/api/clips/${clipId}`,
    `/api/clips/${clipId}/citation?style=apa`,
    `/api/clips/${clipId}/export/vtt`,
    `/api/clips/${clipId}/export/srt`,
    `/api/clips/${clipId}/export/md`,
    `/api/clips/${clipId}/export/audio`,
    `/api/clips/${clipId}/card.png`,
    `/clips/${clipId}`,
    `/api/episodes/no-such-episode/transcript.vtt`,
    // Errors the router gives: their message names the method GET would be answered with.
    '/api/no-such-endpoint',
    '/api/shows/',
    `/api/shows/libertes-numeriques`,
    '/api/health',
    `/api/packs/${packId}`,
    `/embed/clips/${clipId}`,
    `/oembed?url=${encodeURIComponent(`http://localhost/clips/${clipId}`)}`,
  ];

  it('gives the Content-Length, type and other headers of the GET answer, and no body', async () => {
    for (const path of inMemory()) {
      const { get, getBytes, head, headBytes } = await getAndHead(path);
      expect(getBytes, path).toBeGreaterThan(0);
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-length'), path).toBe(String(getBytes));
      expect(headersOf(head), path).toEqual(headersOf(get));
      expect(headBytes, path).toBe(0);
    }
  });

  it('names the same compression as GET, with the compressed length when GET sends one', async () => {
    const paths = [
      '/api/openapi.json',
      `/api/episodes/${FACIAL}`,
      `/api/episodes/${FACIAL}/transcript.vtt`,
      `/api/episodes/${FACIAL}/transcript.json`,
    ];
    for (const path of paths) {
      const { get, getBytes, head, headBytes } = await getAndHead(path, { 'Accept-Encoding': 'br, gzip' });
      expect(headersOf(head), path).toEqual(headersOf(get));
      // A body sent as it is has its length; a streamed compression has none, on GET too.
      const plain = get.headers.get('content-encoding') === null;
      const expected = get.headers.get('content-length') ?? (plain ? String(getBytes) : null);
      expect(head.headers.get('content-length'), path).toBe(expected);
      expect(headBytes, path).toBe(0);
    }
    // The API document is compressed whole, so its compressed length is known up front.
    const { get, head } = await getAndHead('/api/openapi.json', { 'Accept-Encoding': 'br' });
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('gives a search its length and ETag (a search answer carries its own timing)', async () => {
    const { get, head, headBytes } = await getAndHead('/api/search?q=recours');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(headBytes).toBe(0);
  });

  it('answers a lesson pack download without a length, as its GET streams the zip', async () => {
    const { get, getBytes, head, headBytes } = await getAndHead(`/api/packs/${packId}/export.zip`);
    expect(getBytes).toBeGreaterThan(0);
    expect(head.status).toBe(200);
    expect(headersOf(head)).toEqual(headersOf(get));
    expect(head.headers.get('content-length')).toBeNull();
    expect(headBytes).toBe(0);
  });

  it('gives a media range the same Content-Range, Content-Length and Accept-Ranges as GET', async () => {
    const url = `/media/${t.opusPath}`;
    for (const range of [undefined, 'bytes=10-99', 'bytes=-5']) {
      const headers: Record<string, string> = range ? { Range: range } : {};
      const { get, getBytes, head, headBytes } = await getAndHead(url, headers);
      expect(head.status, range).toBe(get.status);
      expect(head.headers.get('content-length'), range).toBe(String(getBytes));
      expect(head.headers.get('accept-ranges'), range).toBe('bytes');
      expect(headersOf(head), range).toEqual(headersOf(get));
      expect(headBytes, range).toBe(0);
    }
  });
});
