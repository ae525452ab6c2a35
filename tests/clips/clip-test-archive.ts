// A real archive for clip tests: a SQLite store in a temp dir, holding the fixture
// episodes, with speech synthesised by espeak-ng and encoded to Opus by ffmpeg.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppDeps } from '../../server/app/app-deps.ts';
import { parseConfig, type Config } from '../../server/config/env.ts';
import type { Cue, Episode } from '../../server/model/types.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import {
  biometricsEpisode,
  facialRecognitionEpisode,
  fixtureShow,
  hostileEpisode,
  type FixtureEpisode,
} from '../fixtures/clips/clip-fixtures.ts';

const run = promisify(execFile);

export const adminToken = 'admin-token-for-clip-tests-0123456789';

export interface ClipTestArchive {
  dir: string;
  config: Config;
  deps: AppDeps;
  store: SqliteStore;
  episodes: Record<'facial' | 'biometrics' | 'hostile', { episode: Episode; cues: Cue[] }>;
  close(): Promise<void>;
}

async function probe(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(stdout.trim());
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** Speaks each line with espeak-ng, joins them with sox, and returns cues at the real times. */
async function synthesise(fixture: FixtureEpisode, mediaFile: string, work: string): Promise<Cue[]> {
  const parts: string[] = [];
  const cues: Cue[] = [];
  let t = 0;
  for (const [i, line] of fixture.lines.entries()) {
    const part = path.join(work, `${fixture.id}-${i}.wav`);
    // Plain text only: strip the markup-like characters of the hostile fixture for the voice.
    await run('espeak-ng', ['-v', 'fr', '-s', '190', '-w', part, line.text.replace(/[<>]/g, ' ')]);
    const duration = await probe(part);
    parts.push(part);
    const cue: Cue = { start: round(t), end: round(t + duration), speaker: line.speaker, text: line.text };
    if (fixture.withWords) {
      // Spread words over the cue by length: a stand-in for aligner output, good enough for snapping.
      const words = line.text.split(' ');
      const total = words.reduce((n, w) => n + w.length + 1, 0);
      let w0 = t;
      cue.words = words.map((w) => {
        const d = (duration * (w.length + 1)) / total;
        const word = { text: w, start: round(w0), end: round(w0 + d) };
        w0 += d;
        return word;
      });
    }
    cues.push(cue);
    t += duration;
  }
  const joined = path.join(work, `${fixture.id}.wav`);
  await run('sox', [...parts, joined]);
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    joined,
    '-c:a',
    'libopus',
    '-b:a',
    '48k',
    mediaFile,
  ]);
  return cues;
}

/**
 * `synthesise`, its answer kept in a temp dir keyed by the fixture and this code: the seven
 * clip test files share one espeak-ng + sox + ffmpeg pass (about 45 processes) per fixture
 * instead of each making the same speech again. A changed fixture or synthesis is a new key.
 */
async function synthesiseOnce(fixture: FixtureEpisode, mediaFile: string, work: string): Promise<Cue[]> {
  const key = createHash('sha256')
    .update(JSON.stringify(fixture))
    .update(synthesise.toString())
    .digest('hex')
    .slice(0, 16);
  const cacheRoot = path.join(os.tmpdir(), 'verbatim-test-speech');
  const cached = path.join(cacheRoot, key);
  try {
    const cues = JSON.parse(await fs.readFile(path.join(cached, 'cues.json'), 'utf8')) as Cue[];
    await fs.copyFile(path.join(cached, 'media.opus'), mediaFile);
    return cues;
  } catch {
    // Not made yet (or made by an older run and removed): make it below.
  }
  const cues = await synthesise(fixture, mediaFile, work);
  // Written beside, then renamed into place whole: a file running alongside never reads half.
  await fs.mkdir(cacheRoot, { recursive: true });
  const fresh = await fs.mkdtemp(path.join(cacheRoot, `${key}-`));
  await fs.copyFile(mediaFile, path.join(fresh, 'media.opus'));
  await fs.writeFile(path.join(fresh, 'cues.json'), JSON.stringify(cues));
  await fs.rename(fresh, cached).catch(() => fs.rm(fresh, { recursive: true, force: true }));
  return cues;
}

export async function createClipTestArchive(env: Record<string, string> = {}): Promise<ClipTestArchive> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-clips-test-'));
  const transcriptsDir = path.join(dir, 'transcripts');
  const work = path.join(dir, 'work');
  await fs.mkdir(path.join(transcriptsDir, fixtureShow.id), { recursive: true });
  await fs.mkdir(work);
  const config = parseConfig({
    VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
    VERBATIM_DATA_DIR: path.join(dir, 'data'),
    VERBATIM_ADMIN_TOKEN: adminToken,
    VERBATIM_INGEST_ON_START: 'false',
    ...env,
  });
  const store = openSqliteStore({
    file: path.join(dir, 'data', 'archive.sqlite'),
    indexer: sqliteSearchIndexer,
  });
  await store.upsertShow(fixtureShow);
  const entries = [
    ['facial', facialRecognitionEpisode],
    ['biometrics', biometricsEpisode],
    ['hostile', hostileEpisode],
  ] as const;
  const episodes = {} as ClipTestArchive['episodes'];
  for (const [key, fixture] of entries) {
    const media = `${fixtureShow.id}/${fixture.id.split('--')[1]}.opus`;
    const cues = await synthesiseOnce(fixture, path.join(transcriptsDir, media), work);
    const episode: Episode = {
      id: fixture.id,
      showId: fixtureShow.id,
      title: fixture.title,
      date: fixture.date,
      language: 'fr',
      speakers: [...new Set(fixture.lines.map((l) => l.speaker))],
      media,
      mediaType: 'audio/ogg',
      url: fixture.url,
      license: null,
      tags: [],
      chapters: [],
      duration: cues[cues.length - 1]?.end ?? 0,
      source: `${fixtureShow.id}/${fixture.id.split('--')[1]}.vtt`,
      format: 'vtt',
      revision: `rev-${key}-1`,
      cueCount: cues.length,
    };
    await store.replaceEpisode({ episode, cues });
    episodes[key] = { episode, cues };
  }
  await fs.rm(work, { recursive: true, force: true });
  const deps: AppDeps = { config, store, search: createSqliteSearchBackend(store.db) };
  return {
    dir,
    config,
    deps,
    store,
    episodes,
    async close() {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real H.264 + AAC MP4: ffmpeg's test pattern with a 440 Hz tone, `seconds` long. */
export async function writeTestVideo(file: string, seconds: number | string, size: string, rate: number) {
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${size}:rate=${rate}:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
}

/** A 440 Hz tone at a known level (peak ≈ 4096) as LAME encodes a podcast, `seconds` long. */
export async function writeToneMp3(file: string, seconds: number, sampleRate?: number) {
  const rate = sampleRate === undefined ? '' : `:sample_rate=${sampleRate}`;
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}${rate}`,
    '-c:a',
    'libmp3lame',
    '-q:a',
    '2',
    file,
  ]);
}
