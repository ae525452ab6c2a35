// npm run ingest -- [dir] [--watch] [--strict]
// Ingests the transcripts folder into <VERBATIM_DATA_DIR>/archive.sqlite and prints a summary.
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parseConfig } from '../config/env.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../search/sqlite/sqlite-search-indexer.ts';
import { formatIngestSummary } from './format-ingest-summary.ts';
import { IngestFailedError, ingestFolder, type IngestProgress } from './ingest-folder.ts';
import { describeWaitForOtherIngest } from './ingest-lock.ts';
import { watchFolder } from './watch-folder.ts';
import { runCli } from '../cli/run-cli.ts';

const USAGE = `Usage: npm run ingest -- [transcripts-dir] [--watch] [--strict]

  transcripts-dir  folder to ingest (default: VERBATIM_TRANSCRIPTS_DIR or ./transcripts)
  --watch          keep running and re-ingest shortly after a file changes
  --strict         exit with status 1 when any file fails
  --batch-cues N   cues written per transaction (default 100000)
  --replace        the folder replaces the archive's: ingest it even though it holds none of
                   the archive's show folders (every episode not in it is removed)
The archive is written to <VERBATIM_DATA_DIR>/archive.sqlite (default ./data).`;

/** Progress on a terminal as a bar; in logs as a plain line at most every few seconds. */
function createProgressReporter(tty: boolean) {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: 'ingest {bar} {percentage}% | {value}/{total} files | {file}', hideCursor: true, fps: 10 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: IngestProgress) {
        if (!started) {
          bar.start(p.total, 0, { file: '' });
          started = true;
        }
        bar.update(p.done, { file: p.file.length > 50 ? `…${p.file.slice(-49)}` : p.file });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(p: IngestProgress) {
      const now = Date.now();
      if (p.done === p.total || now - lastLine >= 2000) {
        lastLine = now;
        console.log(`ingest: ${p.done}/${p.total} files`);
      }
    },
    stop() {},
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      watch: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'batch-cues': { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`Expected at most one transcripts folder, got: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const batchCues = values['batch-cues'] === undefined ? undefined : Number(values['batch-cues']);
  if (batchCues !== undefined && !(Number.isInteger(batchCues) && batchCues > 0)) {
    console.error(`--batch-cues: expected a positive whole number, got "${values['batch-cues']}"`);
    return 2;
  }
  const config = parseConfig();
  const dir = positionals[0] ? path.resolve(positionals[0]) : config.transcriptsDir;
  const store = openSqliteStore({
    file: path.join(config.dataDir, 'archive.sqlite'),
    indexer: sqliteSearchIndexer,
  });

  const reporter = createProgressReporter(process.stdout.isTTY === true);
  let exitCode = 0;
  try {
    const summary = await ingestFolder({
      transcriptsDir: dir,
      store,
      strict: values.strict,
      batchCues,
      replaceArchive: values.replace,
      onProgress: (p) => reporter.update(p),
      onWaitForOtherIngest: (holder) => console.log(describeWaitForOtherIngest(holder)),
      lockedAs: 'npm run ingest',
    });
    reporter.stop();
    console.log(formatIngestSummary(summary, dir));
  } catch (error) {
    reporter.stop();
    if (!(error instanceof IngestFailedError)) {
      await store.close();
      throw error;
    }
    console.log(formatIngestSummary(error.summary, dir));
    exitCode = 1;
  }

  if (!values.watch) {
    await store.close();
    return exitCode;
  }

  const watcher = watchFolder({
    transcriptsDir: dir,
    store,
    batchCues,
    onIngest: (summary) => {
      const changed =
        summary.added + summary.updated + summary.moved + summary.removed + summary.failed.length;
      if (changed > 0) console.log(formatIngestSummary(summary, dir));
    },
    onError: (error) => console.error(`ingest: ${error instanceof Error ? error.message : String(error)}`),
  });
  // Only now does a file dropped in get seen: saying so earlier would invite a copy that is missed.
  await watcher.ready;
  console.log(`Watching ${dir} for changes (Ctrl-C to stop)…`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await watcher.close();
  await store.close();
  return 0;
}

runCli(main, 2);
