// compact=true: a grouped answer gives each moment once, in its episode's group, without
// the episode repeated in every moment (the web app asks for it: a three-hour episode's
// 2,430 moments came twice, each with its episode, 3.2 MB of JSON).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';

let t: TestArchive;

beforeAll(async () => {
  t = await createTestArchive();
  expect(t.ingest.failed).toEqual([]);
});
afterAll(async () => {
  await t?.cleanup();
});

interface Moment {
  episode?: { id: string };
  start: number;
  snippet: string;
  highlights: { start: number; end: number }[];
}
interface Answer {
  total: number;
  hits: Moment[];
  groups?: { episode: { id: string; mediaUrl: string | null }; count: number; moments: Moment[] }[];
}

async function search(query: string): Promise<{ status: number; etag: string | null; body: Answer }> {
  const res = await t.app.request(`/api/search?${query}`);
  return { status: res.status, etag: res.headers.get('ETag'), body: (await res.json()) as Answer };
}

describe('GET /api/search?group=episode&compact=true', () => {
  it('lists every moment once, in its group, without its episode', async () => {
    const full = await search('q=donn%C3%A9es&group=episode&limit=100');
    const compact = await search('q=donn%C3%A9es&group=episode&limit=100&compact=true');
    expect(compact.status).toBe(200);
    expect(full.body.groups!.length).toBeGreaterThan(1);

    // The same episodes, counts and moments; only the repeats are gone.
    expect(compact.body.total).toBe(full.body.total);
    expect(compact.body.hits).toEqual([]);
    expect(compact.body.groups!.map((g) => [g.episode.id, g.count, g.episode.mediaUrl])).toEqual(
      full.body.groups!.map((g) => [g.episode.id, g.count, g.episode.mediaUrl]),
    );
    for (const [i, group] of compact.body.groups!.entries()) {
      const fullMoments = full.body.groups![i]!.moments;
      expect(group.moments).toHaveLength(fullMoments.length);
      expect(group.moments.every((moment) => !('episode' in moment))).toBe(true);
      expect(group.moments).toEqual(fullMoments.map(({ episode: _episode, ...moment }) => moment));
    }
    expect(JSON.stringify(compact.body).length).toBeLessThan(JSON.stringify(full.body).length / 2);
  });

  it('is tagged apart from the full answer, so a cache never swaps one for the other', async () => {
    const full = await search('q=donn%C3%A9es&group=episode');
    const compact = await search('q=donn%C3%A9es&group=episode&compact=true');
    expect(full.etag).not.toBeNull();
    expect(compact.etag).not.toBeNull();
    expect(compact.etag).not.toBe(full.etag);
    const revalidated = await t.app.request('/api/search?q=donn%C3%A9es&group=episode&compact=true', {
      headers: { 'If-None-Match': compact.etag! },
    });
    expect(revalidated.status).toBe(304);
    const other = await t.app.request('/api/search?q=donn%C3%A9es&group=episode', {
      headers: { 'If-None-Match': compact.etag! },
    });
    expect(other.status).toBe(200);
  });

  it('refuses a compact answer without groups, and a value other than true or false', async () => {
    const ungrouped = await search('q=donn%C3%A9es&compact=true');
    expect(ungrouped.status).toBe(400);
    expect(JSON.stringify(ungrouped.body)).toContain('compact=true needs group=episode');
    const wrong = await search('q=donn%C3%A9es&group=episode&compact=yes');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('compact must be true or false');
    const plain = await search('q=donn%C3%A9es&group=episode&compact=false');
    expect(plain.status).toBe(200);
    expect(plain.body.hits.length).toBeGreaterThan(0);
  });
});

describe('GET /api/search?context=false', () => {
  it('gives every moment without the text around its snippet, where and what it matched unchanged', async () => {
    const withText = await search('q=donn%C3%A9es&group=episode&limit=100&compact=true');
    const bare = await search('q=donn%C3%A9es&group=episode&limit=100&compact=true&context=false');
    expect(bare.status).toBe(200);
    const moments = (a: Answer) => a.groups!.flatMap((g) => g.moments);
    expect(moments(withText.body).some((m) => 'before' in m && 'after' in m)).toBe(true);
    expect(moments(bare.body).some((m) => 'before' in m || 'after' in m)).toBe(false);
    expect(moments(bare.body)).toEqual(
      moments(withText.body).map(
        ({ before: _b, after: _a, ...m }: Moment & { before?: string; after?: string }) => m,
      ),
    );
    expect(bare.body.total).toBe(withText.body.total);
    expect(JSON.stringify(bare.body).length).toBeLessThan(JSON.stringify(withText.body).length);
    // Flat too.
    const flat = await search('q=donn%C3%A9es&context=false');
    expect(flat.body.hits.length).toBeGreaterThan(0);
    expect(flat.body.hits.every((h) => !('before' in h) && h.episode !== undefined)).toBe(true);
  });

  it('is tagged apart from the answer with context, and refuses a value other than true or false', async () => {
    const withText = await search('q=donn%C3%A9es&group=episode&compact=true');
    const bare = await search('q=donn%C3%A9es&group=episode&compact=true&context=false');
    expect(bare.etag).not.toBeNull();
    expect(bare.etag).not.toBe(withText.etag);
    const revalidated = await t.app.request(
      '/api/search?q=donn%C3%A9es&group=episode&compact=true&context=false',
      {
        headers: { 'If-None-Match': bare.etag! },
      },
    );
    expect(revalidated.status).toBe(304);
    const other = await t.app.request('/api/search?q=donn%C3%A9es&group=episode&compact=true', {
      headers: { 'If-None-Match': bare.etag! },
    });
    expect(other.status).toBe(200);
    const wrong = await search('q=donn%C3%A9es&context=no');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('context must be true or false');
  });
});
