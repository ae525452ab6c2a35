// npm run backup -- <dir>: a consistent copy of the archive while the server runs.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config/env.ts';
import { backupSqliteArchive } from './sqlite-backup.ts';
import { openMeiliArchive } from '../search/meilisearch/meili-archive.ts';
import { runCli } from '../cli/run-cli.ts';

const USAGE =
  'usage: npm run backup -- <directory>   (a new archive-<time>.sqlite is written in it)\n' +
  '       npm run backup -- <file>.sqlite  (written under that name; never over an existing file)';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  const destination = positionals[0];
  if (values.help || !destination || positionals.length > 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = parseConfig();
  if (config.meiliUrl) {
    // In Meilisearch mode the server holds the state: ask it for a dump.
    const archive = await openMeiliArchive(config);
    const { taskUid, dumpUid } = await archive.backup();
    console.log(
      `Meilisearch dump ${dumpUid ?? ''} created (task ${taskUid}) in the Meilisearch server's dump directory ` +
        '(its --dump-dir); copy it from there. Restore: start Meilisearch with --import-dump <file>.',
    );
    return 0;
  }
  // `backup -- avant-migration.sqlite` names the file: a folder called that would surprise.
  const resolved = path.resolve(destination);
  const named =
    /\.(sqlite3?|db)$/i.test(resolved) && !(await stat(resolved).catch(() => null))?.isDirectory();
  const result = await backupSqliteArchive(
    path.join(config.dataDir, 'archive.sqlite'),
    named ? path.dirname(resolved) : resolved,
    named ? { fileName: path.basename(resolved) } : {},
  );
  console.log(
    `Backup written: ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.ms.toFixed(0)} ms, integrity ok)`,
  );
  return 0;
}

runCli(main);
