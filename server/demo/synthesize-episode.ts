// Builds an episode's audio from its source: each cue (or, for word-timed formats, each
// word) is spoken by espeak-ng, its leading and trailing silence trimmed by sox, and the
// pieces are laid end to end with fixed pauses. Positions are counted in samples, so every
// start and end written to the transcript is exactly where that speech sits in the audio.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import type { DemoEpisode, DemoTranscriptFormat } from './demo-types.ts';

export const SAMPLE_RATE = 22_050;
const BYTES_PER_SAMPLE = 2;

/** Pauses, in seconds. Word gaps are short so word-by-word speech still flows. */
const PAUSE = {
  lead: 0.5,
  tail: 0.8,
  betweenTurns: 0.8,
  betweenCues: 0.3,
  betweenWords: 0.06,
  afterComma: 0.15,
  afterSentence: 0.3,
} as const;

/** espeak-ng's speed in words per minute: a little slower than its default, for clarity. */
const SPEECH_RATE_WPM = 150;

export interface TimedWord {
  text: string;
  start: number;
  end: number;
}

export interface TimedCue {
  /** Index of the speaker turn the cue belongs to. */
  turn: number;
  speaker: string;
  text: string;
  start: number;
  end: number;
  words?: TimedWord[];
}

export interface TimedChapter {
  startTime: number;
  title: string;
}

export interface SynthesizedEpisode {
  cues: TimedCue[];
  chapters: TimedChapter[];
  /** Mono signed 16-bit little-endian PCM at SAMPLE_RATE. */
  pcm: Buffer;
  duration: number;
}

/** Formats whose transcript carries a time for every word. */
export function hasWordTimings(format: DemoTranscriptFormat): boolean {
  return format === 'vtt-words' || format === 'whisper-json';
}

/** Formats timed per speaker turn with whole seconds: the audio starts each turn on a whole second. */
export function hasWholeSecondTimestamps(format: DemoTranscriptFormat): boolean {
  return format === 'markdown' || format === 'text';
}

/** The tools the demo needs; a clear error lists every missing one. */
export function assertDemoToolsInstalled(): void {
  const tools: [command: string, args: string[]][] = [
    ['espeak-ng', ['--version']],
    ['sox', ['--version']],
    ['ffmpeg', ['-version']],
    ['ffprobe', ['-version']],
  ];
  const missing = tools
    .filter(([command, args]) => {
      const result = spawnSync(command, args, { stdio: 'ignore' });
      return result.error !== undefined || result.status !== 0;
    })
    .map(([command]) => command);
  if (missing.length > 0) {
    throw new Error(
      `The demo media needs ${missing.join(', ')} on the PATH, which ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        'On Debian/Ubuntu: sudo apt-get install espeak-ng sox ffmpeg',
    );
  }
}

/** Runs a command, feeding `input` on stdin, and resolves with its stdout. */
export function runTool(command: string, args: string[], input?: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString().trim()}`,
          ),
        );
    });
    child.stdin.on('error', reject);
    child.stdin.end(input ?? '');
  });
}

/** Speech for one piece of text, without leading or trailing silence. */
async function speak(text: string, voice: string): Promise<Buffer> {
  const wav = await runTool('espeak-ng', ['-v', voice, '-s', String(SPEECH_RATE_WPM), '--stdout'], text);
  const pcm = await runTool(
    'sox',
    // A 0.2 % threshold only removes espeak's digital silence, never quiet consonants.
    [
      ...['-t', 'wav', '-'],
      ...['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(SAMPLE_RATE), '-'],
      ...['silence', '1', '0.002', '0.2%', 'reverse', 'silence', '1', '0.002', '0.2%', 'reverse'],
    ],
    wav,
  );
  if (pcm.length === 0) throw new Error(`espeak-ng produced no audible speech for "${text}"`);
  return pcm;
}

/** Runs `tasks` with at most `limit` at a time, keeping results in order. */
async function mapWithLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Splits a cue into words for word timings; punctuation that stands alone in French
 * typography (« » : ? !) stays attached to its neighbour so it is never a word of its own.
 */
export function splitCueWords(text: string): string[] {
  const words: string[] = [];
  let pendingPrefix = '';
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (!/[\p{L}\p{N}]/u.test(token)) {
      if (words.length === 0 || /^[«“(]+$/.test(token)) pendingPrefix += `${token} `;
      else words[words.length - 1] += ` ${token}`;
      continue;
    }
    words.push(pendingPrefix + token);
    pendingPrefix = '';
  }
  if (pendingPrefix && words.length > 0) words[words.length - 1] += ` ${pendingPrefix.trim()}`;
  return words;
}

function pauseAfterWord(word: string): number {
  if (/[.?!…»]$/.test(word)) return PAUSE.afterSentence;
  if (/[,;:]$/.test(word)) return PAUSE.afterComma;
  return PAUSE.betweenWords;
}

const seconds = (samples: number): number => Math.round((samples / SAMPLE_RATE) * 1000) / 1000;
const samplesOf = (secondsValue: number): number => Math.round(secondsValue * SAMPLE_RATE);

interface SpeechPiece {
  speakerIndex: number;
  turnIndex: number;
  cueIndex: number;
  /** Written text of the word or cue. */
  text: string;
  spoken: string;
  voice: string;
}

export async function synthesizeEpisode(episode: DemoEpisode): Promise<SynthesizedEpisode> {
  const byWord = hasWordTimings(episode.format);
  const alignTurnsToSeconds = hasWholeSecondTimestamps(episode.format);
  const pieces: SpeechPiece[] = [];
  episode.turns.forEach((turn, turnIndex) => {
    const speakerIndex = episode.speakers.findIndex((s) => s.name === turn.speaker);
    const speaker = episode.speakers[speakerIndex];
    if (!speaker)
      throw new Error(`${episode.base}: turn ${turnIndex + 1} names unknown speaker "${turn.speaker}"`);
    turn.cues.forEach((cue, cueIndex) => {
      const { text, spoken } = typeof cue === 'string' ? { text: cue, spoken: cue } : cue;
      if (byWord) {
        if (text !== spoken)
          throw new Error(`${episode.base}: word-timed cues cannot override speech: "${text}"`);
        for (const word of splitCueWords(text)) {
          pieces.push({ speakerIndex, turnIndex, cueIndex, text: word, spoken: word, voice: speaker.voice });
        }
      } else {
        pieces.push({ speakerIndex, turnIndex, cueIndex, text, spoken, voice: speaker.voice });
      }
    });
  });

  const audio = await mapWithLimit(pieces, Math.max(2, os.availableParallelism()), (piece) =>
    speak(piece.spoken, piece.voice),
  );

  const chunks: Buffer[] = [];
  let position = 0;
  const addSilence = (samples: number): void => {
    chunks.push(Buffer.alloc(samples * BYTES_PER_SAMPLE));
    position += samples;
  };

  const cues: TimedCue[] = [];
  const chapters: TimedChapter[] = [];
  // Turns timed in whole seconds start on one, the first included.
  addSilence(alignTurnsToSeconds ? SAMPLE_RATE : samplesOf(PAUSE.lead));
  let current: { turnIndex: number; cueIndex: number; cue: TimedCue } | undefined;
  pieces.forEach((piece, index) => {
    const pcm = audio[index] as Buffer;
    const newTurn = current?.turnIndex !== piece.turnIndex;
    const newCue = newTurn || current?.cueIndex !== piece.cueIndex;
    if (current && newTurn) {
      let pause = samplesOf(PAUSE.betweenTurns);
      if (alignTurnsToSeconds) pause = Math.ceil((position + pause) / SAMPLE_RATE) * SAMPLE_RATE - position;
      addSilence(pause);
    } else if (current && newCue) {
      addSilence(samplesOf(PAUSE.betweenCues));
    } else if (current) {
      addSilence(samplesOf(pauseAfterWord(current.cue.words?.at(-1)?.text ?? '')));
    }
    const start = position;
    chunks.push(pcm);
    position += pcm.length / BYTES_PER_SAMPLE;
    const turn = episode.turns[piece.turnIndex];
    if (newTurn && turn?.chapter)
      chapters.push({ startTime: chapters.length === 0 ? 0 : seconds(start), title: turn.chapter });
    if (newCue) {
      const speaker = episode.speakers[piece.speakerIndex]?.name ?? '';
      const cueSource = turn?.cues[piece.cueIndex];
      const text = typeof cueSource === 'string' ? cueSource : (cueSource?.text ?? piece.text);
      current = {
        turnIndex: piece.turnIndex,
        cueIndex: piece.cueIndex,
        cue: {
          turn: piece.turnIndex,
          speaker,
          text,
          start: seconds(start),
          end: seconds(position),
          ...(byWord ? { words: [] } : {}),
        },
      };
      cues.push(current.cue);
    }
    const cue = (current as { cue: TimedCue }).cue;
    cue.end = seconds(position);
    cue.words?.push({ text: piece.text, start: seconds(start), end: seconds(position) });
  });
  addSilence(samplesOf(PAUSE.tail));
  if (chapters[0]?.startTime !== 0) throw new Error(`${episode.base}: the first turn must start a chapter`);

  return { cues, chapters, pcm: Buffer.concat(chunks), duration: seconds(position) };
}
