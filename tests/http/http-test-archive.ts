// A real archive for the HTTP tests: the fixture transcripts copied to a temp dir, real
// media made by ffmpeg, ingested into a real SQLite file, plus files outside the root
// that traversal attempts aim at.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createArchive, type Archive } from '../../server/app/create-archive.ts';
import { parseConfig, type Config } from '../../server/config/env.ts';
import { ingestFolder, type IngestSummary } from '../../server/ingest/ingest-folder.ts';
import { createApp } from '../../server/http/app.ts';

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures/http');
export const fixtureWebDist = path.join(fixturesDir, 'web-dist');

export const SECRET_TEXT = 'TOP-SECRET-OUTSIDE-THE-ROOT';

export interface TestArchive {
  dir: string;
  config: Config;
  archive: Archive;
  ingest: IngestSummary;
  app: ReturnType<typeof createApp>;
  /** Real opus file of the first episode, relative to the transcripts root. */
  opusPath: string;
  opusBytes: Buffer;
  cleanup(): Promise<void>;
}

/** Generates a short sine tone with ffmpeg (real, decodable media). */
export function makeTone(file: string, codec: 'libopus' | 'libmp3lame', seconds = 3): void {
  execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}`,
      '-c:a',
      codec,
      '-b:a',
      '32k',
      file,
    ],
    { stdio: 'pipe' },
  );
}

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return parseConfig({
    VERBATIM_TRANSCRIPTS_DIR: path.join(dir, 'transcripts'),
    VERBATIM_DATA_DIR: path.join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: '0',
    VERBATIM_INGEST_ON_START: 'false',
    ...env,
  });
}

/** Copies the fixtures and generates media; returns the temp dir. */
export function prepareTranscriptsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-http-'));
  const root = path.join(dir, 'transcripts');
  cpSync(path.join(fixturesDir, 'transcripts'), root, { recursive: true });
  makeTone(path.join(root, 'libertes-numeriques', 'recours-reconnaissance-faciale.opus'), 'libopus');
  makeTone(path.join(root, 'libertes-numeriques', 'données de santé.mp3'), 'libmp3lame', 2);
  return dir;
}

/** Files outside the root, and a symlink inside the root pointing at one of them. */
export function plantTraversalTargets(dir: string): void {
  writeFileSync(path.join(dir, 'secret.txt'), SECRET_TEXT);
  writeFileSync(path.join(dir, 'secret.opus'), SECRET_TEXT);
  symlinkSync(
    path.join(dir, 'secret.opus'),
    path.join(dir, 'transcripts', 'libertes-numeriques', 'escape.opus'),
  );
}

export async function createTestArchive(
  env: Record<string, string> = {},
  options: { searchThreads?: number } = {},
): Promise<TestArchive> {
  const dir = prepareTranscriptsDir();
  const config = testConfig(dir, env);
  const archive = await createArchive(config, options);
  const ingest = await ingestFolder({ transcriptsDir: config.transcriptsDir, store: archive.store });
  plantTraversalTargets(dir);
  const app = createApp(archive, { webDistDir: fixtureWebDist });
  const opusPath = 'libertes-numeriques/recours-reconnaissance-faciale.opus';
  const opusBytes = readFileSync(path.join(config.transcriptsDir, opusPath));
  return {
    dir,
    config,
    archive,
    ingest,
    app,
    opusPath,
    opusBytes,
    cleanup: async () => {
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every route under an episode, as a suffix of `/api/episodes/<id>`. */
export const EPISODE_ROUTE_SUFFIXES = [
  '',
  '/transcript.vtt',
  '/transcript.srt',
  '/transcript.json',
  '/transcript.txt',
  '/chapters.json',
] as const;
