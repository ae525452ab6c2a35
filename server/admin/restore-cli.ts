// npm run restore -- <backup file>: replaces the embedded archive with a backup; refuses while
// a server runs on the same data dir (its lock file names a live pid).
import path from 'node:path';
import { parseConfig } from '../config/env.ts';
import { restoreSqliteArchive } from './sqlite-backup.ts';
import { runCli } from '../cli/run-cli.ts';

async function main(): Promise<number> {
  const backupFile = process.argv[2];
  if (!backupFile) {
    console.log('usage: npm run restore -- <backup file>   (stop the server first)');
    return 2;
  }
  const config = parseConfig();
  if (config.meiliUrl) {
    console.log(
      'In Meilisearch mode, restore by starting Meilisearch with --import-dump <file> (see README).',
    );
    return 2;
  }
  const target = path.join(config.dataDir, 'archive.sqlite');
  const { keptAside, staleServers } = await restoreSqliteArchive(path.resolve(backupFile), target);
  for (const lock of staleServers) {
    console.log(
      `Ignored ${lock.file}: no server runs as pid ${lock.pid} any more (one that did not stop cleanly); removed it.`,
    );
  }
  console.log(`Restored ${backupFile} → ${target} (integrity ok)`);
  if (keptAside !== null) console.log(`The archive it replaced is kept at ${keptAside}`);
  return 0;
}

runCli(main);
