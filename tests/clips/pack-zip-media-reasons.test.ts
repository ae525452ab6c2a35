// A pack whose clips cannot all be cut, downloaded for a French class: the handout and the
// offline page say why each clip has no media in French (before: the server's English
// sentence), count only the clips they can play, and the API names a deleted clip by a code
// (its English title and reason stay, for API users).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClipsTestApp, json } from './clips-test-app.ts';
import { adminToken, createClipTestArchive, type ClipTestArchive } from './clip-test-archive.ts';

vi.setConfig({ testTimeout: 120000 });

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;
let mediaServer: http.Server;
let mediaBase: string;
let packId: string;
let playedLength: number;

async function makeClip(episodeId: string, start: number, end: number) {
  const res = await app.request('/api/clips', json({ episodeId, start, end }));
  expect(res.status).toBe(201);
  return (await res.json()) as { clip: { id: string; start: number; end: number } };
}

/** The facial-recognition episode again under another id, with other media. */
async function variant(id: string, media: string | null) {
  const { episode, cues } = archive.episodes.facial;
  await archive.store.replaceEpisode({ episode: { ...episode, id, source: `${id}.vtt`, media }, cues });
}

async function zipOf(query: string) {
  const res = await app.request(`/api/packs/${packId}/export.zip${query}`);
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const handout = strFromU8(files['handout.md']!);
  return {
    handout,
    section: (n: number) => handout.split(/^## /m)[n] ?? '',
    page: strFromU8(files['index.html']!),
  };
}

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
  mediaServer = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
  mediaBase = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}`;
  const { episode, cues } = archive.episodes.facial;
  await variant('sans-media', null);
  await variant('fichier-disparu', 'libertes-numeriques/disparu.opus');
  await variant('media-distant', `${mediaBase}/disparu.mp3`);
  const ok = await makeClip(episode.id, cues[0]!.start, cues[0]!.end);
  const none = await makeClip('sans-media', cues[1]!.start, cues[1]!.end);
  const lost = await makeClip('fichier-disparu', cues[2]!.start, cues[2]!.end);
  const remote = await makeClip('media-distant', cues[3]!.start, cues[3]!.end);
  const deleted = await makeClip(episode.id, cues[4]!.start, cues[4]!.end);
  playedLength = ok.clip.end - ok.clip.start;
  const res = await app.request(
    '/api/packs',
    json({
      title: 'Biométrie en classe',
      items: [ok, none, lost, remote, deleted].map((m) => ({ clipId: m.clip.id })),
    }),
  );
  expect(res.status).toBe(201);
  packId = ((await res.json()) as { pack: { id: string } }).pack.id;
  const del = await app.request(`/api/clips/${deleted.clip.id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(del.status).toBe(204);
});

afterAll(async () => {
  await new Promise((resolve) => mediaServer?.close(resolve));
  await archive?.close();
});

describe('a French pack handout with clips that have no media', () => {
  it('says in French why each clip has no media', async () => {
    const { section, page } = await zipOf('?lang=fr');
    expect(section(2)).toContain(
      '*Pas de média pour cet extrait dans ce dossier : l’épisode sans-media n’a pas de média dont tirer un extrait.*',
    );
    expect(section(3)).toContain(
      '*Pas de média pour cet extrait dans ce dossier : le fichier média libertes-numeriques/disparu.opus est introuvable.*',
    );
    expect(section(4)).toContain(
      `*Pas de média pour cet extrait dans ce dossier : le média distant de l’épisode (${mediaBase}/disparu.mp3) n’a pas pu être téléchargé : HTTP 404.*`,
    );
    expect(page).toContain('l’épisode sans-media n’a pas de média dont tirer un extrait');
    expect(page).toContain('le fichier média libertes-numeriques/disparu.opus est introuvable');
    for (const text of [section(2), section(3), section(4), page]) {
      expect(text).not.toMatch(/has no media|not found|could not be fetched/);
    }
  });

  it('counts only the clip it can play, in French and in English', async () => {
    const fr = await zipOf('?lang=fr');
    const en = await zipOf('');
    const length = `${Math.round(playedLength)} s`;
    expect(fr.handout).toContain(`1 extrait à écouter, ${length} au total.`);
    expect(fr.page).toContain(`1 extrait à écouter, ${length} au total.`);
    expect(en.handout).toContain(`1 clip to play, ${length} in all.`);
    // The English reasons are the server's, as before.
    expect(en.section(2)).toContain('No media for this clip in this pack: Episode sans-media has no media');
    expect(en.section(3)).toContain(
      'No media for this clip in this pack: Media file not found: libertes-numeriques/disparu.opus',
    );
  });
});

describe('a deleted clip in the pack’s JSON', () => {
  it('carries a code the web and the zip translate, and keeps its English title and reason', async () => {
    const view = (await (await app.request(`/api/packs/${packId}`)).json()) as {
      items: { missing: boolean; code?: string; title?: string; reason?: string }[];
    };
    expect(view.items[4]).toMatchObject({
      missing: true,
      code: 'clip_deleted',
      title: 'Clip 5 was deleted',
      reason: 'the clip was deleted',
    });
    const spec = (await (await app.request('/api/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(spec.components.schemas.PackMissingItem!.properties.code!.enum).toEqual(['clip_deleted']);
  });
});
