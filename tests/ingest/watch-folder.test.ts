import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestFolder, type IngestSummary } from '../../server/ingest/ingest-folder.ts';
import { watchFolder, type FolderWatcher } from '../../server/ingest/watch-folder.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { createRecordingIndexer } from '../store/recording-indexer.ts';
import { makeCues, toSrt, toVtt, writeFile } from '../fixtures/ingest/transcript-files.ts';

let dir: string;
let root: string;
let store: SqliteStore;
let watcher: FolderWatcher | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-watch-'));
  root = path.join(dir, 'transcripts');
  writeFile(root, 'libertes/premier.vtt', toVtt(makeCues(3, 1)));
  store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: createRecordingIndexer() });
});

afterEach(async () => {
  await watcher?.close();
  watcher = null;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Watches the folder, as the server does, once ready; the summaries of its ingests, in order. */
async function startWatching(): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  watcher = watchFolder({
    transcriptsDir: root,
    store,
    parseThreads: 0,
    debounceMs: 100,
    onIngest: (summary) => summaries.push(summary),
  });
  await watcher.ready;
  return summaries;
}

describe('watchFolder', () => {
  it('ingests a new file, a change and a removal shortly after they happen', async () => {
    await ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });
    const summaries: IngestSummary[] = [];
    let notify: () => void = () => {};
    const nextIngest = () => new Promise<void>((resolve) => (notify = resolve));
    watcher = watchFolder({
      transcriptsDir: root,
      store,
      parseThreads: 0,
      debounceMs: 100,
      onIngest: (summary) => {
        summaries.push(summary);
        notify();
      },
    });
    await watcher.ready;

    let ingested = nextIngest();
    writeFile(root, 'libertes/nouveau.srt', toSrt(makeCues(4, 2)));
    await ingested;
    expect(summaries.at(-1)).toMatchObject({ added: 1, unchanged: 1 });
    expect(await store.getCues('libertes--nouveau')).toHaveLength(4);

    ingested = nextIngest();
    writeFile(root, 'libertes/premier.vtt', toVtt(makeCues(1, 3)));
    await ingested;
    expect(summaries.at(-1)).toMatchObject({ updated: 1 });
    expect(await store.getCues('libertes--premier')).toHaveLength(1);

    ingested = nextIngest();
    fs.rmSync(path.join(root, 'libertes/nouveau.srt'));
    await ingested;
    expect(summaries.at(-1)).toMatchObject({ removed: 1 });
    expect(await store.getEpisode('libertes--nouveau')).toBeNull();
  });

  it('ingests a file dropped after the first ingest but before watching began, without waiting for another change', async () => {
    await ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });
    // Copied in while the first ingest ran: too late for it, already there when watching starts.
    writeFile(root, 'libertes/pendant.vtt', toVtt(makeCues(2, 4)));
    const summaries = await startWatching();
    // Once ready, it is in: nothing else in the folder changes.
    await vi.waitFor(() => expect(summaries.at(-1)).toMatchObject({ added: 1, unchanged: 1 }), {
      timeout: 5_000,
    });
    expect(await store.getCues('libertes--pendant')).toHaveLength(2);
  });

  it('waits for a copy that pauses midway (a slow network share) instead of storing half a transcript', async () => {
    await ingestFolder({ transcriptsDir: root, store, parseThreads: 0 });
    const summaries = await startWatching();
    const whole = toVtt(makeCues(40, 5));
    const file = path.join(root, 'libertes/copie-lente.vtt');
    const cut = whole.indexOf('\n\n', whole.length / 2);
    fs.writeFileSync(file, whole.slice(0, cut));
    // The copy stalls for 0.4 s, then goes on.
    await new Promise((resolve) => setTimeout(resolve, 400));
    fs.appendFileSync(file, whole.slice(cut));
    await vi.waitFor(() => expect(summaries.at(-1)).toMatchObject({ added: 1 }), { timeout: 10_000 });
    expect(await store.getCues('libertes--copie-lente')).toHaveLength(40);
    // Never stored in part: one ingest, of the whole file.
    expect(summaries.filter((s) => s.added + s.updated > 0)).toHaveLength(1);
  });
});
