import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IngestFailedError,
  ingestFolder,
  titleFromFileName,
  UnrelatedFolderError,
} from '../../server/ingest/ingest-folder.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { createRecordingIndexer, type RecordingIndexer } from '../store/recording-indexer.ts';
import {
  ENGLISH_SENTENCES,
  makeCues,
  silentWav,
  toSrt,
  toVtt,
  writeFile,
} from '../fixtures/ingest/transcript-files.ts';

let dir: string;
let root: string;
let indexer: RecordingIndexer;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-ingest-'));
  root = path.join(dir, 'transcripts');
  fs.mkdirSync(root);
  indexer = createRecordingIndexer();
  store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer });
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Inline parsing (the default); the parse worker has its own test.
const ingest = (extra: { strict?: boolean } = {}) =>
  ingestFolder({ transcriptsDir: root, store, parseThreads: 0, ...extra });

/** Everything a reader of the archive sees, to compare two states of the store. */
async function snapshot() {
  const episodes = (await store.listEpisodes({ limit: 1000, offset: 0 })).items;
  return {
    shows: await store.listShows(),
    episodes: await Promise.all(episodes.map(async (e) => ({ episode: e, cues: await store.getCues(e.id) }))),
  };
}

describe("a folder that is not the archive's", () => {
  it('is refused when it holds none of the stored show folders, and nothing is removed', async () => {
    writeFile(root, 'radio/ep1.vtt', toVtt(makeCues(3, 1)));
    writeFile(root, 'radio/ep2.vtt', toVtt(makeCues(3, 2)));
    await ingest();
    const before = await snapshot();

    const other = path.join(dir, 'autre-dossier');
    writeFile(other, 'nouvelle-emission/ep.vtt', toVtt(makeCues(3, 3)));
    const empty = path.join(dir, 'disque-non-monte');
    fs.mkdirSync(empty);
    for (const folder of [other, empty]) {
      const attempt = ingestFolder({ transcriptsDir: folder, store, parseThreads: 0 });
      await expect(attempt).rejects.toBeInstanceOf(UnrelatedFolderError);
      await expect(attempt).rejects.toThrow(/none of the archive's show folders \(radio\).*all 2 episode/);
      expect(await snapshot()).toEqual(before);
    }

    // Said on purpose, the folder replaces the archive's.
    const replaced = await ingestFolder({
      transcriptsDir: other,
      store,
      parseThreads: 0,
      replaceArchive: true,
    });
    expect(replaced).toMatchObject({ added: 1, removed: 2 });
    // The original folder with one show folder removed is still the archive's: no guard.
    fs.rmSync(path.join(root, 'radio'), { recursive: true });
    writeFile(root, 'nouvelle-emission/ep.vtt', toVtt(makeCues(3, 3)));
    writeFile(root, 'autre/ep.vtt', toVtt(makeCues(3, 4)));
    expect(await ingest()).toMatchObject({ added: 1, unchanged: 1 });
  });
});

describe('media named in meta.json', () => {
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nUne émission sur les archives sonores\n';

  it('is attached when the file arrives after the transcript was stored', async () => {
    writeFile(root, 'radio/ep.vtt', vtt);
    writeFile(root, 'radio/ep.meta.json', JSON.stringify({ media: 'audio/ep.wav' }));
    const first = await ingest();
    expect(first.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('file not found: audio/ep.wav'),
    ]);
    expect((await store.getEpisode('radio--ep'))?.media).toBeNull();

    fs.mkdirSync(path.join(root, 'radio/audio'));
    fs.writeFileSync(path.join(root, 'radio/audio/ep.wav'), silentWav(1));
    const second = await ingest();
    expect(second).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await store.getEpisode('radio--ep')).toMatchObject({
      media: 'radio/audio/ep.wav',
      mediaType: 'audio/wav',
    });
    expect(await ingest()).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('is refused when it is a symbolic link leading out of the transcripts folder', async () => {
    const outside = path.join(dir, 'outside.wav');
    fs.writeFileSync(outside, silentWav(1));
    writeFile(root, 'radio/ep.vtt', vtt);
    fs.symlinkSync(outside, path.join(root, 'radio/lien.wav'));
    writeFile(root, 'radio/ep.meta.json', JSON.stringify({ media: 'lien.wav' }));
    const summary = await ingest();
    expect(summary.warnings.map((w) => w.message)).toContain(
      'meta.json field "media" leaves the transcripts folder; ignored',
    );
    expect((await store.getEpisode('radio--ep'))?.media).toBeNull();
  });
});

describe('ids when names collide later', () => {
  const cueTexts = async (id: string) => (await store.getCues(id)).map((c) => c.text).join(' ');

  it('a file added beside a stored one with the same id leaves the stored episode (what its clips point to) alone', async () => {
    writeFile(
      root,
      'radio/Note.vtt',
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nLe premier entretien sur la vie privée\n',
    );
    await ingest();
    expect(await cueTexts('radio--note')).toContain('premier entretien');

    writeFile(root, 'radio/note.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nUne émission de cuisine\n');
    writeFile(root, 'radio/Note.srt', '1\n00:00:01,000 --> 00:00:03,000\nUne autre version\n');
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 2, removed: 0 });
    expect(await cueTexts('radio--note')).toContain('premier entretien');
    const ids = (await store.listEpisodes({ limit: 10, offset: 0 })).items.map((e) => e.id);
    expect(ids.filter((id) => /^radio--note-[0-9a-f]{6}$/.test(id))).toHaveLength(2);
    // Note.vtt and Note.srt share their sidecars: the archivist is told.
    expect(summary.warnings).toContainEqual({
      file: 'radio/Note.srt, Note.vtt',
      message: expect.stringContaining('2 transcripts named "Note"') as unknown,
    });
  });

  it('a show folder added with a name that differs only by case is refused, and the stored show stays whole', async () => {
    writeFile(root, 'news/ep1.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nPremier épisode archivé\n');
    writeFile(root, 'news/ep2.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nDeuxième épisode archivé\n');
    await ingest();
    const before = await snapshot();

    writeFile(root, 'News/ep1.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nUn autre dossier\n');
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    expect(summary.failed).toEqual([
      expect.objectContaining({ file: 'News', reason: expect.stringContaining('"news"') as unknown }),
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

function writeDemoArchive() {
  writeFile(
    root,
    'libertes-numeriques/show.json',
    JSON.stringify({
      title: 'Libertés numériques',
      description: 'Entretiens sur la surveillance et les droits fondamentaux',
      language: 'fr',
      url: 'https://example.org/libertes',
      license: 'CC BY-SA 4.0',
    }),
  );
  const odd = "Entretien #3, l'Europe";
  writeFile(root, `libertes-numeriques/${odd}.vtt`, toVtt(makeCues(6, 11)));
  writeFile(
    root,
    `libertes-numeriques/${odd}.meta.json`,
    JSON.stringify({
      title: 'L’Europe exporte sa surveillance',
      date: '2024-03-18',
      speakers: ['Claire Dupont', 'Malik Benali'],
      tags: ['export', 'surveillance'],
      url: 'https://example.org/libertes/3',
    }),
  );
  writeFile(
    root,
    `libertes-numeriques/${odd}.chapters.json`,
    JSON.stringify({
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Ouverture' },
        { startTime: 12.5, title: 'Les licences d’exportation' },
      ],
    }),
  );
  writeFile(root, `libertes-numeriques/${odd}.wav`, silentWav(0.5));
  // Decomposed accents in the file name, as macOS writes them.
  writeFile(root, 'libertes-numeriques/Caméras_dans_la_ville.srt'.normalize('NFD'), toSrt(makeCues(4, 12)));
  writeFile(root, 'libertes-numeriques/README.md', '# Notes de l’équipe\n\nPas une transcription.\n');
  writeFile(root, 'radio_libre/facial-recognition-at-school.vtt', toVtt(makeCues(3, 13, ENGLISH_SENTENCES)));
  writeFile(
    root,
    'radio_libre/facial-recognition-at-school.meta.json',
    JSON.stringify({ language: 'en', media: 'https://cdn.example.org/audio/ep1.ogg', duration: 600 }),
  );
  writeFile(root, 'README.md', 'Ce dossier contient les transcriptions.\n');
  writeFile(root, 'libertes-numeriques/brouillons/ancien.vtt', toVtt(makeCues(2, 14)));
  writeFile(root, 'sans-transcription/couverture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
}

describe('ingestFolder', () => {
  it('stores shows and episodes with sidecars, defaults and URL-safe ids for odd names', async () => {
    writeDemoArchive();
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 3, updated: 0, unchanged: 0, removed: 0, failed: [], cues: 13 });

    expect(await store.getShow('libertes-numeriques')).toEqual({
      id: 'libertes-numeriques',
      title: 'Libertés numériques',
      description: 'Entretiens sur la surveillance et les droits fondamentaux',
      language: 'fr',
      url: 'https://example.org/libertes',
      image: null,
      license: 'CC BY-SA 4.0',
    });
    // No show.json: title from the folder, no language.
    expect(await store.getShow('radio-libre')).toMatchObject({ title: 'Radio libre', language: null });

    const europe = await store.getEpisode('libertes-numeriques--entretien-3-l-europe');
    expect(europe).toMatchObject({
      showId: 'libertes-numeriques',
      title: 'L’Europe exporte sa surveillance',
      date: '2024-03-18',
      language: 'fr',
      speakers: ['Claire Dupont', 'Malik Benali'],
      tags: ['export', 'surveillance'],
      url: 'https://example.org/libertes/3',
      license: 'CC BY-SA 4.0',
      media: "libertes-numeriques/Entretien #3, l'Europe.wav",
      mediaType: 'audio/wav',
      source: "libertes-numeriques/Entretien #3, l'Europe.vtt",
      format: 'vtt',
      cueCount: 6,
    });
    expect(europe?.chapters.map((c) => [c.startTime, c.title])).toEqual([
      [0, 'Ouverture'],
      [12.5, 'Les licences d’exportation'],
    ]);
    expect(europe?.revision).toMatch(/^[0-9a-f]{32}$/);

    const cameras = await store.getEpisode('libertes-numeriques--cameras-dans-la-ville');
    const camerasCues = await store.getCues('libertes-numeriques--cameras-dans-la-ville');
    expect(cameras).toMatchObject({
      title: 'Caméras dans la ville',
      date: null,
      language: 'fr',
      media: null,
      format: 'srt',
      tags: [],
      chapters: [],
      duration: camerasCues[camerasCues.length - 1]!.end,
    });
    expect(cameras?.source).toBe('libertes-numeriques/Caméras_dans_la_ville.srt'.normalize('NFD'));

    expect(await store.getEpisode('radio-libre--facial-recognition-at-school')).toMatchObject({
      title: 'Facial recognition at school',
      language: 'en',
      media: 'https://cdn.example.org/audio/ep1.ogg',
      mediaType: 'audio/ogg',
      duration: 600,
    });
    // README files are documentation, nested folders are not in the layout, and a folder
    // without transcripts or show.json is not a show.
    expect((await store.counts()).episodes).toBe(3);
    expect((await store.listShows()).map((s) => s.id)).toEqual(['libertes-numeriques', 'radio-libre']);
    expect(summary.ignored).toEqual([
      'README.md',
      'libertes-numeriques/README.md',
      'libertes-numeriques/brouillons/',
      'sans-transcription/couverture.png',
      'sans-transcription/',
    ]);
  });

  it('changes nothing when rerun on an unchanged folder', async () => {
    writeDemoArchive();
    await ingest();
    const before = await snapshot();
    const callsBefore = indexer.calls.length;

    const rerun = await ingest();
    expect(rerun).toMatchObject({ added: 0, updated: 0, unchanged: 3, removed: 0, failed: [], cues: 0 });
    expect(indexer.calls.length).toBe(callsBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('replaces an episode whose transcript or sidecar changed, and removes one whose file is gone', async () => {
    writeDemoArchive();
    await ingest();
    const id = 'libertes-numeriques--cameras-dans-la-ville';
    const file = path.join(root, 'libertes-numeriques/Caméras_dans_la_ville.srt'.normalize('NFD'));
    const newCues = makeCues(2, 99);
    fs.writeFileSync(file, toSrt(newCues));
    const oldRevision = (await store.getEpisode(id))!.revision;

    expect(await ingest()).toMatchObject({ added: 0, updated: 1, unchanged: 2, removed: 0 });
    expect((await store.getCues(id)).map((c) => c.text)).toEqual(newCues.map((c) => c.text));
    expect((await store.getEpisode(id))!.revision).not.toBe(oldRevision);

    // A sidecar alone counts as a change.
    writeFile(
      root,
      'libertes-numeriques/Caméras_dans_la_ville.meta.json'.normalize('NFD'),
      '{"title":"Caméras"}',
    );
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await store.getEpisode(id))!.title).toBe('Caméras');

    fs.rmSync(file);
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, unchanged: 2, removed: 1 });
    expect(await store.getEpisode(id)).toBeNull();
    expect(await store.getCues(id)).toEqual([]);

    // A show folder that disappears takes its show with it.
    fs.rmSync(path.join(root, 'radio_libre'), { recursive: true });
    expect(await ingest()).toMatchObject({ removed: 1, unchanged: 1 });
    expect(await store.getShow('radio-libre')).toBeNull();
  });

  it('re-ingests every episode of a show when its show.json changes', async () => {
    writeDemoArchive();
    await ingest();
    writeFile(root, 'libertes-numeriques/show.json', JSON.stringify({ title: 'Libertés', language: 'fr' }));
    expect(await ingest()).toMatchObject({ updated: 2, unchanged: 1 });
    expect((await store.getShow('libertes-numeriques'))!.title).toBe('Libertés');
    expect(indexer.calls.filter((c) => c.startsWith('index:libertes-numeriques')).length).toBe(4);
  });

  it('reports a broken file with file:line and keeps everything else, including its stored version', async () => {
    writeDemoArchive();
    await ingest();
    const good = await store.getCues('radio-libre--facial-recognition-at-school');

    writeFile(
      root,
      'radio_libre/facial-recognition-at-school.vtt',
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nDebut\n\n',
    );
    writeFile(root, 'radio_libre/pas-un-webvtt.vtt', 'Ceci n’est pas un fichier WebVTT.\n00:01 --> 00:02\n');
    writeFile(root, 'radio_libre/nouveau.vtt', toVtt(makeCues(2, 5)));
    writeFile(root, 'radio_libre/nouveau.meta.json', '{"date": "18/03/2024"}');
    writeFile(root, 'radio_libre/mauvais-json.meta.json', '{"title": ');
    writeFile(root, 'radio_libre/mauvais-json.srt', toSrt(makeCues(2, 6)));

    const summary = await ingest();
    const failed = new Map(summary.failed.map((f) => [f.file, f]));
    expect(failed.get('radio_libre/pas-un-webvtt.vtt')).toMatchObject({ line: 1 });
    expect(failed.get('radio_libre/pas-un-webvtt.vtt')?.reason).toMatch(/WEBVTT/);
    expect(failed.get('radio_libre/nouveau.meta.json')?.reason).toMatch(/field "date".*ISO date/);
    expect(failed.get('radio_libre/mauvais-json.meta.json')?.reason).toMatch(/not valid JSON/);
    // The changed (still valid) transcript was updated; the broken one stored nothing, and the
    // new ones whose meta.json is wrong are stored without it.
    expect(summary).toMatchObject({ added: 2, updated: 1, unchanged: 2 });
    expect(await store.getEpisode('radio-libre--pas-un-webvtt')).toBeNull();
    expect((await store.getEpisode('radio-libre--nouveau'))!.date).toBeNull();
    expect((await store.getCues('radio-libre--facial-recognition-at-school')).length).toBe(1);
    expect(good.length).toBe(3);

    // Now break a stored episode: its last good version stays in the archive.
    writeFile(root, 'radio_libre/facial-recognition-at-school.vtt', 'pas de transcription ici');
    const again = await ingest();
    expect(again.failed.map((f) => f.file)).toContain('radio_libre/facial-recognition-at-school.vtt');
    expect(again.removed).toBe(0);
    expect((await store.getCues('radio-libre--facial-recognition-at-school')).length).toBe(1);
  });

  it('names a file or show folder whose name is not UTF-8 (copied from a Latin-1 disk) and says to rename it', async () => {
    writeFile(root, 'radio/surveillance.vtt', toVtt(makeCues(2, 1)));
    // "débat.vtt" and "émissions/" as a Latin-1 system writes them: é is the single byte 0xE9.
    const latin1 = (name: string) => Buffer.from(name, 'latin1');
    const showDir = Buffer.concat([Buffer.from(`${root}/radio/`), latin1('débat.vtt')]);
    fs.writeFileSync(showDir, toVtt(makeCues(2, 2)));
    const folder = Buffer.concat([Buffer.from(`${root}/`), latin1('émissions')]);
    fs.mkdirSync(folder);
    fs.writeFileSync(Buffer.concat([folder, Buffer.from('/ep.vtt')]), toVtt(makeCues(2, 3)));

    const summary = await ingest();
    expect(summary.added).toBe(1);
    const failed = summary.failed.map((f) => `${f.file}: ${f.reason}`).sort();
    expect(failed).toEqual([
      expect.stringMatching(/^\\xE9missions: folder name is not valid UTF-8 .*rename it/),
      expect.stringMatching(/^radio\/d\\xE9bat\.vtt: file name is not valid UTF-8 .*rename it/),
    ]);
    expect(failed.join('\n')).not.toMatch(/ENOENT/);
  });

  it('warns when a transcript is a copy of another (a file manager\'s "x - Copie"), which search would find twice', async () => {
    writeFile(root, 'radio/controle-aux-frontieres.vtt', toVtt(makeCues(3, 1)));
    writeFile(root, 'radio/autre.vtt', toVtt(makeCues(3, 2)));
    await ingest();
    writeFile(root, 'radio/controle-aux-frontieres - Copie.vtt', toVtt(makeCues(3, 1)));
    writeFile(root, 'archives/controle-aux-frontieres.vtt', toVtt(makeCues(3, 1)));
    const summary = await ingest();
    // Stored all the same: which one to keep is the archivist's call.
    expect(summary).toMatchObject({ added: 2, unchanged: 2, failed: [] });
    const copies = summary.warnings.filter((w) => /same transcript/.test(w.message));
    expect(copies.map((w) => `${w.file}: ${w.message}`).sort()).toEqual([
      'archives/controle-aux-frontieres.vtt: the same transcript as radio/controle-aux-frontieres.vtt: search finds it twice; remove one of the copies',
      'radio/controle-aux-frontieres - Copie.vtt: the same transcript as radio/controle-aux-frontieres.vtt: search finds it twice; remove one of the copies',
    ]);
  });

  it('ingests a name spelled two ways (typed on Linux, copied from macOS) once, naming both', async () => {
    const typed = 'radio/Débat sur la vidéosurveillance.vtt'.normalize('NFC');
    const copied = typed.normalize('NFD');
    writeFile(root, copied, toVtt(makeCues(3, 1)));
    // Its meta.json typed on Linux applies to it all the same.
    writeFile(
      root,
      'radio/Débat sur la vidéosurveillance.meta.json'.normalize('NFC'),
      '{"date": "2024-05-02"}',
    );
    expect(await ingest()).toMatchObject({ added: 1, failed: [] });
    const id = 'radio--debat-sur-la-videosurveillance';
    expect(await store.getEpisode(id)).toMatchObject({ date: '2024-05-02', source: copied });

    // The same name typed again beside it: one episode still, the one stored kept.
    writeFile(root, typed, toVtt(makeCues(3, 2)));
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 1 });
    expect((await store.listEpisodes({ limit: 10, offset: 0 })).items.map((e) => e.id)).toEqual([id]);
    expect(summary.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      `${copied}: the same name as ${typed}, spelled with decomposed accents (as macOS writes them) ` +
        'where the other has composed ones (as typed on Linux or Windows): only this one is ingested; remove the other',
    ]);

    // In a new folder neither is stored: the composed spelling is the one ingested.
    writeFile(root, typed.replace('radio/', 'essais/'), toVtt(makeCues(3, 3)));
    writeFile(root, copied.replace('radio/', 'essais/'), toVtt(makeCues(3, 4)));
    const both = await ingest();
    expect(both.added).toBe(1);
    expect((await store.getEpisode('essais--debat-sur-la-videosurveillance'))!.source).toBe(
      typed.replace('radio/', 'essais/'),
    );
  });

  it('says when a show folder is there twice, its name spelled with composed and decomposed accents', async () => {
    const typed = 'Libertés numériques'.normalize('NFC');
    writeFile(root, `${typed}/entretien.vtt`, toVtt(makeCues(2, 1)));
    await ingest();
    // The same folder copied from a Mac beside it.
    writeFile(root, `${typed.normalize('NFD')}/autre.vtt`, toVtt(makeCues(2, 2)));
    const summary = await ingest();
    expect(summary.failed).toEqual([
      {
        file: typed.normalize('NFD'),
        reason:
          `the same show folder name as "${typed}", spelled with decomposed accents (as macOS writes them) ` +
          'where it has composed ones (as typed on Linux or Windows): move its files into that folder; nothing in it was read',
      },
    ]);
    expect(summary).toMatchObject({ unchanged: 1, added: 0, removed: 0 });
  });

  it('with strict, stores the good files and then throws with the summary', async () => {
    writeDemoArchive();
    writeFile(root, 'radio_libre/casse.srt', '1\nceci n’est pas un horodatage\nBonjour\n');
    const error = await ingest({ strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFailedError);
    const summary = (error as IngestFailedError).summary;
    expect(summary.added).toBe(3);
    expect(summary.failed.map((f) => f.file)).toEqual(['radio_libre/casse.srt']);
    expect((await store.counts()).episodes).toBe(3);
  });

  it('refuses symbolic links that lead outside the transcripts folder', async () => {
    writeDemoArchive();
    const outside = path.join(dir, 'ailleurs');
    writeFile(outside, 'secret.vtt', toVtt(makeCues(2, 3)));
    fs.symlinkSync(path.join(outside, 'secret.vtt'), path.join(root, 'radio_libre', 'lien.vtt'));
    fs.symlinkSync(outside, path.join(root, 'dossier-lie'));
    // A link that stays inside the root is fine.
    fs.symlinkSync(
      path.join(root, 'radio_libre', 'facial-recognition-at-school.vtt'),
      path.join(root, 'libertes-numeriques', 'copie.vtt'),
    );

    const summary = await ingest();
    expect(summary.failed).toEqual([
      { file: 'dossier-lie', reason: expect.stringMatching(/outside the transcripts folder/) as unknown },
      {
        file: 'radio_libre/lien.vtt',
        reason: expect.stringMatching(/outside the transcripts folder/) as unknown,
      },
    ]);
    expect(summary.added).toBe(4);
    expect(await store.getEpisode('libertes-numeriques--copie')).not.toBeNull();
  });

  it('reports an invalid show.json by field and leaves that show alone', async () => {
    writeDemoArchive();
    await ingest();
    writeFile(root, 'libertes-numeriques/show.json', JSON.stringify({ title: 'X', url: 'pas une adresse' }));
    writeFile(root, "libertes-numeriques/Entretien #3, l'Europe.vtt", toVtt(makeCues(1, 3)));
    const summary = await ingest();
    expect(summary.failed).toEqual([
      {
        file: 'libertes-numeriques/show.json',
        line: 1,
        reason: expect.stringMatching(/field "url".*http/) as unknown,
      },
    ]);
    expect(summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 1 });
    expect((await store.getShow('libertes-numeriques'))!.title).toBe('Libertés numériques');
    expect(await store.getCues('libertes-numeriques--entretien-3-l-europe')).toHaveLength(6);
  });

  it('stores a new show whose show.json has a wrong field without that field, so its episodes are searchable', async () => {
    writeFile(
      root,
      'vigie/show.json',
      JSON.stringify({ title: 'Vigie citoyenne', language: 'fr', url: 'www.vigie.example' }),
    );
    writeFile(root, 'vigie/premier.vtt', toVtt(makeCues(2, 11)));
    const first = await ingest();
    // Before: the show and every episode in it were left out until show.json was fixed.
    expect(first).toMatchObject({ added: 1 });
    expect(await store.getShow('vigie')).toMatchObject({
      title: 'Vigie citoyenne',
      language: 'fr',
      url: null,
    });
    expect(await store.getCues('vigie--premier')).toHaveLength(2);
    expect(first.failed).toEqual([
      {
        file: 'vigie/show.json',
        line: 1,
        reason:
          'field "url": expected an http(s) URL, got "www.vigie.example"; the show is stored without this field until it is fixed',
      },
    ]);
    // Said on every run; the show, now stored, is left as it is until then.
    writeFile(root, 'vigie/second.vtt', toVtt(makeCues(2, 12)));
    const second = await ingest();
    expect(second.failed.map((f) => f.file)).toEqual(['vigie/show.json']);
    expect(second).toMatchObject({ added: 0, removed: 0 });
    writeFile(
      root,
      'vigie/show.json',
      JSON.stringify({ title: 'Vigie citoyenne', url: 'https://vigie.example' }),
    );
    const fixed = await ingest();
    expect(fixed).toMatchObject({ added: 1, updated: 1, failed: [] });
    expect((await store.getShow('vigie'))!.url).toBe('https://vigie.example');
  });

  it('names the line of a broken sidecar, and every wrong field at once', async () => {
    writeFile(root, 'radio/a.vtt', toVtt(makeCues(2, 1)));
    writeFile(
      root,
      'radio/a.meta.json',
      '{\n  "title": "Un titre",\n  "date": "2024-03-18"\n  "tags": []\n}\n',
    );
    writeFile(root, 'radio/b.vtt', toVtt(makeCues(2, 2)));
    writeFile(root, 'radio/b.meta.json', 'pas du JSON\n');
    writeFile(root, 'radio/c.vtt', toVtt(makeCues(2, 3)));
    writeFile(
      root,
      'radio/c.meta.json',
      JSON.stringify({ title: 'Correct', date: '18/03/2024', speakers: 'Camille', duration: -3 }, null, 2),
    );
    const failed = new Map((await ingest()).failed.map((f) => [f.file, f]));
    // The missing comma: line 4, where "tags" starts; the reason quotes what was found, on one line.
    expect(failed.get('radio/a.meta.json')).toMatchObject({
      line: 4,
      reason:
        'not valid JSON: unexpected "\\"tags\\": []\\n}"; the episode is stored without its meta.json until it is fixed',
    });
    expect(failed.get('radio/b.meta.json')).toMatchObject({
      line: 1,
      reason: expect.stringMatching(/^not valid JSON: unexpected "pas/) as unknown,
    });
    const c = failed.get('radio/c.meta.json')!;
    expect(c.line).toBe(3);
    expect(c.reason).toMatch(/field "date".*; field "speakers".*; field "duration"/);
    // Each wrong field once, with the value found (before: "date" twice, the second time as
    // "expected a real calendar date", and no value).
    expect(c.reason).toMatch(
      /^field "date": expected an ISO date such as 2024-03-18, got "18\/03\/2024"; field "speakers"/,
    );
    expect(c.reason).toMatch(
      /field "duration": .*, got -3; the episode is stored without these fields until it is fixed$/,
    );
  });

  it('stores a new episode whose meta.json has a wrong field without that field, and says so until it is fixed', async () => {
    writeFile(root, 'radio/nouveau.vtt', toVtt(makeCues(3, 7)));
    writeFile(
      root,
      'radio/nouveau.meta.json',
      JSON.stringify({ title: 'Les caméras du lycée', date: '18/03/2024', tags: ['école'] }),
    );
    writeFile(root, 'radio/sans-json.vtt', toVtt(makeCues(2, 8)));
    writeFile(root, 'radio/sans-json.meta.json', '{"title": "Oubli de guillemet}');
    const first = await ingest();
    // Searchable at once (before: not stored at all until the meta.json was fixed).
    expect(first).toMatchObject({ added: 2, updated: 0 });
    const stored = (await store.getEpisode('radio--nouveau'))!;
    expect(stored).toMatchObject({ title: 'Les caméras du lycée', date: null, tags: ['école'] });
    expect(await store.getCues('radio--nouveau')).toHaveLength(3);
    // An unreadable meta.json: as if there were none (the title from the file name).
    expect((await store.getEpisode('radio--sans-json'))!.title).toBe('Sans json');
    const reasons = () => new Map(first.failed.map((f) => [f.file, f.reason]));
    expect(reasons().get('radio/nouveau.meta.json')).toBe(
      'field "date": expected an ISO date such as 2024-03-18, got "18/03/2024"; ' +
        'the episode is stored without this field until it is fixed',
    );
    expect(reasons().get('radio/sans-json.meta.json')).toMatch(
      /^not valid JSON: .*; the episode is stored without its meta\.json until it is fixed$/,
    );

    // Said again on each run, the episode left as it is.
    const second = await ingest();
    expect(second).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(second.failed.map((f) => f.file).sort()).toEqual([
      'radio/nouveau.meta.json',
      'radio/sans-json.meta.json',
    ]);

    // Fixed: the date is stored, and the problem no longer reported.
    writeFile(
      root,
      'radio/nouveau.meta.json',
      JSON.stringify({ title: 'Les caméras du lycée', date: '2024-03-18' }),
    );
    const fixed = await ingest();
    expect(fixed).toMatchObject({ updated: 1 });
    expect(fixed.failed.map((f) => f.file)).toEqual(['radio/sans-json.meta.json']);
    expect((await store.getEpisode('radio--nouveau'))!.date).toBe('2024-03-18');

    // An episode already stored keeps what it has: a wrong value never overwrites it.
    writeFile(root, 'radio/nouveau.meta.json', JSON.stringify({ title: 'Autre titre', date: '2024-13-45' }));
    const broken = await ingest();
    expect(broken).toMatchObject({ updated: 0, removed: 0 });
    expect(broken.failed.find((f) => f.file === 'radio/nouveau.meta.json')?.reason).toBe(
      'field "date": expected a real calendar date, got "2024-13-45"',
    );
    expect(await store.getEpisode('radio--nouveau')).toMatchObject({
      title: 'Les caméras du lycée',
      date: '2024-03-18',
    });
  });

  it('reads a sidecar saved as UTF-16 by Notepad, and names one in Latin-1 instead of storing broken accents', async () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    writeFile(root, 'radio/show.json', utf16(JSON.stringify({ title: 'Radio Libertés' })));
    writeFile(root, 'radio/a.vtt', toVtt(makeCues(2, 1)));
    writeFile(root, 'radio/a.meta.json', utf16(JSON.stringify({ title: 'Été sous surveillance' })));
    writeFile(root, 'radio/b.vtt', toVtt(makeCues(2, 2)));
    writeFile(root, 'radio/b.meta.json', Buffer.from(JSON.stringify({ title: 'Données élèves' }), 'latin1'));
    const summary = await ingest();
    expect(summary.failed).toEqual([
      {
        file: 'radio/b.meta.json',
        line: 1,
        reason: expect.stringMatching(/^not valid UTF-8 \(byte 0xe9 at offset 14\).*Latin-1/) as unknown,
      },
    ]);
    expect((await store.getShow('radio'))!.title).toBe('Radio Libertés');
    expect((await store.getEpisode('radio--a'))!.title).toBe('Été sous surveillance');
    // Stored as without its meta.json (the title from the file name), never with broken accents.
    expect((await store.getEpisode('radio--b'))!.title).toBe('B');
  });

  it('refuses a transcripts folder that does not exist', async () => {
    await expect(
      ingestFolder({ transcriptsDir: path.join(dir, 'absent'), store, parseThreads: 0 }),
    ).rejects.toThrow(/Transcripts folder not found/);
  });
});

describe('titleFromFileName', () => {
  it('turns file names into readable titles', () => {
    expect(titleFromFileName('la-quadrature-du-net')).toBe('La quadrature du net');
    expect(titleFromFileName('12_Entretien_-_Vidéo-surveillance.mp3')).toBe(
      '12 Entretien - Vidéo-surveillance',
    );
    expect(titleFromFileName('Peut-on\uF03A refuser\uF03F')).toBe('Peut-on: refuser?');
  });
});
