// A long recording's transcript ingests on a small machine: Node's heap there is a quarter
// of the memory (a 2 GB machine gives about 512 MiB), so the CLI runs here with a heap
// sized as a small machine's is to the file, and must store the file whole and find its
// last words (real CLI, real SQLite file, real files).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCues, toSrt, toVtt, writeFile, type FixtureCue } from '../fixtures/ingest/transcript-files.ts';
import { repoRoot, runIngestCli } from './run-ingest-cli.ts';

let dir: string;
let transcripts: string;
let dataDir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-long-'));
  transcripts = path.join(dir, 'transcripts');
  dataDir = path.join(dir, 'data');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** ~32 MB of WebVTT (two speakers, text with ’ and accents), ending on a sentence of its own. */
const CUES = 260_000;
const LAST_SENTENCE = 'Les semences paysannes circulent enfin librement entre les fermes.';
/**
 * A 2 GB machine's heap (~512 MiB) is to an 80 MB transcript what this is to this file.
 * Measured: the ingest needed 234 MiB of heap before, 159 MiB now.
 */
const SMALL_MACHINE_HEAP_MIB = 196;
/** ~31 MB of SRT: 198 MiB of heap before, 152 MiB now. */
const SRT_SMALL_MACHINE_HEAP_MIB = 175;
const WHISPER_SEGMENTS = 38_000;
/** ~28 MB of whisper JSON, whose words each have their own times: 221 MiB of heap before, 181 MiB now. */
const WHISPER_SMALL_MACHINE_HEAP_MIB = 200;

/** openai-whisper JSON with word timings, as whisper writes it (a leading space per word). */
function toWhisperJson(cues: readonly FixtureCue[]): string {
  const segments = cues.map((c, id) => {
    const words = c.text.split(' ');
    const step = (c.end - c.start) / words.length;
    return JSON.stringify({
      id,
      start: c.start,
      end: c.end,
      text: ` ${c.text}`,
      speaker: c.speaker,
      words: words.map((word, i) => ({
        word: ` ${word}`,
        start: Math.round((c.start + i * step) * 100) / 100,
        end: Math.round((c.start + (i + 1) * step) * 100) / 100,
      })),
    });
  });
  return `{"text":"","language":"fr","segments":[\n${segments.join(',\n')}\n]}\n`;
}

function search(query: string): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/search/search-cli.ts', query], {
    cwd: repoRoot,
    env: { ...process.env, VERBATIM_DATA_DIR: dataDir, FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  return run.stdout + run.stderr;
}

/** One long recording per transcript format, with the heap a small machine gives it. */
interface LongRecordingCase {
  label: string;
  fileName: string;
  title: string;
  cueCount: number;
  seed: number;
  heapMib: number;
  speaker?: string;
  render: (cues: readonly FixtureCue[]) => string;
  /** Checked where the format keeps one cue per line written (WebVTT). */
  checkCuesWritten?: boolean;
}

const LONG_RECORDINGS: readonly LongRecordingCase[] = [
  {
    label: 'a ~32 MB WebVTT transcript',
    fileName: 'journee-complete.vtt',
    title: 'Journee complete',
    cueCount: CUES,
    seed: 7,
    heapMib: SMALL_MACHINE_HEAP_MIB,
    speaker: 'Inès',
    render: toVtt,
    checkCuesWritten: true,
  },
  {
    label: 'a ~28 MB whisper JSON transcript with word timings',
    fileName: 'journee-whisper.json',
    title: 'Journee whisper',
    cueCount: WHISPER_SEGMENTS,
    seed: 11,
    heapMib: WHISPER_SMALL_MACHINE_HEAP_MIB,
    speaker: 'Inès',
    render: toWhisperJson,
  },
  {
    label: 'a ~31 MB SRT transcript',
    fileName: 'journee-srt.srt',
    title: 'Journee srt',
    cueCount: CUES,
    seed: 13,
    heapMib: SRT_SMALL_MACHINE_HEAP_MIB,
    render: toSrt,
  },
];

describe('a long recording', () => {
  it.each(LONG_RECORDINGS)(
    'ingests $label with a small heap, whole, and finds its last sentence',
    async ({ fileName, title, cueCount, seed, heapMib, speaker, render, checkCuesWritten }) => {
      const cues = makeCues(cueCount, seed);
      const last = cues.at(-1)!;
      cues.push({
        start: last.end,
        end: last.end + 4,
        ...(speaker === undefined ? {} : { speaker }),
        text: LAST_SENTENCE,
      });
      const file = writeFile(transcripts, `entretiens/${fileName}`, render(cues));
      expect(fs.statSync(file).size).toBeGreaterThan(25_000_000);

      const { code, output } = await runIngestCli([transcripts], dataDir, {
        NODE_OPTIONS: `--max-old-space-size=${heapMib}`,
      });
      expect(output).not.toMatch(/heap out of memory/);
      expect(code).toBe(0);
      expect(output).toMatch(/1 added, 0 updated, 0 unchanged, 0 removed, 0 failed/);
      if (checkCuesWritten)
        expect(output).toContain(`${(cueCount + 1).toLocaleString('en-US')} cues written`);

      const found = search('"semences paysannes circulent"');
      expect(found).toContain(title);
      expect(found).toContain('[semences paysannes circulent]');
    },
    240_000,
  );
});
