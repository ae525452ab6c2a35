// npm run trash -- [--empty-older-than DAYS] [--dry-run]
// Lists what admin deletions left in transcripts/.verbatim-trash (sizes and dates), and
// empties the deletions older than some days.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config/env.ts';
import { runCli } from '../cli/run-cli.ts';
import {
  emptyTrash,
  formatBytes,
  formatDeletionTime,
  listTrash,
  type TrashContents,
  type TrashDeletion,
} from './trash.ts';

const USAGE = `Usage: npm run trash -- [--empty-older-than DAYS] [--dry-run]

  (no option)               list the deletions in the trash: when, how large, which files
  --empty-older-than DAYS   remove the deletions made more than DAYS days ago (0: all of them)
  --dry-run                 with --empty-older-than: list what would be removed, remove nothing
The trash is <VERBATIM_TRANSCRIPTS_DIR>/.verbatim-trash (default ./transcripts): DELETE
/api/episodes/<id> moves an episode's files there, one folder per deletion, to be moved back
to undo it. A running server removes deletions older than VERBATIM_TRASH_DAYS (default 30).`;

const DAY_MS = 24 * 60 * 60 * 1000;

function ageOf(deletion: TrashDeletion, now: Date): string {
  const days = Math.floor((now.getTime() - deletion.deletedAt.getTime()) / DAY_MS);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

function printDeletion(deletion: TrashDeletion, now: Date): void {
  console.log(
    `  ${deletion.name}  deleted ${formatDeletionTime(deletion.deletedAt)} (${ageOf(deletion, now)}), ${formatBytes(deletion.bytes)}`,
  );
  for (const file of deletion.files) console.log(`      ${file.path}  ${formatBytes(file.bytes)}`);
}

function printLeftAlone(contents: TrashContents): void {
  if (contents.leftAlone.length === 0) return;
  console.log(
    `Left alone (not made by a deletion, never removed by Verbatim): ${contents.leftAlone.map((n) => JSON.stringify(n)).join(', ')}`,
  );
}

/** `'Libertés numériques/'`, safe to paste into a shell whatever the name holds. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const total = (deletions: TrashDeletion[]) => formatBytes(deletions.reduce((sum, d) => sum + d.bytes, 0));
const plural = (count: number) => `${count} deletion${count === 1 ? '' : 's'}`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'empty-older-than': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    console.error(`Unexpected argument: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const daysText = values['empty-older-than'];
  if (values['dry-run'] && daysText === undefined) {
    console.error('--dry-run goes with --empty-older-than DAYS (the listing alone removes nothing)');
    return 2;
  }
  const config = parseConfig();
  const now = new Date();
  const relativeFolder = (folder: string) => path.relative(process.cwd(), folder) || folder;

  if (daysText === undefined) {
    const contents = await listTrash(config.transcriptsDir);
    if (contents.deletions.length === 0) {
      console.log(`The trash (${relativeFolder(contents.folder)}) holds no deletions.`);
    } else {
      console.log(
        `Trash (${relativeFolder(contents.folder)}): ${plural(contents.deletions.length)}, ${total(contents.deletions)}`,
      );
      for (const deletion of contents.deletions) printDeletion(deletion, now);
      console.log(
        config.trashDays === null
          ? 'Kept until removed (VERBATIM_TRASH_DAYS=never).'
          : `A running server removes each deletion ${config.trashDays} days after it (VERBATIM_TRASH_DAYS).`,
      );
      // The undo, written out for the latest deletion: names with spaces and accents are common.
      const latest = contents.deletions.at(-1)!;
      const show = latest.files[0]?.path.split('/')[0];
      if (show !== undefined && latest.files[0]!.path.includes('/')) {
        const from = relativeFolder(path.join(contents.folder, latest.name, show));
        const to = relativeFolder(path.join(config.transcriptsDir, show));
        console.log(
          `To undo a deletion, move its files back, e.g.: mv ${shellQuote(`${from}/`)}* ${shellQuote(`${to}/`)}` +
            ' (a running server ingests them within a second; else npm run ingest)',
        );
      }
    }
    printLeftAlone(contents);
    return 0;
  }

  if (!/^\d+$/.test(daysText.trim())) {
    console.error(`--empty-older-than must be a whole number of days (0 or more), got "${daysText}"`);
    return 2;
  }
  const days = Number(daysText.trim());
  const dryRun = values['dry-run'];
  const result = await emptyTrash(config.transcriptsDir, { olderThanDays: days, now, dryRun });
  const older = days === 0 ? '' : ` older than ${days} day${days === 1 ? '' : 's'}`;
  if (result.removed.length === 0) {
    console.log(`No deletion${older} in the trash (${relativeFolder(result.folder)}): nothing removed.`);
  } else {
    console.log(
      `${dryRun ? 'Would remove' : 'Removed'} ${plural(result.removed.length)}${older} (${total(result.removed)}):`,
    );
    for (const deletion of result.removed) printDeletion(deletion, now);
    if (dryRun) console.log('Dry run: nothing was removed.');
  }
  if (result.kept.length > 0) console.log(`Kept: ${plural(result.kept.length)} (${total(result.kept)}).`);
  printLeftAlone(result);
  return 0;
}

runCli(main);
