// Runs the real ingest CLI as a child process, and reads an archive file the way a second
// process would, for the CLI and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * SIGKILLs the whole process group: the ingest and anything it started (a worker, ffprobe)
   * go at once.
   */
  killAll(): void;
}

export function startIngestCli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): CliRun {
  // Node itself with tsx's loader, as `npm run ingest` runs it but without npx and tsx's own
  // wrapper process (two extra node start-ups, ~1.6 s of CPU each run).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/ingest/ingest-cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, VERBATIM_DATA_DIR: dataDir, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the group can be killed at once.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const killAll = () => process.kill(-child.pid!, 'SIGKILL');
  return { child, output: () => output, exit, killAll };
}

export async function runIngestCli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const run = startIngestCli(args, dataDir, env);
  const { code } = await run.exit;
  return { code, output: run.output() };
}

/** Everything stored about shows, episodes and cues, in a stable order. */
export function dumpArchive(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      shows: db.prepare('SELECT * FROM shows ORDER BY id').all(),
      episodes: db.prepare('SELECT * FROM episodes ORDER BY id').all(),
      cues: db.prepare('SELECT * FROM cues ORDER BY episode_id, ord').all(),
      searchEpisodes: db
        .prepare(
          'SELECT episode_id, show_id, title, source, passage_count FROM search_episode ORDER BY episode_id',
        )
        .all(),
      searchPassages: db.prepare('SELECT count(*) AS n FROM search_passage').get(),
    };
  } finally {
    db.close();
  }
}
