// The trash admin deletions fill (transcripts/.verbatim-trash/<time>/<show>/): `npm run trash`
// lists it with sizes and dates and empties old deletions (with a dry run), a running server
// empties deletions older than VERBATIM_TRASH_DAYS, and nothing outside the trash is removed.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyTrash, listTrash } from '../../server/admin/trash.ts';
import { ConfigError, parseConfig } from '../../server/config/env.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { startServer } from '../../server/http/start-server.ts';
import {
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  adminHeaders,
  createAdminTestArchive,
  type AdminTestArchive,
} from './admin-test-archive.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const OLD_DELETION = '2026-09-01T08-00-00-000Z';

let t: AdminTestArchive;
let trash: string;

beforeEach(async () => {
  t = await createAdminTestArchive();
  trash = path.join(t.transcriptsDir, '.verbatim-trash');
});

afterEach(async () => {
  await t.cleanup();
});

function runTrashCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin/trash-cli.ts', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        VERBATIM_TRANSCRIPTS_DIR: t.transcriptsDir,
        VERBATIM_DATA_DIR: t.config.dataDir,
        VERBATIM_TRASH_DAYS: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Adds an episode with 300 KB of media, deletes it, and returns its trash folder's name. */
async function deleteEpisodeWithMedia(name: string, sentence: string): Promise<string> {
  const showDir = path.join(t.transcriptsDir, EXISTING_FOLDER);
  writeFileSync(
    path.join(showDir, `${name}.vtt`),
    `WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Inès>${sentence}\n`,
  );
  writeFileSync(path.join(showDir, `${name}.mp3`), Buffer.alloc(300_000, 7));
  await ingestFolder({ transcriptsDir: t.transcriptsDir, store: t.archive.store, parseThreads: 0 });
  const before = existsSync(trash) ? readdirSync(trash) : [];
  const res = await t.app.request(`/api/episodes/libertes-numeriques--${name}`, {
    method: 'DELETE',
    headers: adminHeaders(),
  });
  expect(res.status).toBe(204);
  const [made] = readdirSync(trash).filter((n) => !before.includes(n));
  return made!;
}

describe('npm run trash', () => {
  it('lists deletions with dates, sizes and files, and empties the old ones (dry run first)', async () => {
    const old = await deleteEpisodeWithMedia(
      'cameras-augmentees',
      'Les caméras augmentées filment la foule.',
    );
    // Made in September: what an archive holds after months of deletions.
    renameSync(path.join(trash, old), path.join(trash, OLD_DELETION));
    const recent = await deleteEpisodeWithMedia('chiffrement', 'Le chiffrement protège nos échanges.');

    const listing = await runTrashCli();
    expect(listing.stderr).toBe('');
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain('Trash (');
    expect(listing.stdout).toContain(': 2 deletions, 600 KB\n');
    expect(listing.stdout).toContain(`  ${OLD_DELETION}  deleted 2026-09-01 08:00 UTC (`);
    expect(listing.stdout).toContain(`      ${EXISTING_FOLDER}/cameras-augmentees.mp3  300 KB\n`);
    expect(listing.stdout).toContain(`      ${EXISTING_FOLDER}/chiffrement.vtt  `);
    expect(listing.stdout).toContain(`  ${recent}  deleted `);
    expect(listing.stdout).toContain('(today)');
    expect(listing.stdout).toContain(
      'A running server removes each deletion 30 days after it (VERBATIM_TRASH_DAYS).',
    );
    // The undo spelled out, quoted for the show folder's space and accents.
    expect(listing.stdout).toMatch(
      new RegExp(
        `\\nTo undo a deletion, move its files back, e\\.g\\.: mv '[^']*/\\.verbatim-trash/${recent}/${EXISTING_FOLDER}/'\\* '[^']*/transcripts/${EXISTING_FOLDER}/' \\(`,
      ),
    );

    const dryRun = await runTrashCli('--empty-older-than', '30', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('Would remove 1 deletion older than 30 days (300 KB):\n');
    expect(dryRun.stdout).toContain('Dry run: nothing was removed.');
    expect(dryRun.stdout).toContain('Kept: 1 deletion (300 KB).');
    expect(readdirSync(trash).sort()).toEqual([OLD_DELETION, recent].sort());

    const emptied = await runTrashCli('--empty-older-than', '30');
    expect(emptied.code).toBe(0);
    expect(emptied.stdout).toContain('Removed 1 deletion older than 30 days (300 KB):\n');
    expect(readdirSync(trash)).toEqual([recent]);
    // The recent one can still be moved back.
    expect(readFileSync(path.join(trash, recent, EXISTING_FOLDER, 'chiffrement.vtt'), 'utf8')).toContain(
      'Le chiffrement protège',
    );

    const all = await runTrashCli('--empty-older-than', '0');
    expect(all.stdout).toContain('Removed 1 deletion (300 KB):\n');
    expect(readdirSync(trash)).toEqual([]);
    expect((await runTrashCli()).stdout).toContain('holds no deletions.');
  }, 120_000);

  it('refuses a wrong number of days and a dry run alone, naming the option', async () => {
    const bad = await runTrashCli('--empty-older-than', 'trente');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--empty-older-than must be a whole number of days (0 or more), got "trente"',
    );
    const alone = await runTrashCli('--dry-run');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--dry-run goes with --empty-older-than DAYS');
  }, 60_000);
});

describe('emptying the trash never removes anything outside it', () => {
  it('removes links inside a deletion as links, and leaves alone links and names no deletion makes', async () => {
    const outside = path.join(t.dir, 'ailleurs');
    mkdirSync(path.join(outside, 'dossier'), { recursive: true });
    writeFileSync(path.join(outside, 'garder.mp3'), 'à garder');
    writeFileSync(path.join(outside, 'dossier', 'garder.vtt'), 'WEBVTT\n');
    const deletion = path.join(trash, OLD_DELETION, EXISTING_FOLDER);
    mkdirSync(deletion, { recursive: true });
    writeFileSync(path.join(deletion, 'supprime.vtt'), 'WEBVTT\n');
    symlinkSync(path.join(outside, 'garder.mp3'), path.join(deletion, 'lien.mp3'));
    symlinkSync(path.join(outside, 'dossier'), path.join(deletion, 'lien-dossier'));
    // Named like a deletion, but a link to a folder outside; a folder no deletion names; a
    // file whose name reads as an option.
    symlinkSync(outside, path.join(trash, '2026-08-01T08-00-00-000Z'));
    mkdirSync(path.join(trash, 'mes archives'));
    writeFileSync(path.join(trash, 'mes archives', 'note.txt'), 'à moi');
    writeFileSync(path.join(trash, '--empty-older-than'), 'nom piégé');
    mkdirSync(path.join(trash, '2026-13-45T08-00-00-000Z'));

    const listed = await listTrash(t.transcriptsDir);
    expect(listed.deletions.map((d) => d.name)).toEqual([OLD_DELETION]);
    expect(listed.leftAlone).toEqual([
      '--empty-older-than',
      '2026-08-01T08-00-00-000Z',
      '2026-13-45T08-00-00-000Z',
      'mes archives',
    ]);

    const result = await emptyTrash(t.transcriptsDir, { olderThanDays: 0 });
    expect(result.removed.map((d) => d.name)).toEqual([OLD_DELETION]);
    expect(readdirSync(trash).sort()).toEqual(listed.leftAlone);
    expect(readFileSync(path.join(outside, 'garder.mp3'), 'utf8')).toBe('à garder');
    expect(readFileSync(path.join(outside, 'dossier', 'garder.vtt'), 'utf8')).toBe('WEBVTT\n');
    expect(readFileSync(path.join(trash, 'mes archives', 'note.txt'), 'utf8')).toBe('à moi');
    expect(existsSync(path.join(t.transcriptsDir, EXISTING_FOLDER, 'loi-renseignement.vtt'))).toBe(true);
  });

  it('refuses a trash that is a link to another folder, and removes nothing there', async () => {
    const outside = path.join(t.dir, 'ailleurs');
    mkdirSync(path.join(outside, OLD_DELETION), { recursive: true });
    writeFileSync(path.join(outside, OLD_DELETION, 'garder.vtt'), 'WEBVTT\n');
    symlinkSync(outside, trash);
    await expect(emptyTrash(t.transcriptsDir, { olderThanDays: 0 })).rejects.toThrow(
      /\.verbatim-trash is a symbolic link: Verbatim lists and empties only a real folder there/,
    );
    const cli = await runTrashCli('--empty-older-than', '0');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('.verbatim-trash is a symbolic link');
    expect(readFileSync(path.join(outside, OLD_DELETION, 'garder.vtt'), 'utf8')).toBe('WEBVTT\n');
  }, 60_000);
});

describe('a running server empties the trash', () => {
  async function startWith(env: Record<string, string>) {
    const lines: string[] = [];
    const config = parseConfig({
      VERBATIM_TRANSCRIPTS_DIR: t.transcriptsDir,
      VERBATIM_DATA_DIR: path.join(t.dir, 'data-server'),
      HOST: '127.0.0.1',
      PORT: '0',
      VERBATIM_WATCH_TRANSCRIPTS: 'false',
      ...env,
    });
    const server = await startServer(config, { log: (line) => lines.push(line) });
    return { server, lines };
  }

  it('removes deletions older than VERBATIM_TRASH_DAYS at start, keeps newer ones, and says so', async () => {
    const old = await deleteEpisodeWithMedia(
      'cameras-augmentees',
      'Les caméras augmentées filment la foule.',
    );
    renameSync(path.join(trash, old), path.join(trash, OLD_DELETION));
    const recent = await deleteEpisodeWithMedia('chiffrement', 'Le chiffrement protège nos échanges.');

    const kept = await startWith({ VERBATIM_TRASH_DAYS: 'never' });
    await kept.server.close();
    expect(readdirSync(trash).sort()).toEqual([OLD_DELETION, recent].sort());

    const { server, lines } = await startWith({});
    try {
      expect(readdirSync(trash)).toEqual([recent]);
      expect(lines).toContain(
        `Trash: removed 1 deletion older than 30 days (300 KB: ${OLD_DELETION}); VERBATIM_TRASH_DAYS sets how long they stay`,
      );
      expect((await fetch(`${server.url}/api/episodes/${EXISTING_EPISODE}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('refuses a VERBATIM_TRASH_DAYS that is not a number of days or "never", naming it', () => {
    for (const value of ['0', 'trente', '-3', '2.5']) {
      expect(() => parseConfig({ VERBATIM_TRASH_DAYS: value }), value).toThrow(ConfigError);
      expect(() => parseConfig({ VERBATIM_TRASH_DAYS: value }), value).toThrow(
        `VERBATIM_TRASH_DAYS: must be a whole number of days from 1 to 36500, or "never" to keep deletions until removed by hand (got "${value}")`,
      );
    }
    expect(parseConfig({}).trashDays).toBe(30);
    expect(parseConfig({ VERBATIM_TRASH_DAYS: ' 90 ' }).trashDays).toBe(90);
    expect(parseConfig({ VERBATIM_TRASH_DAYS: 'Never' }).trashDays).toBeNull();
  });
});
