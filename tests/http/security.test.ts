// Safety at the edge: headers, CORS, compression, body limits, errors, admin auth and the
// per-client search rate limit (over real HTTP, from two different client addresses).
import { serve } from '@hono/node-server';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../server/http/create-router.ts';
import { createApp } from '../../server/http/app.ts';
import { handleError, handleNotFound } from '../../server/http/errors/error-response.ts';
import { requireAdmin } from '../../server/http/middleware/require-admin.ts';
import { chooseEncoding } from '../../server/http/middleware/compress-responses.ts';
import { createTestArchive, fixtureWebDist, type TestArchive } from './http-test-archive.ts';

const ALLOWED_ORIGIN = 'https://cours.example.edu';
const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';
let t: TestArchive;

beforeAll(async () => {
  t = await createTestArchive({ VERBATIM_CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://autre.example.org` });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('security headers', () => {
  it.each(['/api/health', '/api/search?q=recours', '/', '/api/docs', '/api/nothing'])(
    '%s carries them',
    async (path) => {
      const res = await t.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/media-src 'self'[^;]*https:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('lets other sites play media, and frame clip embeds', async () => {
    const media = await t.app.request('/media/libertes-numeriques/recours-reconnaissance-faciale.opus');
    expect(media.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const embed = await t.app.request('/embed/clips/any');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });
});

describe('CORS allow-list', () => {
  it('allows a listed origin, with the headers a player needs exposed', async () => {
    const res = await t.app.request('/api/health', { headers: { Origin: ALLOWED_ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('lets a page on a listed origin read every header the API documents', async () => {
    const res = await t.app.request('/api/search?q=recours', { headers: { Origin: ALLOWED_ORIGIN } });
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    // A clip export of an edited transcript, the methods a 405 names, the search limit's policy.
    for (const header of [
      'x-verbatim-transcript-changed',
      'allow',
      'ratelimit-policy',
      'etag',
      'retry-after',
    ])
      expect(exposed, header).toContain(header);
    const preflight = await t.app.request('/media/any.opus', {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-modified-since,range',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'if-modified-since',
    );
  });

  it('gives no CORS grant to an unlisted origin', async () => {
    const res = await t.app.request('/api/health', { headers: { Origin: 'https://evil.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    [ALLOWED_ORIGIN, ALLOWED_ORIGIN],
    ['https://evil.example.com', null],
  ])('answers a preflight from %s', async (origin, expected) => {
    const res = await t.app.request('/api/search', {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'Range',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(expected);
  });
});

describe('compression', () => {
  it.each([
    ['br', (b: Buffer) => zlib.brotliDecompressSync(b)],
    ['gzip', (b: Buffer) => zlib.gunzipSync(b)],
  ] as const)('compresses JSON with %s when asked', async (encoding, decode) => {
    const plain = await (await t.app.request(`/api/episodes/${FACIAL}`)).text();
    const res = await t.app.request(`/api/episodes/${FACIAL}`, { headers: { 'Accept-Encoding': encoding } });
    expect(res.headers.get('content-encoding')).toBe(encoding);
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const raw = Buffer.from(await res.arrayBuffer());
    expect(raw.length).toBeLessThan(Buffer.byteLength(plain));
    expect(decode(raw).toString('utf8')).toBe(plain);
    // Sent again (from the remembered compressed bytes): the same answer.
    const again = await t.app.request(`/api/episodes/${FACIAL}`, {
      headers: { 'Accept-Encoding': encoding },
    });
    expect(decode(Buffer.from(await again.arrayBuffer())).toString('utf8')).toBe(plain);
  });

  it('sends a small JSON answer as it is, even when compression is offered', async () => {
    const res = await t.app.request('/api/health', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    const body = await res.text();
    expect(Buffer.byteLength(body)).toBeLessThan(1024);
    expect(JSON.parse(body)).toHaveProperty('version');
  });

  it('compresses transcript exports but not when the client does not ask', async () => {
    const vtt = await t.app.request(`/api/episodes/${FACIAL}/transcript.vtt`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(vtt.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(Buffer.from(await vtt.arrayBuffer())).toString()).toMatch(/^WEBVTT/);
    const identity = await t.app.request(`/api/episodes/${FACIAL}`);
    expect(identity.headers.get('content-encoding')).toBeNull();
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0', null],
    ['identity', null],
    ['*', 'br'],
  ] as const)('picks the encoding for Accept-Encoding "%s"', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('limits and errors', () => {
  it('refuses a request body over the limit with 413, by Content-Length', async () => {
    const res = await t.app.request('/api/clips', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; details: { limitBytes: number } } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.details.limitBytes).toBe(1024 * 1024);
  });

  it('refuses an oversized streamed body (no Content-Length) with 413', async () => {
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const res = await t.app.request('/api/clips', {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('gives uploads their own, configurable limit', async () => {
    const small = await createTestArchive({ VERBATIM_MAX_UPLOAD_BYTES: '4096' });
    try {
      const res = await small.app.request('/api/episodes', { method: 'POST', body: 'x'.repeat(5000) });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('4096');
    } finally {
      await small.cleanup();
    }
  });

  it('turns an unexpected failure into a generic 500 without internals', async () => {
    const broken = await createTestArchive();
    await broken.archive.store.close();
    try {
      const res = await broken.app.request('/api/shows');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal', message: 'Internal server error', details: null },
      });
      expect(text).not.toMatch(/at .*\.ts|sqlite|database/i);
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(broken.dir, { recursive: true, force: true });
    }
  });
});

describe('admin auth (requireAdmin)', () => {
  const TOKEN = 'correct-horse-battery-staple-42';
  function adminApp(adminToken: string | undefined) {
    const app = createRouter();
    app.onError(handleError);
    app.notFound(handleNotFound());
    app.post('/api/reindex', requireAdmin({ config: { ...t.config, adminToken } }), (c) =>
      c.json({ started: true }, 202),
    );
    return app;
  }

  it('is disabled, not open, when no token is configured', async () => {
    const res = await adminApp(undefined).request('/api/reindex', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('set VERBATIM_ADMIN_TOKEN');
  });

  it.each([
    ['no Authorization header', undefined, 401],
    ['a wrong token', `Bearer ${TOKEN}-nope`, 401],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 10)}`, 401],
    ['Basic auth', `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`, 401],
    ['an empty bearer', 'Bearer ', 401],
    ['the right token', `Bearer ${TOKEN}`, 202],
    ['the right token, lower-case scheme', `bearer ${TOKEN}`, 202],
  ])('with %s answers %i', async (_name, authorization, status) => {
    const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
    const res = await adminApp(TOKEN).request('/api/reindex', { method: 'POST', headers });
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });
});

describe('admin routes on the real app', () => {
  const TOKEN = 'another-long-admin-token-for-tests';
  const writes: [string, string][] = [
    ['POST', '/api/reindex'],
    ['DELETE', `/api/episodes/${FACIAL}`],
    ['POST', '/api/episodes'],
  ];

  it.each(writes)('%s %s is disabled (403) without a configured token', async (method, path) => {
    const res = await t.app.request(path, { method, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'VERBATIM_ADMIN_TOKEN',
    );
  });

  it('refuses missing and wrong tokens when one is configured, and the episode stays', async () => {
    const guarded = await createTestArchive({ VERBATIM_ADMIN_TOKEN: TOKEN });
    try {
      for (const [method, path] of writes) {
        for (const headers of [{}, { Authorization: `Bearer ${TOKEN}x` }] as Record<string, string>[]) {
          const res = await guarded.app.request(path, { method, headers });
          expect(res.status, `${method} ${path}`).toBe(401);
        }
      }
      expect((await guarded.app.request(`/api/episodes/${FACIAL}`)).status).toBe(200);
      const deleted = await guarded.app.request(`/api/episodes/${FACIAL}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(deleted.status).toBeLessThan(300);
      expect((await guarded.app.request(`/api/episodes/${FACIAL}`)).status).toBe(404);
    } finally {
      await guarded.cleanup();
    }
  });
});

describe('search rate limit, per client address', () => {
  let server: http.Server;
  let port: number;
  const limited = () =>
    createApp(
      { ...t.archive, config: { ...t.config, searchRateLimitPerMinute: 3 } },
      { webDistDir: fixtureWebDist },
    );

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: limited().fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      }) as http.Server;
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function get(path: string, fromAddress: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path, method, headers, localAddress: fromAddress, agent: false },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
  }

  it('answers 429 with Retry-After once a client exceeds its searches, other clients unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/api/search?q=recours', '127.0.0.2')).status).toBe(200);
    const over = await get('/api/search?q=recours', '127.0.0.2');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(over.body)).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await get('/api/search?q=recours', '127.0.0.3')).status).toBe(200);
    // Only search is limited.
    expect((await get('/api/shows', '127.0.0.2')).status).toBe(200);
  });

  it('does not count requests with a wrong method against the search budget', async () => {
    for (let i = 0; i < 5; i++)
      expect((await get('/api/search?q=recours', '127.0.0.4', 'POST')).status).toBe(405);
    expect((await get('/api/search?q=recours', '127.0.0.4')).status).toBe(200);
  });

  it('does not count a revalidation answered 304, which runs no search, against the budget', async () => {
    const first = await get('/api/search?q=recours', '127.0.0.5');
    expect(first.status).toBe(200);
    const etag = String(first.headers.etag);
    // A page left open revalidates its results many times a minute (the limit here is 3).
    for (let i = 0; i < 6; i++) {
      const again = await get('/api/search?q=recours', '127.0.0.5', 'GET', { 'If-None-Match': etag });
      expect(again.status).toBe(304);
    }
    // The two searches left of the three are still there.
    expect((await get('/api/search?q=surveillance', '127.0.0.5')).status).toBe(200);
    expect((await get('/api/search?q=drones', '127.0.0.5')).status).toBe(200);
    expect((await get('/api/search?q=cameras', '127.0.0.5')).status).toBe(429);
  });
});

describe('clip and pack creation limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells a client refused 45 s into its minute to come back in 15 s, in Retry-After and the body', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const app = createApp(t.archive, { webDistDir: fixtureWebDist, clips: { createLimitPerMinute: 2 } });
    const post = (path: string) =>
      app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect((await post('/api/clips')).status).toBe(400);
    expect((await post('/api/packs')).status).toBe(400);
    vi.setSystemTime(Date.now() + 45_000);
    const refused = await post('/api/clips');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('15');
    expect(refused.headers.get('RateLimit-Reset')).toBe('15');
    expect(await refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests; retry in 15 s',
        details: { retryAfterSeconds: 15 },
      },
    });
  });
});
