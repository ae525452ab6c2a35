// What a third-party developer relies on: every answer the server gives (successes and
// errors) has a status the OpenAPI document lists for that operation, one of the content
// types it lists, and a JSON body that fits the documented schema.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { takeIngestLock } from '../../server/ingest/ingest-lock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { createApp } from '../../server/http/app.ts';
import { answerUnparsableRequest } from '../../server/http/start-server.ts';
import {
  createTestArchive,
  EPISODE_ROUTE_SUFFIXES,
  fixtureWebDist,
  type TestArchive,
} from './http-test-archive.ts';
import {
  operationFor,
  schemaProblems,
  type OpenApiDocumentJson,
  type OpenApiOperation,
  type OpenApiSchema,
} from './openapi-schema-check.ts';

const ADMIN = 'contract-admin-token-0123456789';
const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';
const HEALTH_DATA = 'libertes-numeriques--donnees-de-sante';
const ORPHAN_CLIP = 'OrphanClip1';
const auth = { Authorization: `Bearer ${ADMIN}` };
const jsonHeaders = { 'Content-Type': 'application/json' };

let t: TestArchive;
let doc: OpenApiDocumentJson;
let clipId: string;
let mp3ClipId: string;
let clipToken: string;
let packId: string;

beforeAll(async () => {
  t = await createTestArchive({ VERBATIM_ADMIN_TOKEN: ADMIN });
  doc = (await (await t.app.request('/api/openapi.json')).json()) as OpenApiDocumentJson;
  const made = (await (
    await t.app.request('/api/clips', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ episodeId: FACIAL, start: 5, end: 7.5, title: 'Le recours' }),
    })
  ).json()) as { clip: { id: string }; editToken: string };
  clipId = made.clip.id;
  clipToken = made.editToken;
  const mp3 = (await (
    await t.app.request('/api/clips', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ episodeId: HEALTH_DATA, start: 0, end: 1.5 }),
    })
  ).json()) as { clip: { id: string } };
  mp3ClipId = mp3.clip.id;
  // A pack that keeps the place of a clip deleted since: one item of each kind.
  const gone = (await (
    await t.app.request('/api/clips', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ episodeId: HEALTH_DATA, start: 0, end: 1 }),
    })
  ).json()) as { clip: { id: string }; editToken: string };
  const pack = (await (
    await t.app.request('/api/packs', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({
        title: 'Cours',
        items: [{ clipId, note: 'À écouter' }, { clipId: gone.clip.id }],
      }),
    })
  ).json()) as { pack: { id: string } };
  packId = pack.pack.id;
  // A clip whose episode, and its show, left the archive before clips kept their details:
  // its view has null for episodeAtCut and show, which the document must allow.
  await t.archive.store.saveClip({
    clip: {
      id: ORPHAN_CLIP,
      episodeId: 'emission-disparue--entretien',
      start: 1,
      end: 4,
      title: null,
      note: null,
      quote: 'Une phrase gardée.',
      revision: 'rev-ancienne',
      createdAt: '2024-01-01T00:00:00.000Z',
      episodeAtCut: null,
    },
    editTokenHash: 'x',
  });
  const deleted = await t.app.request(`/api/clips/${gone.clip.id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${gone.editToken}` },
  });
  expect(deleted.status).toBe(204);
});
afterAll(async () => {
  await t?.cleanup();
});

/** `METHOD template status` of every answer checked against the document. */
const exercised = new Set<string>();

/** How the answer breaks the document; empty when it conforms. */
async function contractProblems(method: string, path: string, res: Response): Promise<string[]> {
  const found = operationFor(doc, method, path);
  if (!found) return [`${method} ${path}: no operation in the document`];
  const operation: OpenApiOperation = found.operation;
  exercised.add(`${method} ${found.template} ${res.status}`);
  const documented = operation.responses[String(res.status)];
  if (!documented)
    return [
      `${method} ${found.template} answered ${res.status}, which the document does not list ` +
        `(it lists ${Object.keys(operation.responses).join(', ')})`,
    ];
  if (!documented.content) return [];
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = documented.content[type];
  if (!media)
    return [
      `${method} ${found.template} ${res.status} sent ${type}, the document lists ` +
        Object.keys(documented.content).join(', '),
    ];
  if (!/json/.test(type) || !media.schema) return [];
  const body: unknown = await res.json();
  return schemaProblems(doc, media.schema, body).map((p) => `${method} ${found.template} ${res.status} ${p}`);
}

type Case = [name: string, method: string, path: () => string, init: () => RequestInit, status: number];

const get = (): RequestInit => ({});
const cases: Case[] = [
  ['a search', 'GET', () => '/api/search?q=recours', get, 200],
  // Its moments name the word they do not say (missingWords).
  ['a partial search', 'GET', () => '/api/search?q=recours%20kangourou%20&group=episode', get, 200],
  ['a grouped search', 'GET', () => '/api/search?q=donn%C3%A9es&group=episode&limit=1', get, 200],
  [
    'a compact grouped search',
    'GET',
    () => '/api/search?q=donn%C3%A9es&group=episode&compact=true',
    get,
    200,
  ],
  ['a compact search without groups', 'GET', () => '/api/search?q=recours&compact=true', get, 400],
  ['a search past the last page', 'GET', () => '/api/search?q=recours&offset=500', get, 200],
  ['a search with a bad limit', 'GET', () => '/api/search?q=recours&limit=0', get, 400],
  ['the shows', 'GET', () => '/api/shows', get, 200],
  ['a show', 'GET', () => '/api/shows/libertes-numeriques', get, 200],
  ['an unknown show', 'GET', () => '/api/shows/nope', get, 404],
  ['a show id over 200 characters', 'GET', () => `/api/shows/${'s'.repeat(201)}`, get, 400],
  ['the episodes', 'GET', () => '/api/episodes?limit=2', get, 200],
  ['the episodes of an unknown show', 'GET', () => '/api/episodes?show=nope', get, 404],
  ['an episode', 'GET', () => `/api/episodes/${FACIAL}`, get, 200],
  ['an episode id over 300 characters', 'GET', () => `/api/episodes/${'e'.repeat(301)}`, get, 400],
  ['an export with a long id', 'GET', () => `/api/episodes/${'e'.repeat(301)}/transcript.vtt`, get, 400],
  ['chapters with a long id', 'GET', () => `/api/episodes/${'e'.repeat(301)}/chapters.json`, get, 400],
  ['the WebVTT export', 'GET', () => `/api/episodes/${FACIAL}/transcript.vtt`, get, 200],
  ['the SRT export', 'GET', () => `/api/episodes/${FACIAL}/transcript.srt`, get, 200],
  ['the JSON export', 'GET', () => `/api/episodes/${FACIAL}/transcript.json`, get, 200],
  ['the text export', 'GET', () => `/api/episodes/${FACIAL}/transcript.txt`, get, 200],
  ['the chapters', 'GET', () => `/api/episodes/${FACIAL}/chapters.json`, get, 200],
  ['health', 'GET', () => '/api/health', get, 200],
  ['a media range', 'GET', () => `/media/${t.opusPath}`, () => ({ headers: { Range: 'bytes=0-9' } }), 206],
  ['a clip', 'GET', () => `/api/clips/${clipId}`, get, 200],
  ['a clip whose episode and show are gone', 'GET', () => `/api/clips/${ORPHAN_CLIP}`, get, 200],
  ['a clip id over 64 characters', 'GET', () => `/api/clips/${'c'.repeat(65)}`, get, 400],
  ['a citation', 'GET', () => `/api/clips/${clipId}/citation?style=bibtex`, get, 200],
  ['an unknown citation style', 'GET', () => `/api/clips/${clipId}/citation?style=harvard`, get, 400],
  ['a clip caption export', 'GET', () => `/api/clips/${clipId}/export/vtt`, get, 200],
  ['a clip Markdown export', 'GET', () => `/api/clips/${clipId}/export/md`, get, 200],
  ['an unknown clip export format', 'GET', () => `/api/clips/${clipId}/export/pdf`, get, 400],
  ['an MP3 clip cut', 'GET', () => `/api/clips/${mp3ClipId}/export/audio`, get, 200],
  ['a quote card', 'GET', () => `/api/clips/${clipId}/card.png`, get, 200],
  ['a pack with a deleted clip', 'GET', () => `/api/packs/${packId}`, get, 200],
  ['oEmbed without its url', 'GET', () => '/oembed', get, 400],
  [
    'a clip edit',
    'PATCH',
    () => `/api/clips/${clipId}`,
    () => ({
      method: 'PATCH',
      headers: { ...jsonHeaders, Authorization: `Bearer ${clipToken}` },
      body: JSON.stringify({ note: 'Pour le cours' }),
    }),
    200,
  ],
  [
    'a clip sent as text/plain',
    'POST',
    () => '/api/clips',
    () => ({ method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
    415,
  ],
  [
    'a pack sent as a form',
    'POST',
    () => '/api/packs',
    () => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
    415,
  ],
  [
    'a clip edit over the body limit',
    'PATCH',
    () => `/api/clips/${clipId}`,
    () => ({ method: 'PATCH', headers: jsonHeaders, body: JSON.stringify({ note: 'x'.repeat(1_100_000) }) }),
    413,
  ],
  [
    'an upload sent as JSON',
    'POST',
    () => '/api/episodes',
    () => ({ method: 'POST', headers: { ...auth, ...jsonHeaders }, body: '{}' }),
    415,
  ],
  ['a reindex', 'POST', () => '/api/reindex', () => ({ method: 'POST', headers: auth }), 200],
  ['a reindex without a token', 'POST', () => '/api/reindex', () => ({ method: 'POST' }), 401],
];

describe('answers match the OpenAPI document', () => {
  it.each(cases)('%s', async (_name, method, path, init, status) => {
    const res = await t.app.request(path(), init());
    expect(res.status).toBe(status);
    expect(await contractProblems(method, path(), res)).toEqual([]);
  });
});

/** Sends the request, checks its status, and returns how the answer breaks the document. */
async function answered(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  status: number,
  init: RequestInit = {},
): Promise<string[]> {
  const res = await app.request(path, { ...init, method });
  if (res.status !== status) return [`${method} ${path} answered ${res.status}, expected ${status}`];
  return contractProblems(method, path, res);
}

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { ...jsonHeaders, ...headers },
  body: JSON.stringify(body),
});

describe('every documented error, and the answers that need a step first', () => {
  it('answers validators with 304, and the errors of reading, as documented', async () => {
    const tagOf = async (path: string) => (await t.app.request(path)).headers.get('etag')!;
    const problems: string[] = [];
    const cached = [
      '/api/search?q=recours',
      `/api/episodes/${FACIAL}/transcript.vtt`,
      `/api/episodes/${FACIAL}/transcript.srt`,
      `/api/episodes/${FACIAL}/transcript.json`,
      `/api/episodes/${FACIAL}/transcript.txt`,
      `/api/episodes/${FACIAL}/chapters.json`,
      `/media/${t.opusPath}`,
      // JSON answers are tagged by their content (tag-json-answers.ts).
      '/api/shows',
      '/api/shows/libertes-numeriques',
      '/api/episodes?limit=2',
      `/api/episodes/${FACIAL}`,
      '/api/health',
      `/api/clips/${clipId}`,
      `/api/clips/${clipId}/citation?style=apa`,
      `/api/packs/${packId}`,
      `/oembed?url=${encodeURIComponent(`http://localhost/clips/${clipId}`)}`,
    ];
    for (const path of cached)
      problems.push(
        ...(await answered(t.app, 'GET', path, 304, { headers: { 'If-None-Match': await tagOf(path) } })),
      );
    const long = 'e'.repeat(301);
    const reads: [string, number][] = [
      ['/api/episodes?limit=0', 400],
      [`/api/episodes/${FACIAL}-absent`, 404],
      ...['vtt', 'srt', 'json', 'txt'].flatMap((f): [string, number][] => [
        [`/api/episodes/${long}/transcript.${f}`, 400],
        [`/api/episodes/absent/transcript.${f}`, 404],
      ]),
      ['/api/episodes/absent/chapters.json', 404],
      [`/media/${t.opusPath}`, 200],
      ['/media/libertes-numeriques%2Fabsent.opus', 400],
      ['/media/libertes-numeriques/absent.opus', 404],
      ['/api/clips/AbsentClip/citation', 404],
      ['/api/clips/AbsentClip/export/vtt', 404],
      [`/api/clips/${'c'.repeat(65)}/card.png`, 400],
      ['/api/clips/AbsentClip/card.png', 404],
      ['/api/clips/AbsentClip', 404],
      [`/api/packs/${'p'.repeat(65)}`, 400],
      ['/api/packs/AbsentPack', 404],
      [`/api/packs/${'p'.repeat(65)}/export.zip`, 400],
      ['/api/packs/AbsentPack/export.zip', 404],
      [`/api/packs/${packId}/export.zip`, 200],
      [`/oembed?url=${encodeURIComponent(`http://localhost/clips/${clipId}`)}`, 200],
      [`/oembed?url=${encodeURIComponent('http://localhost/clips/AbsentClip')}`, 404],
      [`/oembed?url=${encodeURIComponent(`http://localhost/clips/${clipId}`)}&format=xml`, 501],
    ];
    for (const [path, status] of reads) problems.push(...(await answered(t.app, 'GET', path, status)));
    problems.push(
      ...(await answered(t.app, 'GET', `/media/${t.opusPath}`, 416, {
        headers: { Range: 'bytes=999999999-' },
      })),
    );
    expect(problems).toEqual([]);
  });

  it('answers the errors of writing clips and packs, and their deletion, as documented', async () => {
    const problems: string[] = [];
    const made = (await (
      await t.app.request('/api/clips', json('POST', { episodeId: FACIAL, start: 1, end: 2 }))
    ).json()) as { clip: { id: string }; editToken: string };
    const own = { Authorization: `Bearer ${made.editToken}` };
    const wrong = { Authorization: 'Bearer not-the-token' };
    const clip = `/api/clips/${made.clip.id}`;
    const long = `/api/clips/${'c'.repeat(65)}`;
    const steps: [string, string, number, RequestInit][] = [
      ['POST', '/api/clips', 201, json('POST', { episodeId: FACIAL, start: 2, end: 3 })],
      ['POST', '/api/clips', 400, json('POST', { start: 2, end: 3 })],
      [
        'POST',
        '/api/clips',
        413,
        json('POST', { episodeId: FACIAL, start: 0, end: 1, note: 'x'.repeat(1_100_000) }),
      ],
      ['PATCH', clip, 400, json('PATCH', { start: 'soon' }, own)],
      ['PATCH', clip, 403, json('PATCH', { note: 'autre' }, wrong)],
      ['PATCH', '/api/clips/AbsentClip', 404, json('PATCH', { note: 'autre' }, own)],
      ['PATCH', clip, 415, { headers: { ...own, 'Content-Type': 'text/plain' }, body: 'note' }],
      ['DELETE', long, 400, { headers: own }],
      ['DELETE', clip, 403, { headers: wrong }],
      ['DELETE', clip, 204, { headers: own }],
      ['DELETE', clip, 404, { headers: own }],
      ['POST', '/api/packs', 400, json('POST', { items: [] })],
      ['POST', '/api/packs', 413, json('POST', { title: 'x'.repeat(1_100_000), items: [{ clipId }] })],
    ];
    for (const [method, path, status, init] of steps)
      problems.push(...(await answered(t.app, method, path, status, init)));
    const pack = (await (
      await t.app.request('/api/packs', json('POST', { title: 'Essai', items: [{ clipId }] }))
    ).json()) as { pack: { id: string }; editToken: string };
    const packPath = `/api/packs/${pack.pack.id}`;
    const packSteps: [string, string, number, RequestInit][] = [
      ['POST', '/api/packs', 201, json('POST', { title: 'Encore', items: [{ clipId }] })],
      ['DELETE', `/api/packs/${'p'.repeat(65)}`, 400, { headers: wrong }],
      ['DELETE', packPath, 403, { headers: wrong }],
      ['DELETE', packPath, 204, { headers: { Authorization: `Bearer ${pack.editToken}` } }],
      ['DELETE', packPath, 404, { headers: { Authorization: `Bearer ${pack.editToken}` } }],
    ];
    for (const [method, path, status, init] of packSteps)
      problems.push(...(await answered(t.app, method, path, status, init)));
    expect(problems).toEqual([]);
  });

  it('answers the admin errors as documented', async () => {
    const upload = (transcript: string, metadata: string, headers: Record<string, string> = auth) => {
      const form = new FormData();
      form.set('transcript', new File([transcript], 'essai-admin.vtt'));
      form.set('metadata', metadata);
      return { headers, body: form };
    };
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:02.000\nUne phrase.\n';
    const show = JSON.stringify({ show: 'libertes-numeriques' });
    const steps: [string, string, number, RequestInit][] = [
      ['POST', '/api/episodes', 400, upload(vtt, '{not json')],
      ['POST', '/api/episodes', 401, upload(vtt, show, {})],
      ['POST', '/api/episodes', 422, upload('pas un fichier WebVTT', show)],
      ['DELETE', `/api/episodes/${'e'.repeat(301)}`, 400, { headers: auth }],
      ['DELETE', `/api/episodes/${FACIAL}`, 401, {}],
    ];
    const problems: string[] = [];
    for (const [method, path, status, init] of steps)
      problems.push(...(await answered(t.app, method, path, status, init)));
    expect(problems).toEqual([]);
  });

  it('answers limits and a server without an admin token as documented', async () => {
    // The same archive behind tighter settings: no admin token, one search and one clip a
    // minute, small uploads, and packs that may cut one second of media.
    const config = {
      ...t.archive.config,
      adminToken: undefined,
      searchRateLimitPerMinute: 1,
      maxUploadBytes: 64,
      maxPackExportSeconds: 1,
    };
    const strict = createApp(
      { ...t.archive, config },
      { webDistDir: fixtureWebDist, clips: { createLimitPerMinute: 1 } },
    );
    const form = new FormData();
    form.set(
      'transcript',
      new File(['WEBVTT\n\n00:00.000 --> 00:02.000\n' + 'Une phrase. '.repeat(20)], 'a.vtt'),
    );
    form.set('metadata', JSON.stringify({ show: 'libertes-numeriques' }));
    const steps: [string, string, number, RequestInit][] = [
      ['GET', '/api/search?q=recours', 200, {}],
      ['GET', '/api/search?q=recours', 429, {}],
      ['POST', '/api/clips', 201, json('POST', { episodeId: FACIAL, start: 1, end: 2 })],
      ['POST', '/api/clips', 429, json('POST', { episodeId: FACIAL, start: 1, end: 2 })],
      ['POST', '/api/packs', 429, json('POST', { title: 'Trop', items: [{ clipId }] })],
      ['GET', `/api/packs/${packId}/export.zip`, 413, {}],
      ['POST', '/api/episodes', 413, { headers: auth, body: form }],
      ['POST', '/api/episodes', 403, { headers: auth }],
      ['DELETE', `/api/episodes/${FACIAL}`, 403, { headers: auth }],
      ['POST', '/api/reindex', 403, { headers: auth }],
    ];
    const problems: string[] = [];
    for (const [method, path, status, init] of steps)
      problems.push(...(await answered(strict, method, path, status, init)));
    expect(problems).toEqual([]);
  });
});

describe('an upload, a clip of it, then its deletion', () => {
  const upload = () => {
    const form = new FormData();
    form.set(
      'transcript',
      new File(['WEBVTT\n\n00:00.000 --> 00:03.000\nUne phrase à citer.\n'], 'essai.vtt'),
    );
    form.set('metadata', JSON.stringify({ show: 'libertes-numeriques', title: 'Essai' }));
    return { method: 'POST', headers: auth, body: form };
  };

  it('answers each step as documented', async () => {
    const steps: [string, string, RequestInit, number][] = [
      ['POST', '/api/episodes', upload(), 201],
      ['POST', '/api/episodes', upload(), 200],
    ];
    for (const [method, path, init, status] of steps) {
      const res = await t.app.request(path, init);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(await contractProblems(method, path, res)).toEqual([]);
    }
    const episodeId = 'libertes-numeriques--essai';
    const made = await t.app.request('/api/clips', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ episodeId, start: 0, end: 2 }),
    });
    expect(made.status).toBe(201);
    const clip = ((await made.json()) as { clip: { id: string } }).clip.id;
    // While another run (npm run import) holds the archive's ingest lock, the delete is refused.
    const release = await takeIngestLock(
      t.archive.store.ingestLockFile!,
      undefined,
      'npm run import of a feed',
    );
    try {
      const refused = await t.app.request(`/api/episodes/${episodeId}`, { method: 'DELETE', headers: auth });
      expect(refused.status).toBe(409);
      expect(await contractProblems('DELETE', `/api/episodes/${episodeId}`, refused)).toEqual([]);
    } finally {
      await release();
    }
    const after: [string, string, RequestInit, number][] = [
      ['DELETE', `/api/episodes/${episodeId}`, { method: 'DELETE', headers: auth }, 204],
      ['DELETE', `/api/episodes/${episodeId}`, { method: 'DELETE', headers: auth }, 404],
      ['GET', `/api/clips/${clip}`, {}, 200],
      ['GET', `/api/clips/${clip}/export/vtt`, {}, 410],
      ['GET', `/api/clips/${clip}/export/audio`, {}, 410],
      ['GET', `/api/clips/${clip}/citation`, {}, 200],
    ];
    for (const [method, path, init, status] of after) {
      const res = await t.app.request(path, init);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(await contractProblems(method, path, res)).toEqual([]);
    }
  });
});

describe('the document itself', () => {
  it('says a field may be null where a 3.0 reader sees it: beside the allOf, never inside as a part', () => {
    // Inside, { nullable: true } has no type to apply to and null still has to match the
    // $ref beside it, so generated clients typed such fields as never null.
    const found: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const parts = (node as OpenApiSchema).allOf as OpenApiSchema[] | undefined;
      if (parts?.some((part) => part.nullable === true && part.type === undefined)) found.push(at);
      for (const [key, value] of Object.entries(node)) visit(value, `${at}/${key}`);
    };
    visit(doc, '#');
    expect(found).toEqual([]);
  });

  it('uses discriminators only on string properties, which generated clients map to schema names', () => {
    const found: string[] = [];
    const visit = (schema: unknown, at: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as Record<string, unknown>;
      const discriminator = node.discriminator as { propertyName: string } | undefined;
      if (discriminator) {
        for (const member of (node.oneOf ?? node.anyOf ?? []) as OpenApiSchema[]) {
          const name = String(member.$ref).replace('#/components/schemas/', '');
          const target = doc.components.schemas[name]!;
          const parts = (target.allOf as OpenApiSchema[] | undefined) ?? [target];
          const property = parts
            .map(
              (p) =>
                (p.properties as Record<string, OpenApiSchema> | undefined)?.[discriminator.propertyName],
            )
            .find(Boolean);
          if (property?.type !== 'string')
            found.push(`${at}: ${name}.${discriminator.propertyName} is ${String(property?.type)}`);
        }
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${at}.${key}`);
    };
    visit(doc, '$');
    expect(found).toEqual([]);
  });
});

describe('GET /media/{path}', () => {
  it('says the path is the mediaUrl as given, since a client encoding its / gets a 400', async () => {
    const param = doc.paths['/media/{path}']!.get!.parameters!.find((p) => p.name === 'path') as {
      description?: string;
    };
    expect(param.description).toContain("an episode's mediaUrl as the API gives it");
    const encoded = await t.app.request(`/media/${t.opusPath.replace('/', '%2F')}`);
    expect(encoded.status).toBe(400);
    expect((await t.app.request(`/media/${t.opusPath}`)).status).toBe(200);
  });
});

describe('group=episode', () => {
  it('pages through episodes, as the document says of total, limit, offset, hits and groups', async () => {
    const page = async (offset: number) =>
      (await (
        await t.app.request(`/api/search?q=donn%C3%A9es&group=episode&limit=1&offset=${offset}`)
      ).json()) as {
        total: number;
        hits: { episode: { id: string } }[];
        groups: { episode: { id: string }; moments: unknown[] }[];
      };
    const first = await page(0);
    const second = await page(1);
    expect(first.total).toBe(2);
    expect(second.total).toBe(2);
    expect([first.groups.length, second.groups.length]).toEqual([1, 1]);
    expect(second.groups[0]!.episode.id).not.toBe(first.groups[0]!.episode.id);
    expect(first.hits).toEqual(first.groups[0]!.moments);
    const search = doc.paths['/api/search']!.get!;
    const described = (name: string) =>
      (search.parameters!.find((p) => p.name === name) as { description?: string }).description;
    expect(described('limit')).toContain('episodes with group=episode');
    expect(described('offset')).toContain('episodes with group=episode');
    const fields = doc.components.schemas.SearchResponse!.properties as Record<
      string,
      { description?: string }
    >;
    expect(fields.total!.description).toContain('with group=episode, matching episodes');
    expect(fields.hits!.description).toContain('every moment of the episodes in groups');
    expect(fields.groups!.description).toContain('the page of episodes');
  });
});

describe('a body of a type the endpoint does not take', () => {
  it.each([
    ['/api/clips', 'POST', 'text/plain', ['application/json']],
    [`/api/clips/any-clip`, 'PATCH', 'application/x-www-form-urlencoded', ['application/json']],
    ['/api/episodes', 'POST', 'application/json', ['multipart/form-data']],
  ])(
    '%s (%s, sent as %s) is refused with 415 naming the type to send',
    async (path, method, type, accepted) => {
      const res = await t.app.request(path, {
        method,
        headers: { ...auth, 'Content-Type': type },
        body: type === 'application/json' ? '{}' : 'title=x',
      });
      expect(res.status).toBe(415);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe('unsupported_media_type');
      expect(body.error.message).toContain(`"${type}"`);
      expect(body.error.message).toContain(`send ${accepted.join(' or ')}`);
      expect(body.error.details).toEqual({ contentType: type, accepted });
    },
  );

  it('says a body without a Content-Type needs one', async () => {
    const res = await t.app.request('/api/packs', { method: 'POST', body: new Uint8Array([123, 125]) });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe('The request body has no Content-Type: send application/json');
  });
});

describe('the schema check itself', () => {
  it('reports a missing field, a value outside an enum and a wrong type', () => {
    const problems = schemaProblems(
      doc,
      { $ref: '#/components/schemas/Error' },
      { error: { code: 'teapot', details: 3 } },
    );
    expect(problems).toEqual([
      expect.stringMatching(/^\$\.error\.code: "teapot" is not one of/),
      '$.error: missing required property message',
    ]);
    expect(
      schemaProblems(doc, { type: 'object', properties: { n: { type: 'number' } } }, { n: null }),
    ).toEqual(['$.n: expected number, got null']);
  });
});

describe('answers that depend on something outside the request', () => {
  it('answers a cut of remote media that is too large or fails to come with 413 and 502', async () => {
    // A podcast host on 127.0.0.1: one file larger than the server takes, one that fails.
    const host = http.createServer((req, res) => {
      if (req.url === '/large.mp3') res.writeHead(200, { 'Content-Length': '900000000' }).end();
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      const show = path.join(t.config.transcriptsDir, 'libertes-numeriques');
      for (const name of ['large', 'broken']) {
        writeFileSync(
          path.join(show, `${name}.vtt`),
          'WEBVTT\n\n00:00.000 --> 00:04.000\nUne phrase distante.\n',
        );
        writeFileSync(path.join(show, `${name}.meta.json`), JSON.stringify({ media: `${base}/${name}.mp3` }));
      }
      await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
      const problems: string[] = [];
      for (const [name, status] of [
        ['large', 413],
        ['broken', 502],
      ] as const) {
        const made = await t.app.request(
          '/api/clips',
          json('POST', { episodeId: `libertes-numeriques--${name}`, start: 0, end: 2 }),
        );
        const id = ((await made.json()) as { clip: { id: string } }).clip.id;
        problems.push(...(await answered(t.app, 'GET', `/api/clips/${id}/export/audio`, status)));
      }
      expect(problems).toEqual([]);
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('answers 301 to the new id for an episode whose file was renamed', async () => {
    const show = path.join(t.config.transcriptsDir, 'libertes-numeriques');
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:03.000\nUn entretien rangé sous un autre nom.\n';
    writeFileSync(path.join(show, 'ancien-nom.vtt'), vtt);
    await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
    renameSync(path.join(show, 'ancien-nom.vtt'), path.join(show, 'nouveau-nom.vtt'));
    await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
    const old = '/api/episodes/libertes-numeriques--ancien-nom';
    const problems: string[] = [];
    for (const rest of [
      '',
      ...['vtt', 'srt', 'json', 'txt'].map((f) => `/transcript.${f}`),
      '/chapters.json',
    ])
      problems.push(...(await answered(t.app, 'GET', `${old}${rest}`, 301)));
    expect(problems).toEqual([]);
  });

  it('answers the old id of an episode whose file was renamed with 301 to its new id', async () => {
    const show = path.join(t.config.transcriptsDir, 'privacy-talks');
    for (const ext of ['srt', 'meta.json'])
      renameSync(path.join(show, `encryption-backdoors.${ext}`), path.join(show, `backdoors.${ext}`));
    await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
    const old = '/api/episodes/privacy-talks--encryption-backdoors';
    const problems: string[] = [];
    for (const rest of EPISODE_ROUTE_SUFFIXES) {
      const res = await t.app.request(`${old}${rest}`);
      expect(res.headers.get('location')).toBe(`/api/episodes/privacy-talks--backdoors${rest}`);
      problems.push(...(await contractProblems('GET', `${old}${rest}`, res)));
      expect(res.status).toBe(301);
    }
    expect(problems).toEqual([]);
  });

  it('answers health with 503 and its reason when the archive cannot be read', async () => {
    const closed = await createTestArchive();
    await closed.archive.close();
    try {
      const res = await closed.app.request('/api/health');
      expect(res.status).toBe(503);
      const body = (await res.clone().json()) as { status: string; reason: string; counts: unknown };
      expect(body).toMatchObject({ status: 'unavailable', counts: null });
      expect(body.reason).toMatch(/database connection is not open/);
      expect(await contractProblems('GET', '/api/health', res)).toEqual([]);
    } finally {
      await closed.cleanup();
    }
  });
});

describe('a URL over 16 KiB, refused by Node before the app sees it', () => {
  it('answers 431 on every operation that takes query parameters, as documented', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
    server.on('clientError', answerUnparsableRequest);
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const problems: string[] = [];
      const takingQueries = Object.entries(doc.paths).flatMap(([template, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'query'))
          .map(([method]) => [method.toUpperCase(), template.replace('{id}', clipId)] as const),
      );
      expect(takingQueries.length).toBeGreaterThanOrEqual(4);
      for (const [method, path] of takingQueries) {
        const res = await fetch(`${base}${path}?show=${'s'.repeat(17_000)}`, { method });
        expect(res.status, `${method} ${path}`).toBe(431);
        problems.push(...(await contractProblems(method, path, res)));
      }
      expect(problems).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Statuses these tests cannot bring about with a real archive on this machine, and why.
const UNREACHED: Record<string, string> = {
  'GET /api/search 503': 'only a Meilisearch that stops answering (tests/search/meilisearch)',
  'POST /api/reindex 503': 'only an archive without a reindex (tests/admin/reindex.test.ts)',
};

describe('coverage of the document', () => {
  it('has checked an answer of every status of every operation it lists', () => {
    const missing: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations))
        for (const status of Object.keys(operation.responses)) {
          const key = `${method.toUpperCase()} ${template} ${status}`;
          if (!exercised.has(key) && !(key in UNREACHED)) missing.push(key);
        }
    expect(missing).toEqual([]);
  });
});
