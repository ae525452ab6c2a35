// `npm run import -- <args>` as a real process, asynchronously: the feed host the tests start
// runs in the test's own process and must keep answering while the import runs.
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ImportCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runImportCli(
  dirs: { transcriptsDir: string; dataDir: string },
  ...args: string[]
): Promise<ImportCliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin/import-cli.ts', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        VERBATIM_TRANSCRIPTS_DIR: dirs.transcriptsDir,
        VERBATIM_DATA_DIR: dirs.dataDir,
        MEILI_URL: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
