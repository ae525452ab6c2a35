// Run as a separate process by backup.test.ts: keeps writing episodes into an archive file
// (as a running server would) until it is stopped. After each committed episode it prints
// `wrote <n>` and stores <n> in the progress file, so the test knows what was written when.
import { writeFileSync } from 'node:fs';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { generatedEpisode, generatedShow } from '../fixtures/admin/generated-episodes.ts';

const [file, progressArg, prefix = 'ecrit', cuesArg = '30'] = process.argv.slice(2);
if (!file || !progressArg) {
  console.log('usage: keep-writing-episodes.ts <archive.sqlite> <progress file> [prefix] [cues]');
  process.exit(2);
}
const progressFile: string = progressArg;
const store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
let stopped = false;
process.on('SIGTERM', () => {
  stopped = true;
});

async function main(): Promise<void> {
  await store.upsertShow(generatedShow);
  for (let n = 1; !stopped && n <= 100_000; n++) {
    await store.replaceEpisode(generatedEpisode(prefix, n, Number(cuesArg)));
    writeFileSync(progressFile, String(n));
    process.stdout.write(`wrote ${n}\n`);
    // Gives the SIGTERM handler its turn.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await store.close();
  writeFileSync(`${progressFile}.done`, 'closed');
}

main().catch((error: unknown) => {
  console.log(`writer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
