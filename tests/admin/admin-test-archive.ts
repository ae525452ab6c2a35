// A real archive for the admin tests: a temp transcripts folder with one show (whose folder
// name is not a slug) and one episode, ingested into a real SQLite file, served in-process.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createArchive, type Archive } from '../../server/app/create-archive.ts';
import { parseConfig, type Config } from '../../server/config/env.ts';
import { createApp } from '../../server/http/app.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const EXISTING_SHOW = 'libertes-numeriques';
export const EXISTING_FOLDER = 'Libertés numériques';
export const EXISTING_EPISODE = `${EXISTING_SHOW}--loi-renseignement`;
export const EXISTING_WORD = 'algorithmiques';

const existingVtt = `WEBVTT

00:00:00.000 --> 00:00:05.000
<v Sophie>La loi renseignement a légalisé les boîtes noires algorithmiques.

00:00:05.000 --> 00:00:09.000
<v Sophie>Les opérateurs doivent les installer sur leurs réseaux.
`;

export interface AdminTestArchive {
  dir: string;
  config: Config;
  archive: Archive;
  app: ReturnType<typeof createApp>;
  transcriptsDir: string;
  cleanup(): Promise<void>;
}

const webDistDir = path.resolve(import.meta.dirname, '../fixtures/http/web-dist');

export async function createAdminTestArchive(env: Record<string, string> = {}): Promise<AdminTestArchive> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-admin-'));
  const transcriptsDir = path.join(dir, 'transcripts');
  const showDir = path.join(transcriptsDir, EXISTING_FOLDER);
  mkdirSync(showDir, { recursive: true });
  writeFileSync(
    path.join(showDir, 'show.json'),
    JSON.stringify({ title: 'Libertés numériques', language: 'fr' }),
  );
  writeFileSync(path.join(showDir, 'loi-renseignement.vtt'), existingVtt);
  const config = parseConfig({
    VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
    VERBATIM_DATA_DIR: path.join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: '0',
    VERBATIM_INGEST_ON_START: 'false',
    VERBATIM_ADMIN_TOKEN: ADMIN_TOKEN,
    VERBATIM_SEARCH_RATE_LIMIT: '100000',
    ...env,
  });
  const archive = await createArchive(config);
  const summary = await ingestFolder({ transcriptsDir, store: archive.store, parseThreads: 0 });
  if (summary.failed.length > 0) throw new Error(`fixture ingest failed: ${JSON.stringify(summary.failed)}`);
  const app = createApp(archive, { webDistDir });
  return {
    dir,
    config,
    archive,
    app,
    transcriptsDir,
    cleanup: async () => {
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface UploadParts {
  transcript?: { name: string; content: string | Uint8Array; type?: string };
  metadata?: unknown;
  media?: { name: string; content: Uint8Array; type?: string };
}

export function uploadForm(parts: UploadParts): FormData {
  const form = new FormData();
  if (parts.transcript) {
    const { name, content, type } = parts.transcript;
    form.append(
      'transcript',
      new File([typeof content === 'string' ? content : new Uint8Array(content)], name, {
        type: type ?? 'application/octet-stream',
      }),
    );
  }
  if (parts.metadata !== undefined) {
    form.append(
      'metadata',
      typeof parts.metadata === 'string' ? parts.metadata : JSON.stringify(parts.metadata),
    );
  }
  if (parts.media) {
    const { name, content, type } = parts.media;
    form.append('media', new File([new Uint8Array(content)], name, { type: type ?? 'audio/mpeg' }));
  }
  return form;
}

export function adminHeaders(token = ADMIN_TOKEN): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Every file under `root`, relative, sorted (hidden temp files included). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSyncSafe(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function readdirSyncSafe(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
