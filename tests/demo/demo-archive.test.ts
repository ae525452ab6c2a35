// The demo archive that a fresh clone serves (transcripts/) must be consistent: every
// transcript parses, its media exists and lasts as long as the speech, and each cue's
// start and end are where the speech really starts and stops in the audio.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoEpisodes } from '../../server/demo/episodes/index.ts';
import { parseChaptersJson } from '../../server/ingest/parsers/parse-chapters-json.ts';
import {
  isTranscriptFileName,
  parseTranscript,
  type ParsedTranscript,
} from '../../server/ingest/parsers/parse-transcript.ts';
import {
  EpisodeMetadataSchema,
  ShowMetadataSchema,
  parseJsonSidecar,
  type EpisodeMetadata,
} from '../../server/ingest/sidecar-metadata.ts';
import type { Chapter } from '../../server/model/types.ts';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const transcriptsRoot = path.join(repoRoot, 'transcripts');
const MEDIA_EXTENSIONS = ['.mp3', '.m4a', '.ogg', '.opus', '.wav', '.mp4', '.webm'];
const ANALYSIS_RATE = 16_000;

interface DemoArchiveEpisode {
  show: string;
  base: string;
  transcriptFile: string;
  transcript: ParsedTranscript;
  meta: EpisodeMetadata;
  chapters: Chapter[];
  mediaFile: string;
}

async function readEpisodes(): Promise<{ shows: string[]; episodes: DemoArchiveEpisode[] }> {
  const shows: string[] = [];
  const episodes: DemoArchiveEpisode[] = [];
  for (const entry of await fs.readdir(transcriptsRoot, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(transcriptsRoot, entry.name);
    const files = await fs.readdir(folder);
    if (!files.includes('show.json')) continue;
    shows.push(entry.name);
    for (const file of files.filter(isTranscriptFileName).sort()) {
      const base = file.slice(0, file.lastIndexOf('.'));
      const read = (name: string): Promise<Buffer> => fs.readFile(path.join(folder, name));
      const transcript = parseTranscript(file, await read(file));
      const meta = parseJsonSidecar(
        `${base}.meta.json`,
        await read(`${base}.meta.json`),
        EpisodeMetadataSchema,
      );
      const chapters = parseChaptersJson(`${base}.chapters.json`, await read(`${base}.chapters.json`));
      const media = files.find((f) => f.startsWith(`${base}.`) && MEDIA_EXTENSIONS.includes(path.extname(f)));
      episodes.push({
        show: entry.name,
        base,
        transcriptFile: path.join(folder, file),
        transcript,
        meta,
        chapters,
        mediaFile: path.join(folder, media ?? `${base}: no media file`),
      });
    }
  }
  return { shows, episodes };
}

async function probeDuration(file: string): Promise<number> {
  const { stdout } = await execFileAsync('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1'],
    file,
  ]);
  return Number(stdout.trim());
}

/** The media's sound as mono float samples, decoded by ffmpeg. */
function decodeAudio(file: string): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', [
      ...['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', String(ANALYSIS_RATE), '-f', 'f32le', '-'],
    ]);
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    ffmpeg.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    ffmpeg.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`ffmpeg could not decode ${file}: ${Buffer.concat(errors).toString()}`));
      const pcm = Buffer.concat(chunks);
      resolve(new Float32Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 4));
    });
  });
}

/** Loudness of [from, to) seconds in dBFS. */
function rmsDb(samples: Float32Array, from: number, to: number): number {
  const first = Math.max(0, Math.round(from * ANALYSIS_RATE));
  const last = Math.min(samples.length, Math.round(to * ANALYSIS_RATE));
  let sum = 0;
  for (let i = first; i < last; i++) sum += (samples[i] ?? 0) ** 2;
  const rms = Math.sqrt(sum / Math.max(1, last - first));
  return rms === 0 ? -Infinity : 20 * Math.log10(rms);
}

// espeak-ng speech measures -14 to -46 dBFS over these windows (a closing "s" is the
// quietest); the pauses between cues are digital silence, about -100 dBFS once decoded.
const SPEECH_DB = -50;
const SILENCE_DB = -60;

/** Markdown and plain-text transcripts are timed per speaker turn, to the second. */
function timedPerTurn(transcript: ParsedTranscript): boolean {
  return transcript.format === 'markdown' || transcript.format === 'text';
}

let shows: string[] = [];
let episodes: DemoArchiveEpisode[] = [];

beforeAll(async () => {
  ({ shows, episodes } = await readEpisodes());
});

describe('the demo archive in transcripts/', () => {
  it('has at least two shows with their metadata, and five episodes, mostly French, one English', async () => {
    expect(shows.length).toBeGreaterThanOrEqual(2);
    for (const show of shows) {
      const meta = parseJsonSidecar(
        `${show}/show.json`,
        await fs.readFile(path.join(transcriptsRoot, show, 'show.json')),
        ShowMetadataSchema,
      );
      expect(meta.title, `${show}/show.json title`).toBeTruthy();
      expect(meta.description, `${show}/show.json description`).toBeTruthy();
      expect(meta.license, `${show}/show.json license`).toBeTruthy();
      expect(meta.url, `${show}/show.json url`).toMatch(/^https:\/\//);
    }
    expect(episodes.length).toBeGreaterThanOrEqual(5);
    const languages = episodes.map((e) => e.meta.language);
    expect(languages.filter((l) => l === 'en')).toHaveLength(1);
    expect(languages.filter((l) => l === 'fr').length).toBeGreaterThan(episodes.length / 2);
  });

  it('covers every transcript format, word timings included', () => {
    const formats = new Set(episodes.map((e) => e.transcript.format));
    for (const format of ['vtt', 'srt', 'podcast-json', 'whisper-json', 'markdown', 'text'] as const) {
      expect(formats, `a demo episode in ${format}`).toContain(format);
    }
    const withWords = episodes.filter((e) => e.transcript.cues.every((cue) => (cue.words?.length ?? 0) > 0));
    expect(withWords.map((e) => e.transcript.format).sort()).toEqual(['vtt', 'whisper-json']);
  });

  it('gives every episode a title, date, speakers, chapters and licence, and two or more speakers in the transcript', () => {
    for (const { base, transcript, meta, chapters } of episodes) {
      expect(meta.title, base).toBeTruthy();
      expect(meta.date, base).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(meta.license, base).toBe('CC BY-SA 4.0');
      expect(transcript.speakers.length, `${base} speakers`).toBeGreaterThanOrEqual(2);
      expect([...transcript.speakers].sort(), `${base} speakers match meta.json`).toEqual(
        [...(meta.speakers ?? [])].sort(),
      );
      expect(chapters.length, `${base} chapters`).toBeGreaterThanOrEqual(3);
      expect(chapters[0]?.startTime, `${base} first chapter`).toBe(0);
    }
  });

  it('holds exactly the text written in server/demo/episodes (the archive is generated from it)', () => {
    expect(episodes.map((e) => `${e.show}/${e.base}`).sort()).toEqual(
      demoEpisodes.map((e) => `${e.show}/${e.base}`).sort(),
    );
    for (const episode of episodes) {
      const source = demoEpisodes.find((e) => e.show === episode.show && e.base === episode.base);
      const sourceTurns = (source?.turns ?? []).map((turn) => ({
        speaker: turn.speaker,
        cues: turn.cues.map((cue) => (typeof cue === 'string' ? cue : cue.text)),
      }));
      // Markdown and plain text time each speaker turn; the other formats each source cue.
      const expected = timedPerTurn(episode.transcript)
        ? sourceTurns.map((turn) => ({ speaker: turn.speaker, text: turn.cues.join(' ') }))
        : sourceTurns.flatMap((turn) => turn.cues.map((text) => ({ speaker: turn.speaker, text })));
      const actual = episode.transcript.cues.map((cue) => ({ speaker: cue.speaker, text: cue.text }));
      expect(actual, episode.base).toEqual(expected);
    }
  });

  it('keeps the characters a listener types: typographic apostrophes, accents, and & and < shown as text', () => {
    const allText = episodes.flatMap((e) => e.transcript.cues.map((cue) => cue.text)).join('\n');
    expect(allText).toContain('l’interdiction');
    expect(allText).toContain('ce qui a motivé');
    expect(allText).toMatch(/un taux d’erreur < 1 % & zéro biais/);
    expect(allText).toContain('Researchers & journalists');
  });

  it('ships compressed media that lasts as long as the speech, and chapters inside it', async () => {
    let totalBytes = 0;
    for (const { base, transcript, meta, chapters, mediaFile } of episodes) {
      const { size } = await fs.stat(mediaFile);
      totalBytes += size;
      expect(size, `${base} media size`).toBeLessThan(400 * 1024);
      expect(meta.media, base).toBe(path.basename(mediaFile));
      const duration = await probeDuration(mediaFile);
      const lastEnd = transcript.cues.at(-1)?.end ?? 0;
      expect(duration, `${base}: media shorter than the transcript`).toBeGreaterThanOrEqual(lastEnd);
      expect(duration - lastEnd, `${base}: media much longer than the transcript`).toBeLessThanOrEqual(1.5);
      expect(duration, `${base}: 1.5 to 3 minutes of speech`).toBeGreaterThanOrEqual(90);
      expect(duration, `${base}: 1.5 to 3 minutes of speech`).toBeLessThanOrEqual(180);
      expect(meta.duration, `${base} meta.json duration`).toBeCloseTo(duration, 2);
      const starts = chapters.map((c) => c.startTime);
      expect(starts, `${base} chapters sorted`).toEqual([...starts].sort((a, b) => a - b));
      expect(
        starts.every((s) => s < lastEnd),
        `${base} chapters inside the episode`,
      ).toBe(true);
    }
    expect(totalBytes).toBeLessThan(2.2 * 1024 * 1024);
  });

  it('has speech exactly where each cue starts and ends, and silence in the pauses around it', async () => {
    for (const { base, transcript, mediaFile } of episodes) {
      const samples = await decodeAudio(mediaFile);
      const cues = transcript.cues;
      const perTurn = timedPerTurn(transcript);
      for (const [index, cue] of cues.entries()) {
        const at = `${base} cue ${index + 1} (${cue.start}–${cue.end} s, "${cue.text.slice(0, 30)}")`;
        expect(
          rmsDb(samples, cue.start + 0.02, cue.start + 0.3),
          `${at}: speech after its start`,
        ).toBeGreaterThan(SPEECH_DB);
        expect(
          rmsDb(samples, cue.start - 0.15, cue.start - 0.02),
          `${at}: silence before its start`,
        ).toBeLessThan(SILENCE_DB);
        // A turn timed by a marker runs until the next marker, so only its start is exact.
        if (perTurn) continue;
        expect(
          rmsDb(samples, cue.end - 0.15, cue.end - 0.01),
          `${at}: speech before its end`,
        ).toBeGreaterThan(SPEECH_DB);
        expect(rmsDb(samples, cue.end + 0.02, cue.end + 0.15), `${at}: silence after its end`).toBeLessThan(
          SILENCE_DB,
        );
      }
    }
  });

  it('times each word where it is spoken, in the word-timed transcripts', async () => {
    const wordTimed = episodes.filter((e) => e.transcript.cues.some((cue) => cue.words));
    expect(wordTimed.length).toBeGreaterThanOrEqual(2);
    for (const { base, transcript, mediaFile } of wordTimed) {
      const samples = await decodeAudio(mediaFile);
      for (const cue of transcript.cues) {
        for (const word of cue.words ?? []) {
          if (!/\p{L}/u.test(word.text) || word.end - word.start < 0.1) continue;
          expect(
            rmsDb(samples, word.start + 0.01, word.start + 0.1),
            `${base} "${word.text}" at ${word.start} s`,
          ).toBeGreaterThan(SPEECH_DB);
        }
      }
    }
  });
});

describe('npm run demo:audio (server/demo/make-demo-media.ts)', () => {
  it('regenerates an episode identical to the committed one', async () => {
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-demo-test-'));
    try {
      const { stdout } = await execFileAsync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/demo/make-demo-media.ts',
          '--out',
          outDir,
          '--only',
          'donnees-biometriques',
        ],
        { cwd: repoRoot },
      );
      expect(stdout).toContain('donnees-biometriques');
      const folder = 'libertes-numeriques';
      for (const name of ['donnees-biometriques.md', 'donnees-biometriques.chapters.json', 'show.json']) {
        const regenerated = await fs.readFile(path.join(outDir, folder, name), 'utf8');
        const committed = await fs.readFile(path.join(transcriptsRoot, folder, name), 'utf8');
        expect(regenerated, `${name} regenerated by npm run demo:audio`).toBe(committed);
      }
      const media = await probeDuration(path.join(outDir, folder, 'donnees-biometriques.opus'));
      expect(media).toBeCloseTo(
        await probeDuration(path.join(transcriptsRoot, folder, 'donnees-biometriques.opus')),
        2,
      );
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
    }
    // A whole episode's speech synthesis and encoding: about 25 s on a quiet 2-core machine,
    // over 30 s in a full test run.
  }, 180_000);

  it('fails with a message naming the missing tools when espeak-ng, sox and ffmpeg are not installed', async () => {
    const emptyPath = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-demo-nopath-'));
    try {
      const run = execFileAsync(
        process.execPath,
        ['--import', 'tsx', 'server/demo/make-demo-media.ts', '--out', emptyPath],
        {
          cwd: repoRoot,
          env: { ...process.env, PATH: emptyPath },
        },
      );
      await expect(run).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/espeak-ng, sox, ffmpeg, ffprobe.*apt-get install/s) as unknown,
      });
      expect(await fs.readdir(emptyPath)).toEqual([]);
    } finally {
      await fs.rm(emptyPath, { recursive: true, force: true });
    }
  });
});
