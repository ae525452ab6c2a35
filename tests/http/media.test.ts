// GET /media/...: real ffmpeg-made media served with ranges, validators and MIME types,
// and never anything outside the transcripts root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaUrlFor } from '../../server/http/media/media-url.ts';
import { resolveSafePath } from '../../server/http/media/resolve-safe-path.ts';
import { SECRET_TEXT, createTestArchive, type TestArchive } from './http-test-archive.ts';

let t: TestArchive;
let url: string;
let size: number;

beforeAll(async () => {
  t = await createTestArchive();
  url = `/media/${t.opusPath}`;
  size = t.opusBytes.length;
});
afterAll(async () => {
  await t?.cleanup();
});

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('serving media', () => {
  it('sends the whole file with its MIME type, length and validators', async () => {
    const res = await t.app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^audio\/ogg/);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await bytesOf(res)).equals(t.opusBytes)).toBe(true);
  });

  it('serves a file whose name has spaces and accents, as audio/mpeg', async () => {
    const res = await t.app.request('/media/libertes-numeriques/donn%C3%A9es%20de%20sant%C3%A9.mp3');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const body = await bytesOf(res);
    // An MP3 from ffmpeg starts with an ID3 tag or a frame sync.
    expect(body.subarray(0, 3).toString('latin1') === 'ID3' || body[0] === 0xff).toBe(true);
  });

  it('serves a file whose name holds a literal %20, at the URL the API gives for it', async () => {
    const name = 'libertes-numeriques/Entretien%20complet.opus';
    await copyFile(path.join(t.config.transcriptsDir, t.opusPath), path.join(t.config.transcriptsDir, name));
    const mediaUrl = mediaUrlFor(name)!;
    expect(mediaUrl).toBe('/media/libertes-numeriques/Entretien%2520complet.opus');
    const res = await t.app.request(mediaUrl);
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).equals(t.opusBytes)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
    ['bytes=10-999999999', 10, -1],
    ['bytes=0-0', 0, 0],
  ])('answers Range %s with 206 and exactly those bytes', async (range, from, to) => {
    const start = from < 0 ? size + from : from;
    const end = to < 0 ? size - 1 : to;
    const res = await t.app.request(url, { headers: { Range: range, 'Accept-Encoding': 'gzip, br' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await bytesOf(res)).equals(t.opusBytes.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=999999999-', `bytes=${'9'.repeat(12)}-`, 'bytes=-0'])(
    'answers a Range that is well formed but outside the file (%s) with 416',
    async (range) => {
      const res = await t.app.request(url, { headers: { Range: range } });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    },
  );

  // RFC 9110 §14.2: a Range the server cannot read, or an invalid one (§14.1.1: last < first),
  // is ignored, not refused; a player that sent it still gets the file.
  it.each([
    'items=0-5',
    'bytes=0-5, 10-20',
    'bytes=abc',
    'bytes=-',
    'bytes=5-2',
    'bytes=1-a',
    'bytes=--1',
    'bytes=',
  ])('ignores a Range it does not serve (%s) and sends everything', async (range) => {
    const res = await t.app.request(url, { headers: { Range: range } });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).length).toBe(size);
  });

  it('answers If-None-Match with 304 when the ETag matches, 200 otherwise', async () => {
    const etag = (await t.app.request(url)).headers.get('etag')!;
    const same = await t.app.request(url, { headers: { 'If-None-Match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    const other = await t.app.request(url, { headers: { 'If-None-Match': '"other"' } });
    expect(other.status).toBe(200);
  });

  it("sends the range when If-Range gives the file's own date, the whole file for another date", async () => {
    const lastModified = (await t.app.request(url)).headers.get('last-modified')!;
    const same = await t.app.request(url, { headers: { Range: 'bytes=0-9', 'If-Range': lastModified } });
    expect(same.status).toBe(206);
    expect((await bytesOf(same)).equals(t.opusBytes.subarray(0, 10))).toBe(true);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const stale = await t.app.request(url, { headers: { Range: 'bytes=0-9', 'If-Range': older } });
    expect(stale.status).toBe(200);
    expect((await bytesOf(stale)).length).toBe(size);
  });

  it('sends the whole file when If-Range names another version', async () => {
    const res = await t.app.request(url, { headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' } });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).length).toBe(size);
  });

  // A folder is not a file, whether named with a trailing slash or without; nor is nothing.
  it.each(['/media/', '/media', '/media/libertes-numeriques/', '/media/libertes-numeriques'])(
    '%s answers 404 not_found in the error shape',
    async (folder) => {
      const res = await t.app.request(folder);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    },
  );

  it('answers HEAD with the headers only', async () => {
    const res = await t.app.request(url, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(size));
    expect((await bytesOf(res)).length).toBe(0);
  });

  it('never compresses media', async () => {
    const res = await t.app.request(url, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await bytesOf(res)).equals(t.opusBytes)).toBe(true);
  });
});

describe('refusing paths outside the transcripts root', () => {
  const attempts = [
    '/media/../secret.txt',
    '/media/%2e%2e/secret.txt',
    '/media/%2E%2E/%2E%2E/secret.opus',
    '/media/libertes-numeriques/%2e%2e/%2e%2e/secret.opus',
    '/media/..%2fsecret.opus',
    '/media/..%2Fsecret.opus',
    '/media/%252e%252e/secret.opus',
    '/media/%252e%252e%252fsecret.opus',
    '/media/..%5csecret.opus',
    '/media/libertes-numeriques%5c..%5c..%5csecret.opus',
    '/media/libertes-numeriques\\..\\..\\secret.opus',
    '/media//etc/passwd',
    '/media/%2Fetc%2Fpasswd',
    '/media/%2e%2e%2f%2e%2e%2fsecret.opus',
    '/media/secret.opus%00.opus',
    '/media/libertes-numeriques/escape.opus%00',
    '/media/%c0%ae%c0%ae/secret.opus',
    '/media/C:%5Csecret.opus',
    '/media/libertes-numeriques/escape.opus',
    '/media/libertes-numeriques/recours-reconnaissance-faciale.vtt',
    '/media/libertes-numeriques/show.json',
    '/media/',
  ];
  it.each(attempts)('%s is refused', async (path) => {
    const res = await t.app.request(path);
    expect([400, 404]).toContain(res.status);
    const text = await res.text();
    expect(text).not.toContain(SECRET_TEXT);
    expect(JSON.parse(text)).toHaveProperty('error.code');
  });

  // The URL parser already resolves some of these before routing; the resolver must hold on its own.
  it.each([
    ['../secret.opus', 'bad_request'],
    ['%2e%2e/secret.opus', 'bad_request'],
    ['libertes-numeriques/..%2F..%2Fsecret.opus', 'bad_request'],
    // Decoded once, this names a file called `%2e%2e`, not the parent folder.
    ['%252e%252e/secret.opus', 'not_found'],
    ['a%5C..%5Csecret.opus', 'bad_request'],
    ['%00', 'bad_request'],
    ['/etc/passwd', 'bad_request'],
    ['libertes-numeriques/escape.opus', 'not_found'],
    ['no-such-show/missing.opus', 'not_found'],
    ['', 'not_found'],
    ['libertes-numeriques/', 'not_found'],
    ['../', 'bad_request'],
    ['libertes-numeriques//escape.opus', 'bad_request'],
  ])('the resolver refuses raw path %s (%s)', async (raw, code) => {
    await expect(resolveSafePath(t.config.transcriptsDir, raw)).rejects.toMatchObject({ code });
  });

  it('the resolver accepts a real file and returns its real path', async () => {
    const found = await resolveSafePath(t.config.transcriptsDir, t.opusPath);
    expect(found.relativePath).toBe(t.opusPath);
    expect(found.stats.size).toBe(size);
  });
});
