// A long transcript name stored decomposed (NFD, as macOS writes it) got its id's hash from
// those bytes until ids were made the same for both spellings: its id changed once. Links to
// the old id (a course's page link, an API client, a clip) must lead to the new one.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { episodeIdFor, shortHash, slugify } from '../../server/ingest/episode-id.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import {
  EXISTING_FOLDER,
  EXISTING_SHOW,
  createAdminTestArchive,
  type AdminTestArchive,
} from '../admin/admin-test-archive.ts';

// Long enough to be cut and hashed (over 80 slug characters), with accents to decompose.
const LONG_NAME =
  'Débat sur la surveillance algorithmique des données personnelles à l’école et au travail en deux mille vingt-six';
const DECOMPOSED = LONG_NAME.normalize('NFD');

/** The id the version before stored for the decomposed file: the hash of its NFD bytes. */
function idBeforeTheChange(): string {
  const head = slugify(DECOMPOSED)
    .slice(0, 80 - 8 - 1)
    .replace(/-+$/, '');
  return `${EXISTING_SHOW}--${head}-${shortHash(DECOMPOSED)}`;
}

const vtt = `WEBVTT

00:00:00.000 --> 00:00:05.000
<v Amina>La surveillance algorithmique des élèves se fait sans leur accord.

00:00:05.000 --> 00:00:09.000
<v Amina>Les données personnelles restent chez un prestataire privé.
`;

let t: AdminTestArchive;
beforeEach(async () => {
  t = await createAdminTestArchive();
});
afterEach(async () => {
  await t.cleanup();
});

const ingest = () =>
  ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });

describe('a decomposed long name whose id changed once', () => {
  it('answers its old id with a 301 to the new one, for the page, the API and its clips', async () => {
    const oldId = idBeforeTheChange();
    const newId = episodeIdFor(EXISTING_SHOW, DECOMPOSED);
    // Measured with the code before the change (f24e830~1) on this very name.
    expect(oldId.endsWith('-7dd0dcaa')).toBe(true);
    expect(newId).toBe(episodeIdFor(EXISTING_SHOW, LONG_NAME));
    expect(newId).not.toBe(oldId);

    // The archive as the version before left it: the episode stored under its old id (a file
    // whose name is that id's slug gets it today), with a clip cut on it.
    const showDir = path.join(t.transcriptsDir, EXISTING_FOLDER);
    const stored = path.join(showDir, `${oldId.slice(EXISTING_SHOW.length + 2)}.vtt`);
    fs.writeFileSync(stored, vtt);
    await ingest();
    expect(await t.archive.store.getEpisode(oldId)).not.toBeNull();
    const cut = await t.app.request('/api/clips', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ episodeId: oldId, start: 0, end: 5, title: 'Sans leur accord' }),
    });
    expect(cut.status).toBe(201);
    const clipId = ((await cut.json()) as { clip: { id: string } }).clip.id;

    // The same transcript under its decomposed name, ingested by this version.
    fs.renameSync(stored, path.join(showDir, `${DECOMPOSED}.vtt`));
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 0, moved: 1, removed: 0, failed: [] });

    const page = await t.app.request(`/episodes/${oldId}?t=6`);
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe(`/episodes/${newId}?t=6`);
    const api = await t.app.request(`/api/episodes/${oldId}/transcript.vtt`);
    expect(api.status).toBe(301);
    expect(api.headers.get('location')).toBe(`/api/episodes/${newId}/transcript.vtt`);
    expect((await t.app.request(`/api/episodes/${newId}`)).status).toBe(200);
    const clip = (await (await t.app.request(`/api/clips/${clipId}`)).json()) as {
      clip: { episodeId: string };
      episodeGone: boolean;
    };
    expect(clip.clip.episodeId).toBe(newId);
    expect(clip.episodeGone).toBe(false);
  });
});
