// In-process API tests (app.request) against a real SQLite archive built from the fixtures.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../server/http/app-type.ts';
import type { SearchResponse } from '../../server/search/search-types.ts';
import type { CachedSearchBackend } from '../../server/search/search-result-cache.ts';
import type { FacetsWithoutOwnFilterBackend } from '../../server/search/facets-without-own-filter.ts';
import { createApp } from '../../server/http/app.ts';
import { createMeiliClient } from '../../server/search/meilisearch/meili-client.ts';
import { MeiliSearchBackend } from '../../server/search/meilisearch/meili-search-backend.ts';
import {
  createTestArchive,
  EPISODE_ROUTE_SUFFIXES,
  fixtureWebDist,
  type TestArchive,
} from './http-test-archive.ts';

let t: TestArchive;
const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';
const HEALTH_DATA = 'libertes-numeriques--donnees-de-sante';
const BACKDOORS = 'privacy-talks--encryption-backdoors';

beforeAll(async () => {
  t = await createTestArchive();
  expect(t.ingest.failed).toEqual([]);
});
afterAll(async () => {
  await t?.cleanup();
});

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details: { issues: { field: string }[]; what?: string; id?: string };
  };
}
type EpisodeJson = InferResponseType<ReturnType<typeof client>['api']['episodes'][':id']['$get'], 200>;
type EpisodePageJson = InferResponseType<ReturnType<typeof client>['api']['episodes']['$get'], 200>;
type ShowsJson = InferResponseType<ReturnType<typeof client>['api']['shows']['$get'], 200>;
type ShowJson = InferResponseType<ReturnType<typeof client>['api']['shows'][':id']['$get'], 200>;
type HealthJson = InferResponseType<ReturnType<typeof client>['api']['health']['$get']>;
interface OpenApiJson {
  openapi: string;
  paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }>;
}

/** The typed client the web app uses, talking to the in-process app. */
function client() {
  return hc<AppType>('http://localhost', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input, init),
  });
}

async function getJson<T = ErrorJson>(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; res: Response }> {
  const res = await t.app.request(path, init);
  return { status: res.status, body: (await res.json()) as T, res };
}

describe('GET /api/search', () => {
  it('finds a quote and says where it is spoken', async () => {
    const { status, body } = await getJson<SearchResponse>(
      '/api/search?q=%22ce%20qui%20a%20motiv%C3%A9%20notre%20recours%22',
    );
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    const hit = body.hits[0]!;
    expect(hit.episode.id).toBe(FACIAL);
    expect(hit.start).toBeCloseTo(5, 1);
    expect(hit.speaker).toBe('Inès Duval');
    const highlighted = hit.highlights.map((h) => hit.snippet.slice(h.start, h.end).toLowerCase());
    expect(highlighted.join(' ')).toContain('recours');
  });

  it('gives local media a /media URL, encoded per segment', async () => {
    const { body } = await getJson<SearchResponse & { hits: { episode: { mediaUrl: string | null } }[] }>(
      '/api/search?q=entrep%C3%B4t%20national',
    );
    expect(body.hits[0]?.episode.id).toBe(HEALTH_DATA);
    expect(body.hits[0]?.episode.mediaUrl).toBe(
      '/media/libertes-numeriques/donn%C3%A9es%20de%20sant%C3%A9.mp3',
    );
  });

  it('applies filters from query parameters', async () => {
    const all = await getJson<SearchResponse>(
      '/api/search?q=facial%20recognition%20reconnaissance%20faciale',
    );
    const shows = new Set(all.body.hits.map((h) => h.episode.showId));
    expect(shows.size).toBe(2);
    const onlyEnglish = await getJson<SearchResponse>('/api/search?q=surveillance&lang=en');
    expect(onlyEnglish.body.hits.length).toBeGreaterThan(0);
    expect(onlyEnglish.body.hits.every((h) => h.episode.showId === 'privacy-talks')).toBe(true);
    const byShow = await getJson<SearchResponse>('/api/search?q=surveillance&show=libertes-numeriques');
    expect(byShow.body.hits.every((h) => h.episode.showId === 'libertes-numeriques')).toBe(true);
    const in2021 = await getJson<SearchResponse>('/api/search?q=donn%C3%A9es&from=2021&to=2021');
    expect(in2021.body.hits.length).toBeGreaterThan(0);
    expect(in2021.body.hits.every((h) => h.episode.date?.startsWith('2021'))).toBe(true);
    const bySpeaker = await getJson<SearchResponse>('/api/search?q=donn%C3%A9es&speaker=Marc%20Leroy');
    expect(bySpeaker.body.hits.length).toBeGreaterThan(0);
    expect(bySpeaker.body.hits.every((h) => h.speaker === 'Marc Leroy')).toBe(true);
  });

  it('groups moments by episode with group=episode', async () => {
    const { status, body } = await getJson<SearchResponse>('/api/search?q=donn%C3%A9es&group=episode');
    expect(status).toBe(200);
    expect(body.groups?.length).toBeGreaterThanOrEqual(2);
    for (const group of body.groups ?? []) {
      expect(group.count).toBe(group.moments.length);
      expect(group.moments.every((m) => m.episode.id === group.episode.id)).toBe(true);
    }
  });

  it('pages with limit and offset', async () => {
    const first = await getJson<SearchResponse>('/api/search?q=donn%C3%A9es&limit=1');
    const second = await getJson<SearchResponse>('/api/search?q=donn%C3%A9es&limit=1&offset=1');
    expect(first.body.hits).toHaveLength(1);
    expect(second.body.hits).toHaveLength(1);
    expect(second.body.hits[0]).not.toEqual(first.body.hits[0]);
  });

  it('tags each answer (ETag) and answers a revalidation with 304, without searching, until the archive changes', async () => {
    const path = '/api/search?q=reconnaissance%20faciale';
    const first = await t.app.request(path);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^W\/"\d+-[\w-]{22}"$/);
    expect(first.headers.get('Cache-Control')).toBe('no-cache');
    const searches = () => {
      const { hits, misses } = (
        t.archive.search as FacetsWithoutOwnFilterBackend<CachedSearchBackend>
      ).inner.stats();
      return hits + misses;
    };
    const before = searches();
    const again = await t.app.request(path, { headers: { 'If-None-Match': `"other", ${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    expect(again.headers.get('Vary')).toContain('Accept-Encoding');
    expect(searches()).toBe(before);
    // Another spelling echoes what was typed: another answer, another tag.
    const other = await t.app.request('/api/search?q=Reconnaissance%20Faciale');
    expect(other.headers.get('ETag')).not.toBe(etag);
    // Any change to the archive changes the tag: the revalidation gets the answer again.
    const episode = (await t.archive.store.getEpisode(FACIAL))!;
    await t.archive.store.replaceEpisode({ episode, cues: await t.archive.store.getCues(FACIAL) });
    const changed = await t.app.request(path, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(etag);
    expect(((await changed.json()) as SearchResponse).hits[0]?.episode.id).toBe(FACIAL);
  });

  const invalid: [string, string, string][] = [
    ['missing q', '/api/search', 'q'],
    ['blank q', '/api/search?q=%20%20', 'q'],
    ['q longer than 1,000 characters', `/api/search?q=${'a'.repeat(1001)}`, 'q'],
    ['limit 101', '/api/search?q=recours&limit=101', 'limit'],
    ['limit 0', '/api/search?q=recours&limit=0', 'limit'],
    ['limit not a number', '/api/search?q=recours&limit=ten', 'limit'],
    ['negative offset', '/api/search?q=recours&offset=-1', 'offset'],
    ['unknown sort', '/api/search?q=recours&sort=random', 'sort'],
    ['unknown group', '/api/search?q=recours&group=show', 'group'],
    ['bad date', '/api/search?q=recours&from=18/03/2021', 'from'],
    ['impossible date', '/api/search?q=recours&to=2021-02-30', 'to'],
    ['a range that ends before it starts', '/api/search?q=recours&from=2026-05&to=2026-04', 'to'],
    ['only punctuation', '/api/search?q=%C2%AB%20%E2%80%94%20%C2%BB', 'q'],
    ['only words to exclude', '/api/search?q=-cam%C3%A9ras', 'q'],
    ['one chunk of 25 words as the index splits them', `/api/search?q=${'a-'.repeat(24)}z`, 'q'],
    [
      '51 shows',
      `/api/search?q=recours&show=${Array.from({ length: 51 }, (_, i) => `s${i}`).join(',')}`,
      'show',
    ],
    ['a 201-character speaker', `/api/search?q=recours&speaker=${'x'.repeat(201)}`, 'speaker'],
  ];
  it('searches the first 12 words of a pasted quote and says so, in the schema too', async () => {
    const pasted = 'reconnaissance faciale ' + Array.from({ length: 14 }, (_, i) => `mot${i}`).join(' ');
    const { status, body } = await getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(pasted)}`);
    expect(status).toBe(200);
    expect(body.query).toBe(pasted);
    expect(body.shortened).toEqual({ searched: pasted.replace(/ mot10 .*$/, ''), words: 16 });
    const openapi = await getJson('/api/openapi.json');
    const schemas = JSON.stringify(openapi.body);
    expect(schemas).toContain('"shortened"');
  });

  it('searches the start of a pasted paragraph of 600 characters, typographic apostrophes and all', async () => {
    // A quote copied with its context: far past the 12 words searched, and past 256 characters.
    const sentence = 'l’association dénonce la surveillance biométrique dans les gares et les stades';
    const pasted = `reconnaissance faciale ${Array.from({ length: 8 }, () => sentence).join(' ')}`;
    expect(pasted.length).toBeGreaterThan(600);
    const { status, body } = await getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(pasted)}`);
    expect(status).toBe(200);
    expect(body.shortened?.words).toBe(2 + 8 * 11);
    expect(body.shortened?.searched).toBe(
      'reconnaissance faciale l’association dénonce la surveillance biométrique dans les gares et les',
    );
  });

  it('says what is wrong with a repeated q, and counts an emoji as one character', async () => {
    const twice = await getJson('/api/search?q=recours&q=cam%C3%A9ras');
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('q must be given once');
    // 200 emoji are 400 UTF-16 units but 200 characters: not "too long", but no word to find.
    const emoji = await getJson(`/api/search?q=${encodeURIComponent('📻'.repeat(200))}`);
    expect(emoji.status).toBe(400);
    expect(emoji.body.error.message).toContain('no word to search for');
    expect(emoji.body.error.details.issues.map((i) => i.field)).toEqual(['q']);
  });

  it.each([
    ['/api/search?q=recours&sort=newest&sort=newest', 'sort'],
    ['/api/search?q=recours&limit=5&limit=10', 'limit'],
    ['/api/search?q=recours&from=2021&from=2022', 'from'],
    ['/api/episodes?show=libertes-numeriques&show=privacy-talks', 'show'],
  ])('says %s gives a one-value parameter twice', async (path, field) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `Invalid query parameter "${field}": ${field} must be given once (it was given 2 times)`,
    );
    expect(body.error.details.issues).toEqual([
      { field, message: `${field} must be given once (it was given 2 times)` },
    ]);
  });

  it('still says what is wrong with a list parameter given several times', async () => {
    const { body } = await getJson(`/api/search?q=recours&speaker=Marc%20Leroy&speaker=${'x'.repeat(201)}`);
    expect(body.error.details.issues).toEqual([
      { field: 'speaker', message: 'speaker values must be at most 200 characters (one has 201)' },
    ]);
  });

  it.each(invalid)('answers 400 naming the field for %s', async (_name, path, field) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.issues.map((i) => i.field)).toContain(field);
    expect(body.error.message).toContain(field);
  });
});

describe('every 400 names its fields in details.issues', () => {
  const post = (path: string, body: string) =>
    getJson(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  it.each([
    [
      'a clip of an unknown episode',
      '/api/clips',
      JSON.stringify({ episodeId: 'nope', start: 1, end: 2 }),
      [{ field: 'episodeId', message: 'no episode with id "nope"' }],
    ],
    [
      'a clip past the end of its episode',
      '/api/clips',
      JSON.stringify({ episodeId: FACIAL, start: 1, end: 9999 }),
      [
        {
          field: 'end',
          message: expect.stringMatching(/^must be at most the episode's duration/) as unknown,
        },
      ],
    ],
    [
      'a pack of an unknown clip',
      '/api/packs',
      JSON.stringify({ title: 'Cours', items: [{ clipId: 'nope' }] }),
      [{ field: 'items.0.clipId', message: 'no clip with id "nope"' }],
    ],
    [
      'malformed JSON',
      '/api/clips',
      '{"episodeId":',
      [{ field: null, message: 'Malformed JSON in request body' }],
    ],
  ])('%s', async (_name, path, body, issues) => {
    const { status, body: answer } = await post(path, body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe('bad_request');
    expect(answer.error.details.issues).toEqual(issues);
  });

  it.each([
    ['/oembed', undefined, 'url', 'url is required (a string)'],
    ['/api/clips', JSON.stringify({ start: 1, end: 2 }), 'episodeId', 'episodeId is required (a string)'],
  ])('says which required field %s lacks', async (path, body, field, message) => {
    const init = body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body } : {};
    const { status, body: answer } = await getJson(path, init);
    expect(status).toBe(400);
    expect(answer.error.details.issues).toEqual([{ field, message }]);
    expect(answer.error.message).toContain(`"${field}": ${message}`);
  });

  it('keeps details.field, which clients read already', async () => {
    const { body } = await post(
      '/api/packs',
      JSON.stringify({ title: 'Cours', items: [{ clipId: 'nope' }] }),
    );
    expect(body.error.details).toMatchObject({ field: 'items.0.clipId' });
  });
});

describe('a query parameter whose percent-encoding is not UTF-8', () => {
  // A script that encodes in Latin-1 (donn%E9es for "données") got 200 with no hit, its
  // query searched as the literal text "donn%E9es"; the listener never learnt why.
  it.each([
    ['/api/search?q=donn%E9es', 'q', '%E9'],
    ['/api/search?q=%C3%28', 'q', '%C3%28'],
    ['/api/search?q=recours&speaker=No%EBl', 'speaker', '%EB'],
    ['/api/episodes?show=%E9coute', 'show', '%E9'],
    ['/oembed?url=http%3A%2F%2Flocalhost%2Fclips%2F%FF', 'url', '%FF'],
  ])('%s is refused with 400 naming %s and the bytes', async (path, field, bytes) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toBe(
      `Invalid query parameter "${field}": ${bytes} is not UTF-8; percent-encode the text as UTF-8 (é is %C3%A9)`,
    );
    expect(body.error.details.issues).toEqual([
      { field, message: expect.stringContaining(bytes) as unknown },
    ]);
  });

  it('still takes UTF-8, and a % that starts no escape, as before', async () => {
    const utf8 = await getJson('/api/search?q=donn%C3%A9es');
    expect(utf8.status).toBe(200);
    expect((utf8.body as unknown as SearchResponse).query).toBe('données');
    const percent = await getJson('/api/search?q=100%');
    expect(percent.status).toBe(200);
    expect((percent.body as unknown as SearchResponse).query).toBe('100%');
  });
});

describe('a JSON body that is not UTF-8', () => {
  // A title typed in a Latin-1 script (Donn\xe9es) was stored as "Donn\ufffdes" for good.
  it.each([
    ['/api/clips', 'POST', 'application/json'],
    ['/api/packs', 'POST', 'application/json; charset=iso-8859-1'],
  ])('%s (%s, %s) is refused with 400 naming the byte, and nothing is stored', async (path, method, type) => {
    const text = JSON.stringify({ episodeId: FACIAL, start: 1, end: 2, title: 'Donn_es', items: [] });
    const bytes = Buffer.from(text, 'latin1');
    const at = text.indexOf('_');
    bytes[at] = 0xe9;
    const before = await t.archive.store.counts();
    const { status, body } = await getJson(path, { method, headers: { 'Content-Type': type }, body: bytes });
    expect(await t.archive.store.counts()).toEqual(before);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `The request body is not UTF-8: byte 0xE9 at offset ${at}; send JSON as UTF-8 (é is C3 A9)`,
    );
    expect(body.error.details.issues).toEqual([{ field: null, message: body.error.message }]);
  });

  it('takes UTF-8, a replacement character written as such included', async () => {
    const res = await t.app.request('/api/clips', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ episodeId: FACIAL, start: 1, end: 2, title: 'Données \ufffd' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { clip: { title: string } }).clip.title).toBe('Données \ufffd');
  });
});

describe('shows', () => {
  it('lists shows with episode counts', async () => {
    const { status, body } = await getJson<ShowsJson>('/api/shows');
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.items.map((s) => [s.id, s.episodeCount]));
    expect(byId).toEqual({ 'libertes-numeriques': 2, 'privacy-talks': 1 });
  });

  it('returns one show, or 404 for an unknown id', async () => {
    const found = await getJson<ShowJson>('/api/shows/libertes-numeriques');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      id: 'libertes-numeriques',
      title: 'Libertés numériques',
      episodeCount: 2,
    });
    const missing = await getJson('/api/shows/no-such-show');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      details: { what: 'Show', id: 'no-such-show' },
    });
  });
});

describe('episodes', () => {
  it('lists episodes of a show with paging', async () => {
    const { status, body } = await getJson<EpisodePageJson>('/api/episodes?show=libertes-numeriques&limit=1');
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.items).toHaveLength(1);
    const rest = await getJson<EpisodePageJson>('/api/episodes?show=libertes-numeriques&limit=1&offset=1');
    expect(rest.body.items[0]?.id).not.toBe(body.items[0]?.id);
    const all = await getJson<EpisodePageJson>('/api/episodes');
    expect(all.body.total).toBe(3);
    // An empty field (a form submitted with no show picked) means every show.
    const empty = await getJson<EpisodePageJson>('/api/episodes?show=');
    expect(empty.status).toBe(200);
    expect(empty.body.total).toBe(3);
  });

  it.each([
    ['/api/episodes?limit=101', 400],
    ['/api/episodes?offset=x', 400],
    ['/api/episodes?show=unknown-show', 404],
  ])('%s → %i', async (path, status) => {
    expect((await t.app.request(path)).status).toBe(status);
  });

  it('returns metadata, chapters, media URL, source and cues', async () => {
    const { status, body } = await getJson<EpisodeJson>(`/api/episodes/${FACIAL}`);
    expect(status).toBe(200);
    expect(body.episode).toMatchObject({
      id: FACIAL,
      title: 'Le recours contre la reconnaissance faciale au lycée',
      date: '2021-03-18',
      speakers: ['Claire Martin', 'Inès Duval'],
      source: 'libertes-numeriques/recours-reconnaissance-faciale.vtt',
      mediaUrl: '/media/libertes-numeriques/recours-reconnaissance-faciale.opus',
    });
    expect(body.episode.chapters.map((c) => c.title)).toEqual([
      'Introduction',
      'Le recours',
      'La position de la CNIL',
    ]);
    expect(body.show?.title).toBe('Libertés numériques');
    expect(body.cues).toHaveLength(6);
    expect(body.cues[2]).toMatchObject({ start: 5, end: 7.5, speaker: 'Inès Duval' });
    expect(body.cues[2]?.text).toMatch(/^Ce qui a motivé notre recours/);
  });

  it('keeps remote media URLs as they are', async () => {
    const { body } = await getJson<EpisodeJson>(`/api/episodes/${BACKDOORS}`);
    expect(body.episode.mediaUrl).toBe('https://media.example.org/privacy-talks/encryption-backdoors.mp3');
  });

  it('answers 404 for an unknown episode, on every episode route', async () => {
    for (const suffix of EPISODE_ROUTE_SUFFIXES) {
      const { status, body } = await getJson(`/api/episodes/nope${suffix}`);
      expect(status, suffix).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
  });

  it.each([
    ['vtt', 'text/vtt', /^WEBVTT/],
    ['srt', 'application/x-subrip', /^1\r?\n00:00:00,000 --> 00:00:02,500/],
    ['txt', 'text/plain', /Ce qui a motivé notre recours/],
  ])('exports the transcript as %s with its content type and file name', async (format, type, pattern) => {
    const res = await t.app.request(`/api/episodes/${FACIAL}/transcript.${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('content-disposition')).toContain(`filename="${FACIAL}.${format}"`);
    expect(await res.text()).toMatch(pattern);
  });

  it('exports WebVTT with <v> voices', async () => {
    const vtt = await (await t.app.request(`/api/episodes/${FACIAL}/transcript.vtt`)).text();
    expect(vtt).toContain('<v Inès Duval>Ce qui a motivé notre recours');
  });

  it('exports Podcasting 2.0 JSON', async () => {
    const res = await t.app.request(`/api/episodes/${FACIAL}/transcript.json`);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = (await res.json()) as {
      version: string;
      segments: { speaker?: string; startTime: number; body: string }[];
    };
    expect(doc.version).toBeTruthy();
    expect(doc.segments[2]).toMatchObject({ speaker: 'Inès Duval', startTime: 5 });
  });

  it('exports chapters as Podcasting 2.0 chapters JSON', async () => {
    const res = await t.app.request(`/api/episodes/${FACIAL}/chapters.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json+chapters');
    const doc = (await res.json()) as { chapters: { startTime: number; title: string }[] };
    expect(doc.chapters.map((c) => [c.startTime, c.title])).toEqual([
      [0, 'Introduction'],
      [5, 'Le recours'],
      [10, 'La position de la CNIL'],
    ]);
  });

  it('refuses unknown transcript formats', async () => {
    expect((await t.app.request(`/api/episodes/${FACIAL}/transcript.html`)).status).toBe(404);
  });
});

describe('GET /api/health', () => {
  it('reports the backend, counts and version', async () => {
    const { status, body } = await getJson<HealthJson>('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      backend: 'sqlite',
      counts: { shows: 2, episodes: 3, cues: 12 },
    });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers 503 with a reason when the search backend is unreachable', async () => {
    const port = await closedPort();
    const connection = {
      url: `http://127.0.0.1:${port}`,
      apiKey: undefined,
      indexPrefix: 'verbatim',
      requestTimeoutMs: 2000,
    };
    const search = new MeiliSearchBackend({
      client: createMeiliClient(connection),
      connection,
      passagesIndex: 'verbatim_passages',
    });
    const app = createApp({ ...t.archive, search }, { webDistDir: fixtureWebDist });
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; backend: string; reason: string };
    expect(body.status).toBe('unavailable');
    expect(body.backend).toBe('meilisearch');
    expect(body.reason.length).toBeGreaterThan(0);
    const searchRes = await app.request('/api/search?q=recours');
    expect(searchRes.status).toBe(503);
    expect(((await searchRes.json()) as { error: { code: string } }).error.code).toBe('backend_unavailable');
  });
});

describe('typed client (hc<AppType>)', () => {
  it('infers paths, inputs and responses', async () => {
    const api = client().api;
    const search = await api.search.$get({ query: { q: 'surveillance', lang: 'en', limit: '5' } });
    expect(search.status).toBe(200);
    if (search.status !== 200) return;
    const results = await search.json();
    expect(results.hits.every((h) => h.episode.showId === 'privacy-talks')).toBe(true);
    const episode = await api.episodes[':id'].$get({ param: { id: FACIAL } });
    if (episode.status !== 200) throw new Error(`status ${episode.status}`);
    const { cues } = await episode.json();
    expect(cues[0]?.speaker).toBe('Claire Martin');
    const vtt = await api.episodes[':id']['transcript.vtt'].$get({ param: { id: FACIAL } });
    expect(await vtt.text()).toMatch(/^WEBVTT/);
    const missing = await api.shows[':id'].$get({ param: { id: 'absent' } });
    expect(missing.status).toBe(404);
  });
});

describe('API documentation and unknown routes', () => {
  it('serves a generated OpenAPI document listing every endpoint', async () => {
    const { status, body } = await getJson<OpenApiJson>('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/search',
      '/api/shows',
      '/api/shows/{id}',
      '/api/episodes',
      '/api/episodes/{id}',
      '/api/episodes/{id}/transcript.vtt',
      '/api/episodes/{id}/transcript.json',
      '/api/episodes/{id}/chapters.json',
      '/api/health',
      '/media/{path}',
    ]) {
      expect(Object.keys(body.paths), path).toContain(path);
    }
    // Clients generated from the document see a bounded integer, not any string.
    const limit = body.paths['/api/search']?.get.parameters.find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
  });

  it('serves a human-readable reference page', async () => {
    const res = await t.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/api/search');
    expect(html).toContain('/api/episodes/{id}/transcript.vtt');
    expect(html).not.toMatch(/<script/i);
    // Descriptions are CommonMark: their `code` spans show as code, not as backticks.
    expect(html).toContain('<code>{ error: { code, message, details } }</code>');
    expect(html).not.toContain('`');
  });

  it('spells out the fields of each request body and response on the reference page', async () => {
    const html = await (await t.app.request('/api/docs')).text();
    const section = (id: string) => html.slice(html.indexOf(`<section id="${id}"`)).split('</section>')[0]!;
    // Making a clip: its body's fields, which are required, and their limits.
    const createClip = section('post-api-clips');
    expect(createClip).toContain('<td><code>episodeId</code></td><td>string</td><td>yes</td>');
    expect(createClip).toMatch(
      /<td><code>start<\/code><\/td><td>number<\/td><td>yes<\/td><td>Seconds from the start of the episode\. ≥ 0<\/td>/,
    );
    expect(createClip).toContain('<td><code>title</code></td><td>string | null</td><td></td>');
    // An answer with a name links to its schema, whose fields are listed under Schemas.
    expect(section('get-api-search')).toContain(
      'application/json: <a href="#schema-SearchResponse">SearchResponse</a>',
    );
    const hit = section('schema-SearchHit');
    expect(hit).toContain(
      '<td><code>highlights</code></td><td><a href="#schema-TextRange">TextRange</a>[]</td><td>yes</td><td>Character ranges inside snippet</td>',
    );
    // One without a name (a page of episodes) is spelled out where it is answered.
    expect(section('get-api-episodes')).toContain(
      '<td><code>items</code></td><td><a href="#schema-Episode">Episode</a>[]</td>',
    );
    // A schema made of another and more fields lists both.
    const summary = section('schema-ShowSummary');
    expect(summary).toContain('<code>title</code>');
    expect(summary).toContain('<code>episodeCount</code>');
    // A list of one of two shapes, and the fields of a list's items.
    expect(section('schema-PackView')).toContain(
      '<td>(<a href="#schema-PackClipItem">PackClipItem</a> | <a href="#schema-PackMissingItem">PackMissingItem</a>)[]</td>',
    );
    expect(section('post-api-packs')).toContain(
      '<td><code>items[].clipId</code></td><td>string</td><td>yes</td>',
    );
    // A field that is a named schema or null (before: "any", as the document said nothing usable).
    expect(section('schema-ClipView')).toContain(
      '<td><code>show</code></td><td><a href="#schema-Show">Show</a> | null</td><td>yes</td>',
    );
    // The upload form: its file parts.
    expect(section('post-api-episodes')).toContain(
      '<td><code>transcript</code></td><td>file</td><td>yes</td>',
    );
  });

  it.each([
    ['POST', '/api/search', 'GET, HEAD'],
    ['PUT', '/api/shows', 'GET, HEAD'],
    ['DELETE', '/api/shows/libertes-numeriques', 'GET, HEAD'],
    ['POST', '/api/episodes/x/transcript.vtt', 'GET, HEAD'],
    ['PUT', '/api/episodes/x', 'DELETE, GET, HEAD'],
    ['POST', '/media/libertes-numeriques/x.opus', 'GET, HEAD'],
  ])('answers %s %s, which exists under other methods, with 405 and Allow', async (method, path, allow) => {
    const res = await t.app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe(allow);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.message).toContain(allow);
  });

  it.each([
    ['GET', '/api/shows/', '/api/shows'],
    ['GET', `/api/episodes/${FACIAL}/transcript.vtt/`, `/api/episodes/${FACIAL}/transcript.vtt`],
    ['POST', '/api/clips/', '/api/clips'],
  ])(
    'answers %s %s with a 404 that names the path without its trailing slash',
    async (method, path, bare) => {
      const { status, body } = await getJson<ErrorJson & { error: { details: { didYouMean?: string } } }>(
        path,
        {
          method,
        },
      );
      expect(status).toBe(404);
      expect(body.error.message).toBe(
        `No such endpoint: ${method} ${path}; did you mean ${bare}, without the trailing slash?`,
      );
      expect(body.error.details.didYouMean).toBe(bare);
    },
  );

  it('answers a plain OPTIONS (not a CORS preflight) with the methods the path takes, or 404', async () => {
    const search = await t.app.request('/api/search', { method: 'OPTIONS' });
    expect(search.status).toBe(204);
    expect(search.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    const episode = await t.app.request(`/api/episodes/${FACIAL}`, { method: 'OPTIONS' });
    expect(episode.headers.get('Allow')).toBe('DELETE, GET, HEAD, OPTIONS');
    const unknown = await getJson('/api/nothing-here', { method: 'OPTIONS' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('answers unknown API routes with a JSON 404, not the web app', async () => {
    expect((await t.app.request('/api/nothing-here', { method: 'POST' })).status).toBe(404);
    const { status, body, res } = await getJson('/api/nothing-here');
    expect(status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(body.error.code).toBe('not_found');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}
