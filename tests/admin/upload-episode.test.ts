// POST /api/episodes against a real SQLite archive and a real transcripts folder: every
// format, bad files, size limits, hostile file names, and the admin token.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../server/model/types.ts';
import {
  brokenJson,
  brokenVtt,
  newShow,
  truncatedJson,
  uploadFixtures,
} from '../fixtures/admin/upload-transcripts.ts';
import {
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  EXISTING_SHOW,
  EXISTING_WORD,
  adminHeaders,
  createAdminTestArchive,
  listFiles,
  uploadForm,
  type AdminTestArchive,
  type UploadParts,
} from './admin-test-archive.ts';

interface UploadJson {
  episode: Episode & { mediaUrl: string | null };
  warnings: unknown[];
}
interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}
interface SearchJson {
  total: number;
  hits: { episode: { id: string }; start: number; speaker: string | null }[];
}

let t: AdminTestArchive;

beforeAll(async () => {
  t = await createAdminTestArchive();
});
afterAll(async () => {
  await t?.cleanup();
});

async function post(
  parts: UploadParts,
  headers: Record<string, string> = adminHeaders(),
  app = t.app,
): Promise<Response> {
  return await app.request('/api/episodes', { method: 'POST', body: uploadForm(parts), headers });
}

async function search(q: string, app = t.app): Promise<SearchJson> {
  const res = await app.request(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchJson;
}

/** The transcripts folder and the store, to show that a refused request changed neither. */
async function snapshot(target = t) {
  return {
    files: listFiles(target.dir),
    counts: await target.archive.store.counts(),
    existing: await target.archive.store.getEpisode(EXISTING_EPISODE),
  };
}

describe('POST /api/episodes: each format', () => {
  it.each(uploadFixtures)('stores and indexes $format ($fileName)', async (fixture) => {
    const res = await post({
      transcript: { name: fixture.fileName, content: fixture.content },
      metadata: {
        ...newShow,
        title: `Titre ${fixture.format}`,
        date: '2024-05-02',
        language: 'fr',
        tags: ['test'],
      },
    });
    const body = (await res.json()) as UploadJson;
    expect(res.status, JSON.stringify(body)).toBe(201);
    const { episode } = body;
    expect(episode.showId).toBe(newShow.show);
    expect(episode.format).toBe(fixture.format);
    expect(episode.cueCount).toBe(fixture.cueCount);
    expect(episode.title).toBe(`Titre ${fixture.format}`);
    expect(episode.date).toBe('2024-05-02');
    expect(episode.tags).toEqual(['test']);
    for (const speaker of fixture.speakers) expect(episode.speakers).toContain(speaker);
    // The file is in the transcripts folder under a slug of its name, with its sidecar.
    expect(episode.source).toMatch(/^droits-numeriques\/[a-z0-9-]+\.(vtt|srt|json|md)$/);
    const written = path.join(t.transcriptsDir, episode.source);
    expect(readFileSync(written, 'utf8')).toBe(fixture.content);
    const meta = JSON.parse(readFileSync(written.replace(/\.\w+$/, '.meta.json'), 'utf8')) as {
      title: string;
    };
    expect(meta.title).toBe(`Titre ${fixture.format}`);
    // Searchable right away, and readable through the API.
    const found = await search(fixture.uniqueWord);
    expect(found.hits.map((h) => h.episode.id)).toEqual([episode.id]);
    const read = await t.app.request(`/api/episodes/${episode.id}`);
    expect(read.status).toBe(200);
  });

  it('created the new show with its title', async () => {
    expect((await t.archive.store.getShow(newShow.show))?.title).toBe(newShow.showTitle);
    expect(JSON.parse(readFileSync(path.join(t.transcriptsDir, newShow.show, 'show.json'), 'utf8'))).toEqual({
      title: newShow.showTitle,
    });
  });

  it('uploads into an existing show whose folder name is not its slug', async () => {
    const res = await post({
      transcript: {
        name: 'fichiers de police.srt',
        content: '1\n00:00:01,000 --> 00:00:03,000\nLe fichier des antécédents déborde.\n',
      },
      metadata: { show: EXISTING_SHOW },
    });
    expect(res.status).toBe(201);
    const { episode } = (await res.json()) as UploadJson;
    expect(episode.id).toBe(`${EXISTING_SHOW}--fichiers-de-police`);
    expect(episode.source).toBe(`${EXISTING_FOLDER}/fichiers-de-police.srt`);
    expect(existsSync(path.join(t.transcriptsDir, EXISTING_FOLDER, 'fichiers-de-police.srt'))).toBe(true);
    expect(existsSync(path.join(t.transcriptsDir, EXISTING_SHOW))).toBe(false);
  });

  it('replaces an episode uploaded again (200), also under another extension', async () => {
    const first = await post({
      transcript: {
        name: 'revision.vtt',
        content: 'WEBVTT\n\n00:00.000 --> 00:02.000\nPremière version du propos.\n',
      },
      metadata: { show: newShow.show, title: 'Révision' },
    });
    expect(first.status).toBe(201);
    const again = await post({
      transcript: {
        name: 'revision.srt',
        content: '1\n00:00:00,000 --> 00:00:02,000\nSeconde version, corrigée.\n',
      },
      metadata: { show: newShow.show, title: 'Révision corrigée' },
    });
    expect(again.status).toBe(200);
    const { episode } = (await again.json()) as UploadJson;
    expect(episode.id).toBe('droits-numeriques--revision');
    expect(episode.title).toBe('Révision corrigée');
    expect(episode.format).toBe('srt');
    const folder = readdirSync(path.join(t.transcriptsDir, newShow.show)).filter((f) =>
      f.startsWith('revision'),
    );
    expect(folder.sort()).toEqual(['revision.meta.json', 'revision.srt']);
    expect((await search('propos')).total).toBe(0);
    expect((await search('corrigée')).hits.map((h) => h.episode.id)).toEqual([episode.id]);
  });

  it('stores an uploaded media file next to the transcript and serves it', async () => {
    const mp3 = path.join(t.dir, 'tone.mp3');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-c:a',
      'libmp3lame',
      mp3,
    ]);
    const bytes = readFileSync(mp3);
    const res = await post({
      transcript: {
        name: 'avec-audio.vtt',
        content: 'WEBVTT\n\n00:00.000 --> 00:01.000\nUn extrait sonore sur la vidéoprotection.\n',
      },
      metadata: { show: newShow.show },
      media: { name: 'Enregistrement Original.MP3', content: bytes, type: 'audio/mpeg' },
    });
    expect(res.status).toBe(201);
    const { episode } = (await res.json()) as UploadJson;
    expect(episode.media).toBe('droits-numeriques/avec-audio.mp3');
    expect(episode.mediaType).toBe('audio/mpeg');
    expect(episode.mediaUrl).not.toBeNull();
    const media = await t.app.request(episode.mediaUrl!);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses media that is not audio or video', async () => {
    const before = await snapshot();
    const res = await post({
      transcript: { name: 'page.vtt', content: 'WEBVTT\n\n00:00.000 --> 00:01.000\nTexte.\n' },
      metadata: { show: newShow.show },
      media: { name: 'page.html', content: Buffer.from('<script>alert(1)</script>'), type: 'text/html' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.message).toMatch(/"media"/);
    expect(await snapshot()).toEqual(before);
  });

  it('serialises concurrent uploads: both land, neither is lost', async () => {
    const [a, b] = await Promise.all(
      ['simultane-a', 'simultane-b'].map((name) =>
        post({
          transcript: {
            name: `${name}.vtt`,
            content: `WEBVTT\n\n00:00.000 --> 00:01.000\nEnvoi ${name} en parallèle.\n`,
          },
          metadata: { show: newShow.show },
        }),
      ),
    );
    expect([a!.status, b!.status]).toEqual([201, 201]);
    expect(await t.archive.store.getEpisode('droits-numeriques--simultane-a')).not.toBeNull();
    expect(await t.archive.store.getEpisode('droits-numeriques--simultane-b')).not.toBeNull();
  });
});

describe('POST /api/episodes: refused input writes nothing', () => {
  it.each([
    { file: brokenVtt, expected: /^droits-numeriques\/casse\.vtt:1: not a WebVTT file/, line: 1 },
    {
      file: brokenJson,
      expected:
        /^droits-numeriques\/segments-invalides\.json(:\d+)?: segments\[1\]\.startTime: expected a number/,
      line: undefined,
    },
    { file: truncatedJson, expected: /^droits-numeriques\/tronque\.json:3: not valid JSON/, line: 3 },
  ])('$file.fileName → 422 with file:line: reason', async ({ file, expected, line }) => {
    const before = await snapshot();
    const res = await post({
      transcript: { name: file.fileName, content: file.content },
      metadata: { show: newShow.show },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('parse_error');
    expect(body.error.message).toMatch(expected);
    if (line !== undefined) expect(body.error.details?.line).toBe(line);
    expect(await snapshot()).toEqual(before);
    expect((await search(EXISTING_WORD)).hits.map((h) => h.episode.id)).toEqual([EXISTING_EPISODE]);
  });

  it('a bad file replacing a good one leaves the good one in place', async () => {
    const good = await post({
      transcript: {
        name: 'stable.vtt',
        content: 'WEBVTT\n\n00:00.000 --> 00:02.000\nUne version stable du témoignage.\n',
      },
      metadata: { show: newShow.show },
    });
    expect(good.status).toBe(201);
    const before = await snapshot();
    const bad = await post({
      transcript: { name: 'stable.vtt', content: brokenVtt.content },
      metadata: { show: newShow.show },
    });
    expect(bad.status).toBe(422);
    expect(await snapshot()).toEqual(before);
    expect((await search('version stable')).hits.map((h) => h.episode.id)).toEqual([
      'droits-numeriques--stable',
    ]);
  });

  it('refuses a body that is not a form with 415, saying so in its code', async () => {
    const before = await snapshot();
    const res = await t.app.request('/api/episodes', {
      method: 'POST',
      body: JSON.stringify({ show: newShow.show }),
      headers: { ...adminHeaders(), 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.code).toBe('unsupported_media_type');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    { name: 'date', metadata: { show: newShow.show, date: '18/03/2024' }, field: 'metadata.date' },
    // Shaped like a date, but no such day: it would fall outside every month filter.
    {
      name: 'day past the month',
      metadata: { show: newShow.show, date: '2024-02-30' },
      field: 'metadata.date',
    },
    {
      name: '29 Feb of a common year',
      metadata: { show: newShow.show, date: '2023-02-29' },
      field: 'metadata.date',
    },
    { name: 'language', metadata: { show: newShow.show, language: 'français' }, field: 'metadata.language' },
    { name: 'url', metadata: { show: newShow.show, url: 'javascript:alert(1)' }, field: 'metadata.url' },
    { name: 'speakers', metadata: { show: newShow.show, speakers: 'Camille' }, field: 'metadata.speakers' },
    { name: 'unknown field', metadata: { show: newShow.show, titel: 'typo' }, field: 'metadata.titel' },
    { name: 'show slug', metadata: { show: '../etc' }, field: 'metadata.show' },
    { name: 'missing show', metadata: { title: 'Sans émission' }, field: 'metadata.show' },
    { name: 'new show without title', metadata: { show: 'emission-inconnue' }, field: 'metadata.showTitle' },
    { name: 'not JSON', metadata: '{ show: droits', field: 'metadata' },
  ])('metadata: $name → 400 naming $field', async ({ metadata, field }) => {
    const before = await snapshot();
    const res = await post({ transcript: { name: 'ok.vtt', content: uploadFixtures[0]!.content }, metadata });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(`"${field}"`);
    expect(await snapshot()).toEqual(before);
  });

  it('accepts the metadata as a JSON file part (curl -F metadata=@meta.json)', async () => {
    const form = uploadForm({
      transcript: {
        name: 'metadonnees-fichier.srt',
        content: '1\n00:00:00,000 --> 00:00:02,000\nUne remarque sur la biométrie.\n',
      },
    });
    form.append(
      'metadata',
      new File([JSON.stringify({ show: newShow.show, title: 'Depuis un fichier' })], 'meta.json'),
    );
    const res = await t.app.request('/api/episodes', { method: 'POST', body: form, headers: adminHeaders() });
    expect(res.status).toBe(201);
    expect(((await res.json()) as UploadJson).episode.title).toBe('Depuis un fichier');
  });

  it('a missing transcript part → 400 naming it', async () => {
    const res = await post({ metadata: { show: newShow.show } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.message).toContain('"transcript"');
  });

  it.each(['rapport.pdf', 'script.sh', 'sans-extension', 'episode.vtt.exe'])(
    'a transcript named %s → 400 listing the accepted extensions',
    async (name) => {
      const before = await snapshot();
      const res = await post({
        transcript: { name, content: uploadFixtures[0]!.content },
        metadata: { show: newShow.show },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorJson).error.message).toMatch(
        /"transcript".*\.vtt, \.srt, \.json, \.md, \.txt/,
      );
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('POST /api/episodes: hostile file names', () => {
  const hostile = [
    '../../../evil.vtt',
    '..\\..\\evil.vtt',
    '/etc/cron.d/evil.vtt',
    'a/../../b/evil.vtt',
    '..vtt',
    '.hidden.vtt',
    'nul\u0000byte.vtt',
    'ctrl\u0007\u001b[31m.vtt',
    'rtl\u202Etxt.vtt',
    'fullwidth\uFF0F..\uFF0Fslash.vtt',
    'zero\u200Bwidth.vtt',
    `${'très-long-'.repeat(500)}.vtt`,
    'CON.vtt',
    '%2e%2e%2fpercent.vtt',
  ];
  it.each(hostile.map((name) => ({ name, label: JSON.stringify(name.slice(0, 40)) })))(
    '$label lands as a slug inside transcripts/<show>/',
    async ({ name }) => {
      const outsideBefore = readdirSync(t.dir).sort();
      const filesBefore = new Set(listFiles(t.transcriptsDir));
      const res = await post({
        transcript: { name, content: 'WEBVTT\n\n00:00.000 --> 00:01.000\nUn nom de fichier piégé.\n' },
        metadata: { show: newShow.show, title: 'Nom piégé' },
      });
      expect([200, 201]).toContain(res.status);
      const { episode } = (await res.json()) as UploadJson;
      expect(episode.source).toMatch(/^droits-numeriques\/[a-z0-9]+(-[a-z0-9]+)*\.vtt$/);
      expect(path.basename(episode.source).length).toBeLessThanOrEqual(84);
      // Nothing appeared outside the transcripts folder, nor outside the show folder.
      expect(readdirSync(t.dir).sort()).toEqual(outsideBefore);
      const added = listFiles(t.transcriptsDir).filter((f) => !filesBefore.has(f));
      for (const file of added) expect(file).toMatch(/^droits-numeriques\/[a-z0-9-]+\.(vtt|meta\.json)$/);
      expect(existsSync(path.join(t.transcriptsDir, episode.source))).toBe(true);
    },
  );
});

describe('POST /api/episodes: size limits', () => {
  it('a body over VERBATIM_MAX_UPLOAD_BYTES → 413, nothing written', async () => {
    const small = await createAdminTestArchive({ VERBATIM_MAX_UPLOAD_BYTES: String(64 * 1024) });
    try {
      const before = await snapshot(small);
      const big = `WEBVTT\n\n${'00:00.000 --> 00:01.000\nLa surveillance de masse est disproportionnée.\n\n'.repeat(2000)}`;
      const res = await post(
        { transcript: { name: 'enorme.vtt', content: big }, metadata: { show: EXISTING_SHOW } },
        adminHeaders(),
        small.app,
      );
      expect(res.status).toBe(413);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe('payload_too_large');
      expect(body.error.details).toEqual({ limitBytes: 64 * 1024 });
      expect(await snapshot(small)).toEqual(before);
    } finally {
      await small.cleanup();
    }
  });

  it('a metadata part over 64 KiB → 413 naming it', async () => {
    const before = await snapshot();
    const res = await post({
      transcript: { name: 'meta-enorme.vtt', content: uploadFixtures[0]!.content },
      metadata: { show: newShow.show, title: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.message).toContain('"metadata"');
    expect(await snapshot()).toEqual(before);
  });
});

describe('admin token', () => {
  const requests = [
    { name: 'upload', method: 'POST', path: '/api/episodes' },
    { name: 'delete', method: 'DELETE', path: `/api/episodes/${EXISTING_EPISODE}` },
    { name: 'reindex', method: 'POST', path: '/api/reindex' },
  ];
  const send = (
    app: AdminTestArchive['app'],
    r: (typeof requests)[number],
    headers: Record<string, string>,
  ) =>
    app.request(r.path, {
      method: r.method,
      headers,
      body:
        r.method === 'POST' && r.path === '/api/episodes'
          ? uploadForm({
              transcript: { name: 'jeton.vtt', content: uploadFixtures[0]!.content },
              metadata: { show: EXISTING_SHOW },
            })
          : undefined,
    });

  it.each(requests)('$name: missing or wrong token → 401, nothing changes', async (r) => {
    const before = await snapshot();
    for (const headers of [
      {},
      adminHeaders('wrong-token-0123456789'),
      { Authorization: 'Basic YWRtaW46YWRtaW4=' },
    ]) {
      const res = await send(t.app, r, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toContain('Bearer');
      expect(((await res.json()) as ErrorJson).error.code).toBe('unauthorized');
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each(requests)('$name: no token configured → 403 even with a token', async (r) => {
    const open = await createAdminTestArchive({ VERBATIM_ADMIN_TOKEN: '' });
    try {
      const before = await snapshot(open);
      const res = await send(open.app, r, adminHeaders());
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorJson).error.code).toBe('forbidden');
      expect(await snapshot(open)).toEqual(before);
    } finally {
      await open.cleanup();
    }
  });
});

describe('OpenAPI document', () => {
  it('lists the admin routes with the bearer security scheme', async () => {
    const res = await t.app.request('/api/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; requestBody?: { content: Record<string, unknown> } }>
      >;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/episodes']?.post?.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(doc.paths['/api/episodes']?.post?.requestBody?.content ?? {})).toEqual([
      'multipart/form-data',
    ]);
    expect(doc.paths['/api/episodes/{id}']?.delete?.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths['/api/reindex']?.post?.security).toEqual([{ adminToken: [] }]);
  });
});
