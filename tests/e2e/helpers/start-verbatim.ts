// Starts the real server (startServer) on a free port with a temp data dir and the demo
// archive from transcripts/, serving the built web app. Shared by the e2e tests.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../server/config/env.ts';
import { startServer, type RunningServer } from '../../../server/http/start-server.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const demoTranscriptsDir = path.join(repoRoot, 'transcripts');
export const webDistDir = path.join(repoRoot, 'web', 'dist');

export interface VerbatimTestServer {
  url: string;
  server: RunningServer;
  close(): Promise<void>;
}

let building: Promise<void> | null = null;

/** `npm test` builds the web app first; a lone test run builds it when missing. */
export function ensureWebBuilt(): Promise<void> {
  if (existsSync(path.join(webDistDir, 'index.html'))) return Promise.resolve();
  building ??= (async () => {
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
  })();
  return building;
}

export async function startVerbatim(env: Record<string, string> = {}): Promise<VerbatimTestServer> {
  await ensureWebBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'verbatim-e2e-'));
  const config = parseConfig({
    VERBATIM_TRANSCRIPTS_DIR: demoTranscriptsDir,
    VERBATIM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    // Search-as-you-type from one test client must not hit the per-client limit.
    VERBATIM_SEARCH_RATE_LIMIT: '100000',
    ...env,
  });
  const server = await startServer(config);
  return {
    url: `http://127.0.0.1:${server.port}`,
    server,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
