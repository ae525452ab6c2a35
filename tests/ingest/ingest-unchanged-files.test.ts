// A re-run over an unchanged folder looks at its files' sizes and times, not their bytes;
// anything that may have changed them (an edit that keeps size and modification time
// included) is read again (real SQLite file, real files in a temp dir).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { createRecordingIndexer } from '../store/recording-indexer.ts';
import { makeCues, toVtt, writeFile } from '../fixtures/ingest/transcript-files.ts';

let dir: string;
let root: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-unchanged-'));
  root = path.join(dir, 'transcripts');
  store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: createRecordingIndexer() });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ingest = () => ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });

/** Files changed in the last seconds are always read: wait until these are older than that. */
const letFilesSettle = () => new Promise((resolve) => setTimeout(resolve, 2100));

/** A whole second an hour ago: a time utimes can put back exactly. */
const anHourAgo = Math.floor(Date.now() / 1000) - 3600;

/** Writes a file dated an hour ago, as files copied with their times (cp -p, rsync -t). */
function writeDated(relative: string, content: string): void {
  writeFile(root, relative, content);
  fs.utimesSync(path.join(root, relative), anHourAgo, anHourAgo);
}

/** Rewrites a file with other bytes of the same length, and puts its modification time back. */
function editKeepingSizeAndTime(relative: string, from: string, to: string): void {
  const file = path.join(root, relative);
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  fs.utimesSync(file, anHourAgo, anHourAgo);
  expect(fs.statSync(file)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
}

/** Transcripts read from now on (sidecars are small and always read). */
function watchTranscriptReads(): () => string[] {
  const readFile = vi.spyOn(fs.promises, 'readFile');
  return () =>
    readFile.mock.calls
      .map((call) => (typeof call[0] === 'string' ? call[0] : ''))
      .filter((file) => file.endsWith('.vtt'));
}

describe('a re-run over files that did not change', () => {
  it('does not read the transcripts again, and still sees what changed beside them', async () => {
    writeDated('radio/show.json', JSON.stringify({ title: 'Radio' }));
    writeDated('radio/un.vtt', toVtt(makeCues(3, 1)));
    writeDated('radio/deux.vtt', toVtt(makeCues(3, 2)));
    writeDated('radio/deux.meta.json', JSON.stringify({ media: 'deux-audio.opus' }));
    expect(await ingest()).toMatchObject({ added: 2 });
    await letFilesSettle();
    // This run reads everything once more and notes the files' sizes and times.
    expect(await ingest()).toMatchObject({ unchanged: 2 });

    const transcriptsRead = watchTranscriptReads();
    expect(await ingest()).toMatchObject({ unchanged: 2, updated: 0, failed: [] });
    // Only the one whose meta.json names a media file, which may arrive at any time.
    expect(transcriptsRead()).toEqual([path.join(root, 'radio', 'deux.vtt')]);

    // The media its meta.json names arrives: seen without the meta.json changing.
    writeDated('radio/deux-audio.opus', 'not really audio');
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await store.getEpisode('radio--deux'))?.media).toBe('radio/deux-audio.opus');
  });

  it('reads a transcript edited in place again, even with its size and modification time kept', async () => {
    writeDated('radio/un.vtt', 'WEBVTT\n\n00:00.000 --> 00:02.000\nLa CNIL a été saisie.\n');
    await ingest();
    await letFilesSettle();
    await ingest();
    editKeepingSizeAndTime('radio/un.vtt', 'CNIL', 'CADA');
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await store.getCues('radio--un'))[0]?.text).toBe('La CADA a été saisie.');
  });

  it('reads a sidecar or show.json edited in place again, size and time kept', async () => {
    writeDated('radio/show.json', JSON.stringify({ title: 'Radio A' }));
    writeDated('radio/un.vtt', toVtt(makeCues(2, 1)));
    writeDated('radio/un.meta.json', JSON.stringify({ title: 'Titre 1' }));
    await ingest();
    await letFilesSettle();
    await ingest();
    editKeepingSizeAndTime('radio/un.meta.json', 'Titre 1', 'Titre 2');
    expect(await ingest()).toMatchObject({ updated: 1 });
    expect((await store.getEpisode('radio--un'))?.title).toBe('Titre 2');
    editKeepingSizeAndTime('radio/show.json', 'Radio A', 'Radio B');
    expect(await ingest()).toMatchObject({ updated: 1 });
    expect((await store.getShow('radio'))?.title).toBe('Radio B');
  });
});
