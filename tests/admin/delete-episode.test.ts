// DELETE /api/episodes/:id: the episode's files leave the transcripts folder and the episode
// leaves the store and the search index; everything else stays.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { newShow, uploadFixtures } from '../fixtures/admin/upload-transcripts.ts';
import {
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  EXISTING_SHOW,
  EXISTING_WORD,
  adminHeaders,
  createAdminTestArchive,
  uploadForm,
  type AdminTestArchive,
} from './admin-test-archive.ts';

interface SearchJson {
  total: number;
  hits: { episode: { id: string } }[];
}

let t: AdminTestArchive;

beforeAll(async () => {
  t = await createAdminTestArchive();
});
afterAll(async () => {
  await t?.cleanup();
});

const del = (id: string, headers = adminHeaders()) =>
  t.app.request(`/api/episodes/${encodeURIComponent(id)}`, { method: 'DELETE', headers });

async function searchIds(q: string): Promise<string[]> {
  const res = await t.app.request(`/api/search?q=${encodeURIComponent(q)}`);
  return ((await res.json()) as SearchJson).hits.map((h) => h.episode.id);
}

async function upload(index: number, media?: Uint8Array): Promise<string> {
  const fixture = uploadFixtures[index]!;
  const res = await t.app.request('/api/episodes', {
    method: 'POST',
    headers: adminHeaders(),
    body: uploadForm({
      transcript: { name: fixture.fileName, content: fixture.content },
      metadata: { ...newShow, title: 'À supprimer' },
      media: media ? { name: 'son.ogg', content: media, type: 'audio/ogg' } : undefined,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { episode: { id: string } }).episode.id;
}

describe('DELETE /api/episodes/:id', () => {
  it('removes the transcript, its sidecars and local media, and the stored episode', async () => {
    const keep = await upload(1);
    const id = await upload(0, new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3]));
    const showDir = path.join(t.transcriptsDir, newShow.show);
    const base = 'le-recours-contre-les-drones';
    writeFileSync(
      path.join(showDir, `${base}.chapters.json`),
      JSON.stringify({ version: '1.2.0', chapters: [{ startTime: 0, title: 'Ouverture' }] }),
    );
    expect(
      readdirSync(showDir)
        .filter((f) => f.startsWith(base))
        .sort(),
    ).toEqual([`${base}.chapters.json`, `${base}.meta.json`, `${base}.ogg`, `${base}.vtt`]);
    expect(await searchIds(uploadFixtures[0]!.uniqueWord)).toEqual([id]);

    const res = await del(id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(readdirSync(showDir).filter((f) => f.startsWith(base))).toEqual([]);
    expect((await t.app.request(`/api/episodes/${id}`)).status).toBe(404);
    expect(await searchIds(uploadFixtures[0]!.uniqueWord)).toEqual([]);
    // Everything else is still there.
    expect(await searchIds(uploadFixtures[1]!.uniqueWord)).toEqual([keep]);
    expect(await searchIds(EXISTING_WORD)).toEqual([EXISTING_EPISODE]);
    expect(existsSync(path.join(showDir, 'show.json'))).toBe(true);
  });

  it('keeps files another episode still uses: media both translations name, sidecars of a same-named transcript', async () => {
    const showDir = path.join(t.transcriptsDir, EXISTING_FOLDER);
    const vtt = (text: string) => `WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n${text}\n`;
    const ogg = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 9, 9]);
    writeFileSync(path.join(showDir, 'entretien.ogg'), ogg);
    for (const [lang, text] of [
      ['fr', 'Les caméras parlantes surveillent le marché.'],
      ['en', 'The talking cameras watch the market.'],
    ] as const) {
      writeFileSync(path.join(showDir, `entretien-${lang}.vtt`), vtt(text));
      writeFileSync(
        path.join(showDir, `entretien-${lang}.meta.json`),
        JSON.stringify({ language: lang, media: 'entretien.ogg' }),
      );
    }
    writeFileSync(path.join(showDir, 'table-ronde.vtt'), vtt('Une table ronde sur les fichiers de police.'));
    writeFileSync(
      path.join(showDir, 'table-ronde.srt'),
      '1\n00:00:00,000 --> 00:00:04,000\nUne table ronde.\n',
    );
    writeFileSync(path.join(showDir, 'table-ronde.meta.json'), JSON.stringify({ title: 'La table ronde' }));
    writeFileSync(path.join(showDir, 'table-ronde.ogg'), ogg);
    await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
    const { items } = await t.archive.store.listEpisodes({ showId: EXISTING_SHOW, limit: 100, offset: 0 });
    const idOf = (file: string) => items.find((e) => e.source === `${EXISTING_FOLDER}/${file}`)!.id;

    expect((await del(idOf('entretien-en.vtt'))).status).toBe(204);
    expect((await del(idOf('table-ronde.srt'))).status).toBe(204);
    expect(
      readdirSync(showDir)
        .filter((f) => /^(entretien|table-ronde)/.test(f))
        .sort(),
    ).toEqual([
      'entretien-fr.meta.json',
      'entretien-fr.vtt',
      'entretien.ogg',
      'table-ronde.meta.json',
      'table-ronde.ogg',
      'table-ronde.vtt',
    ]);
    const summary = await ingestFolder({
      transcriptsDir: t.transcriptsDir,
      store: t.archive.store,
      parseThreads: 0,
    });
    expect(summary.warnings).toEqual([]);
    expect(await t.archive.store.getEpisode(idOf('entretien-fr.vtt'))).toMatchObject({
      media: `${EXISTING_FOLDER}/entretien.ogg`,
    });
    expect(await t.archive.store.getEpisode(idOf('table-ronde.vtt'))).toMatchObject({
      title: 'La table ronde',
      media: `${EXISTING_FOLDER}/table-ronde.ogg`,
    });
  });

  it('removes the sidecars and media of a transcript copied from macOS, whose accents are spelled otherwise', async () => {
    const showDir = path.join(t.transcriptsDir, EXISTING_FOLDER);
    const base = 'Débat sur les fichiers de police'.normalize('NFC');
    // The transcript copied from a Mac (decomposed accents), its sidecars typed on Linux.
    writeFileSync(
      path.join(showDir, `${base.normalize('NFD')}.vtt`),
      'WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nLe fichier des antécédents judiciaires déborde.\n',
    );
    writeFileSync(path.join(showDir, `${base}.meta.json`), JSON.stringify({ title: 'Le débat' }));
    writeFileSync(path.join(showDir, `${base}.ogg`), new Uint8Array([0x4f, 0x67, 0x67, 0x53, 7]));
    await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
    const id = `${EXISTING_SHOW}--debat-sur-les-fichiers-de-police`;
    expect(await t.archive.store.getEpisode(id)).toMatchObject({ title: 'Le débat' });

    expect((await del(id)).status).toBe(204);
    expect(readdirSync(showDir).filter((f) => f.normalize('NFC').startsWith(base))).toEqual([]);
  });

  it('keeps the deleted files in a dated trash folder that ingest and /media leave alone, to move back', async () => {
    const id = await upload(4, new Uint8Array([0x4f, 0x67, 0x67, 0x53, 4, 4]));
    const word = uploadFixtures[4]!.uniqueWord;
    const showDir = path.join(t.transcriptsDir, newShow.show);
    const before = readdirSync(showDir).filter((f) => f.startsWith('accessibilite-numerique'));
    expect(before.length).toBeGreaterThan(1);
    const bytes = new Map(before.map((f) => [f, readFileSync(path.join(showDir, f))]));

    const trash = path.join(t.transcriptsDir, '.verbatim-trash');
    const earlier = existsSync(trash) ? readdirSync(trash) : [];
    expect((await del(id)).status).toBe(204);
    // A folder of its own, named by when it happened (UTC, no colons: any file system takes it).
    const [deletion, ...others] = readdirSync(trash).filter((name) => !earlier.includes(name));
    expect(others).toEqual([]);
    expect(deletion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d+)?$/);
    const kept = path.join(trash, deletion!, newShow.show);
    expect(readdirSync(kept).sort()).toEqual([...bytes.keys()].sort());
    for (const [name, content] of bytes) expect(readFileSync(path.join(kept, name))).toEqual(content);
    const media = await t.app.request(
      `/media/.verbatim-trash/${deletion}/${newShow.show}/accessibilite-numerique.ogg`,
    );
    expect(media.status).toBe(404);
    expect(
      await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 }),
    ).toMatchObject({ added: 0 });
    expect(await searchIds(word)).toEqual([]);

    // Undone by moving the files back: the same id, found again.
    for (const name of bytes.keys()) renameSync(path.join(kept, name), path.join(showDir, name));
    await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
    expect(await searchIds(word)).toEqual([id]);
  });

  it('stays deleted after the next ingest of the folder', async () => {
    expect((await del(EXISTING_EPISODE)).status).toBe(204);
    expect(existsSync(path.join(t.transcriptsDir, EXISTING_FOLDER, 'loi-renseignement.vtt'))).toBe(false);
    const summary = await ingestFolder({
      transcriptsDir: t.transcriptsDir,
      store: t.archive.store,
      parseThreads: 0,
    });
    expect(summary.added).toBe(0);
    expect(await t.archive.store.getEpisode(EXISTING_EPISODE)).toBeNull();
    expect(await searchIds(EXISTING_WORD)).toEqual([]);
  });

  it('removes a stored episode whose transcript file is already gone', async () => {
    const id = await upload(2);
    rmSync(path.join(t.transcriptsDir, newShow.show, 'donnees-de-sante.json'));
    expect((await del(id)).status).toBe(204);
    expect(await t.archive.store.getEpisode(id)).toBeNull();
  });

  it('answers 404 for an unknown or already deleted episode', async () => {
    for (const id of ['droits-numeriques--nexiste-pas', 'droits-numeriques--le-recours-contre-les-drones']) {
      const res = await del(id);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; details: { id: string } } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.details.id).toBe(id);
    }
  });

  it('answers 400 for an overlong id and 401 without the token', async () => {
    expect((await del('x'.repeat(400))).status).toBe(400);
    const id = await upload(3);
    expect((await del(id, {})).status).toBe(401);
    expect(await t.archive.store.getEpisode(id)).not.toBeNull();
  });
});
