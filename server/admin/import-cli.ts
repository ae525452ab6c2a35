// npm run import -- <feed URL or file> [--show slug] [--limit N] [--download-media] [--include-deleted]
import { parseArgs } from 'node:util';
import { parseConfig } from '../config/env.ts';
import { createArchive } from '../app/create-archive.ts';
import { ingestFolder } from '../ingest/ingest-folder.ts';
import { describeWaitForOtherIngest } from '../ingest/ingest-lock.ts';
import { importFeed, type EpisodeImportResult, type EpisodeImportStatus } from './feed-import/import-feed.ts';
import { runCli } from '../cli/run-cli.ts';

const USAGE = `Usage: npm run import -- <feed URL or file> [--show slug] [--limit N] [--download-media] [--include-deleted]

  feed URL or file   an RSS feed (http or https), or a feed saved as a file
  --show slug        the show to import into (default: the show this feed was imported into,
                     else a slug of the feed's title)
  --limit N          import only the first N items of the feed
  --download-media   download each episode's audio or video beside its transcript
  --include-deleted  import again the episodes an admin deleted (DELETE /api/episodes/<id>);
                     without it they are skipped and listed
The files go to VERBATIM_TRANSCRIPTS_DIR (default ./transcripts), which is then ingested.`;

const SUMMARY_ORDER: Array<[EpisodeImportStatus, string]> = [
  ['added', 'added'],
  ['updated', 'updated'],
  ['unchanged', 'unchanged'],
  ['untimed', 'untimed (kept, not indexed)'],
  ['duplicate', 'listed twice'],
  ['failed', 'failed'],
  ['no-transcript', 'without a transcript'],
  ['skipped', 'skipped'],
];

/** A long feed's lines scroll away: the counts, then each failed episode again with its reason. */
function printImportSummary(episodes: EpisodeImportResult[]): void {
  const counts = SUMMARY_ORDER.map(([status, label]) => {
    const count = episodes.filter((e) => e.status === status).length;
    return count > 0 ? `${count} ${label}` : null;
  }).filter((part) => part !== null);
  console.log(`Import: ${counts.length > 0 ? counts.join(', ') : 'the feed lists no episodes'}`);
  // Failed, then skipped (deleted by an admin): each with why.
  for (const status of ['failed', 'skipped'] as const) {
    for (const episode of episodes.filter((e) => e.status === status)) {
      console.log(`  ${episode.title}: ${episode.reason ?? status}`);
    }
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      show: { type: 'string' },
      limit: { type: 'string' },
      'download-media': { type: 'boolean', default: false },
      'include-deleted': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const source = positionals[0];
  if (!source) {
    console.error(USAGE);
    return 2;
  }
  if (positionals.length > 1) {
    console.error(
      `Expected one feed URL or file, got ${positionals.length}: ${positionals.join(' ')}\n\n${USAGE}`,
    );
    return 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    console.error(`--limit must be a positive whole number, got "${values.limit}"`);
    return 2;
  }
  const config = parseConfig();
  // Each episode is printed as soon as it (and those before it) are done, in the feed's
  // order: a long feed shows its progress instead of minutes of silence.
  const report = await importFeed({
    source,
    transcriptsDir: config.transcriptsDir,
    showSlug: values.show,
    limit,
    downloadMedia: values['download-media'],
    includeDeleted: values['include-deleted'],
    onFeedRead: (feed) => {
      if (feed.feedUnchanged) {
        // The copy kept from the last import is used: episodes still due are imported.
        console.log('Feed unchanged since the last import (HTTP 304): checking its episodes.');
      }
      for (const warning of feed.warnings) console.log(`warning       ${warning}`);
    },
    onEpisode: (episode) => {
      const where = episode.file ? ` → ${episode.file}` : '';
      const why = episode.reason ? ` (${episode.reason})` : '';
      console.log(`${episode.status.padEnd(13)} ${episode.title}${where}${why}`);
      for (const warning of episode.warnings ?? []) console.log(`  warning: ${warning}`);
    },
  });
  printImportSummary(report.episodes);
  const archive = await createArchive(config);
  let ingestFailed = false;
  try {
    const summary = await ingestFolder({
      transcriptsDir: config.transcriptsDir,
      store: archive.store,
      onWaitForOtherIngest: (holder) => console.log(describeWaitForOtherIngest(holder)),
      lockedAs: `npm run import of ${source}`,
    });
    // The whole folder is ingested: a broken file of another show is said, as such, but does
    // not fail this import (a scheduled import would fail until someone fixed that show).
    const fromFeed = summary.failed.filter(
      (f) => f.file === report.folder || f.file.startsWith(`${report.folder}/`),
    );
    const elsewhere = summary.failed.filter((f) => !fromFeed.includes(f));
    // What ingest skipped or repaired in this feed's transcripts (a block without timing, a
    // cue ending before it starts): said once, as the file is read, so it is not lost unseen.
    const warnings = summary.warnings.filter(
      (w) => w.file === report.folder || w.file.startsWith(`${report.folder}/`),
    );
    const notFromFeed =
      elsewhere.length === 0
        ? ''
        : fromFeed.length === 0
          ? ' (not from this feed)'
          : ` (${elsewhere.length} not from this feed)`;
    console.log(
      `Ingest: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.removed} removed, ${summary.failed.length} failed${notFromFeed}` +
        (warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''),
    );
    for (const failure of [...fromFeed, ...elsewhere]) {
      console.log(`  ${failure.file}${failure.line ? `:${failure.line}` : ''}: ${failure.reason}`);
    }
    for (const w of warnings) console.log(`  warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`);
    ingestFailed = fromFeed.length > 0;
  } finally {
    await archive.close();
  }
  // An episode imported but refused by ingest is as failed as one that could not be fetched.
  return ingestFailed || report.episodes.some((e) => e.status === 'failed') ? 1 : 0;
}

runCli(main);
