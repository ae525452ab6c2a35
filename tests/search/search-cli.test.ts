// `npm run search` end to end: a real archive file in a temp data dir, the CLI run as a
// real process, its printed hits checked.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { searchFixtureArchive } from '../fixtures/search/search-fixture-episodes.ts';

const run = promisify(execFile);
let dataDir: string;

async function searchCli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.resolve('server/search/search-cli.ts'), ...args],
      { env: { ...process.env, VERBATIM_DATA_DIR: dataDir }, cwd: process.cwd() },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-search-cli-'));
  const store = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  const archive = searchFixtureArchive();
  for (const s of archive.shows) await store.upsertShow(s);
  for (const e of archive.episodes) await store.replaceEpisode(e);
  await store.close();
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run search', () => {
  it('prints each moment with its timecode, speaker, episode and the marked snippet', async () => {
    const { stdout, code } = await searchCli('reconnaisance faciale', '--limit', '5');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^4 moments for “reconnaisance faciale”/);
    expect(stdout).toContain('00:00:10–00:00:18  Camille Martin');
    expect(stdout).toContain('Libertés numériques · La reconnaissance faciale entre au lycée (2021-03-14)');
    expect(stdout).toContain('[reconnaissance] [faciale]');
  });

  it('filters by speaker and groups by episode', async () => {
    const { stdout, code } = await searchCli('reconnaissance ', '--speaker', 'Hugo Bernard', '--group');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2 episodes for/);
    expect(stdout).not.toContain('Camille Martin');
    expect(stdout).toMatch(/Surveillance hebdo · .* — 1 moment/);
  });

  it('says which words of a long pasted quote it searched', async () => {
    const pasted =
      'Des entreprises europeennes vendent des outils de surveillance a des regimes autoritaires. ' +
      'Les licences d’exportation sont accordees sans veritable controle parlementaire.';
    const { stdout, code } = await searchCli(pasted);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 moment for “Des entreprises/);
    expect(stdout).toContain(
      'searched the first words of 21: “Des entreprises europeennes vendent des outils de surveillance a des regimes autoritaires.”',
    );
  });

  it('explains a missing archive and a bad option', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-search-cli-empty-'));
    try {
      const missing = await run(
        process.execPath,
        ['--import', 'tsx', path.resolve('server/search/search-cli.ts'), 'x'],
        {
          env: { ...process.env, VERBATIM_DATA_DIR: empty },
        },
      ).catch((e: { stderr: string; code: number }) => e);
      expect(missing.stderr).toContain('No archive at');
      const bad = await searchCli('x', '--sort', 'sideways');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--sort: expected relevance, newest or oldest');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
