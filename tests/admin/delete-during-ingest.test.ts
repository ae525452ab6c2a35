// An admin delete while another process (npm run import, npm run ingest) writes the archive:
// that ingest would store the episode back from the file it had read, so the delete is
// refused with a 409 naming what runs, and goes through once it has ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/http/start-server.ts';
import {
  EXISTING_EPISODE,
  EXISTING_FOLDER,
  adminHeaders,
  createAdminTestArchive,
  type AdminTestArchive,
} from './admin-test-archive.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FEED = 'http://127.0.0.1:9/flux-libertes.xml';

let t: AdminTestArchive;
let server: RunningServer;
let holder: ChildProcess | null = null;

beforeEach(async () => {
  t = await createAdminTestArchive();
  server = await startServer(t.config);
});

afterEach(async () => {
  holder?.kill();
  holder = null;
  await server.close();
  await t.cleanup();
});

/**
 * Another process takes the archive's ingest lock as `npm run import` does for its ingest,
 * and holds it until its stdin ends. Resolves once it holds it.
 */
function holdArchiveAsImport(): Promise<{ pid: number; release(): Promise<void> }> {
  const lockFile = `${path.join(t.config.dataDir, 'archive.sqlite')}.ingest-lock`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { takeIngestLock } from './server/ingest/ingest-lock.ts';
       const release = await takeIngestLock(${JSON.stringify(lockFile)}, undefined, ${JSON.stringify(`npm run import of ${FEED}`)});
       console.log('held');
       process.stdin.resume();
       process.stdin.on('end', async () => { await release(); console.log('released'); });`,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  holder = child;
  let output = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (output.includes(word) ? resolve() : undefined);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        check();
      });
      child.on('exit', () =>
        output.includes(word) ? resolve() : reject(new Error(`holder ended: ${output}`)),
      );
      check();
    });
  return said('held').then(() => ({
    pid: child.pid!,
    release: async () => {
      child.stdin.end();
      await said('released');
    },
  }));
}

const deleteOverHttp = (id: string) =>
  fetch(`${server.url}/api/episodes/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    headers: adminHeaders(),
  });

describe('an admin delete while another process ingests the archive', () => {
  it('answers 409 naming the import that runs, keeps the episode, and deletes once it has ended', async () => {
    const transcript = path.join(t.transcriptsDir, EXISTING_FOLDER, 'loi-renseignement.vtt');
    const importing = await holdArchiveAsImport();

    const refused = await deleteOverHttp(EXISTING_EPISODE);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(
      new RegExp(
        `^Episode ${EXISTING_EPISODE} was not deleted: npm run import of ${FEED.replace(/[.?]/g, '\\$&')} ` +
          `\\(process ${importing.pid}, started \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\) is writing this archive; try again once it has ended$`,
      ),
    );
    // Nothing moved, nothing removed.
    expect(existsSync(transcript)).toBe(true);
    expect(existsSync(path.join(t.transcriptsDir, '.verbatim-trash'))).toBe(false);
    expect((await fetch(`${server.url}/api/episodes/${EXISTING_EPISODE}`)).status).toBe(200);

    await importing.release();
    expect((await deleteOverHttp(EXISTING_EPISODE)).status).toBe(204);
    expect(existsSync(transcript)).toBe(false);
    expect((await fetch(`${server.url}/api/episodes/${EXISTING_EPISODE}`)).status).toBe(404);
    // The delete let go of the archive: an ingest after it does not wait.
    expect(existsSync(`${path.join(t.config.dataDir, 'archive.sqlite')}.ingest-lock`)).toBe(false);
  }, 60_000);
});
