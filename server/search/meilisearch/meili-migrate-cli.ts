// Copies an embedded archive (data/archive.sqlite) into Meilisearch, clips and packs
// included: `MEILI_URL=… MEILI_MASTER_KEY=… tsx server/search/meilisearch/meili-migrate-cli.ts`.
// Safe to re-run. Transcripts alone can also be moved by re-ingesting the transcripts
// folder with MEILI_URL set; this command is for the clips and packs people made.
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../config/env.ts';
import { openSqliteStore } from '../../store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../sqlite/sqlite-search-indexer.ts';
import { listSqliteMigrationItems, migrateArchive, openMeiliArchive } from './meili-archive.ts';
import { runCli } from '../../cli/run-cli.ts';

async function main(): Promise<number> {
  const config = parseConfig();
  if (!config.meiliUrl) {
    console.log('Set MEILI_URL (and MEILI_MASTER_KEY) to the Meilisearch server to migrate to.');
    return 2;
  }
  const file = path.join(config.dataDir, 'archive.sqlite');
  if (!fs.existsSync(file)) {
    console.log(`No embedded archive at ${file} (VERBATIM_DATA_DIR): nothing to migrate.`);
    return 2;
  }
  const from = openSqliteStore({ file, indexer: sqliteSearchIndexer });
  try {
    const meili = await openMeiliArchive(config);
    const copied = await migrateArchive(from, meili.store, listSqliteMigrationItems(from), (m) =>
      console.log(m),
    );
    console.log(
      `Migrated to ${config.meiliUrl} (prefix ${config.meiliIndexPrefix}): ${copied.shows} shows, ` +
        `${copied.episodes} episodes, ${copied.clips} clips, ${copied.packs} packs, ${copied.redirects} old links of moved episodes.`,
    );
    return 0;
  } finally {
    await from.close();
  }
}

runCli(main);
