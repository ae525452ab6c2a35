// WebVTT per the W3C parsing algorithm (https://www.w3.org/TR/webvtt1/#file-parsing).
//
// The `webvtt-parser` package (the W3C's own webvtt.js) does the subtle parts: the
// timestamp and settings grammar (hourless `mm:ss.mmm`, `59:59.320 --> 01:00:02.840`)
// and the cue text tokenizer (tags, classes, voice annotations, inline timestamps, the
// full HTML entity table). Its top-level `parse()` is not used because it neither tells
// which cues it dropped nor on which line a cue starts, and it runs the cue text
// tokenizer on every cue, even plain text; the block loop below is the spec's "collect
// a WebVTT block" algorithm, which keeps line numbers and skips the tokenizer for plain
// cue text (about 3x faster on Whisper output).
//
// Decisions:
// - No `WEBVTT` signature: the file is rejected (the algorithm aborts).
// - A cue whose timing line the algorithm rejects is skipped, as the algorithm does, with
//   a warning naming the line; when no cue survives or most cues are broken, the file is
//   rejected instead (see rejectIfMostlyBroken).
// - `<v Speaker>` / `<v.loud Speaker>` gives the speaker; a cue holding several voices
//   becomes one cue per voice with the same timing (crosstalk stays visible).
// - Inline `<00:00:01.000>` timestamps give word timings: words between two timestamps
//   share that interval in proportion to their length (one word per timestamp, the
//   usual karaoke style, gets exact times).
import { createRequire } from 'node:module';
import { TranscriptParseError } from '../../errors.ts';
import type { Cue, WordTiming } from '../../model/types.ts';
import { HTML_ENTITIES, collapseWhitespace, decodeEntities } from './cue-text.ts';
import {
  rejectIfMostlyBroken,
  type BrokenCue,
  type FormatParseResult,
  type ParseWarning,
} from './parser-types.ts';
import { applySpeakerLabels } from './speaker-labels.ts';
import { TextLineReader } from './text-line-reader.ts';

interface VttCueSettingsTarget {
  startTime: number;
  endTime: number;
  [setting: string]: unknown;
}

interface VttTextNode {
  type: 'text' | 'object' | 'timestamp';
  name?: string;
  value?: string | number;
  classes?: string[];
  children?: VttTextNode[];
}

type VttErrorHandler = (message: string, column?: number) => void;

interface WebVttParserModule {
  WebVTTCueTimingsAndSettingsParser: new (
    line: string,
    onError: VttErrorHandler,
  ) => { parse(cue: VttCueSettingsTarget, previousCueStart: number): true | undefined };
  WebVTTCueTextParser: new (
    text: string,
    onError: VttErrorHandler,
    mode: 'metadata' | 'chapters' | '',
    entities: Record<string, string>,
  ) => { parse(cueStart: number, cueEnd: number): { children: VttTextNode[] } };
}

const require = createRequire(import.meta.url);
const webvtt = require('webvtt-parser') as WebVttParserModule;

const SIGNATURE = /^WEBVTT(?:[ \t]|$)/;
const NON_CUE_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t\n]|$)/;
const ignoreTextErrors: VttErrorHandler = () => undefined;

export interface RawVttCue {
  line: number;
  start: number;
  end: number;
  text: string;
}

export function parseWebVtt(fileName: string, text: string): FormatParseResult {
  // Line by line and cue by cue: neither the lines nor the raw cues of a long recording are
  // all held at once.
  const lines = new TextLineReader(text);
  const first = lines.line ?? '';
  if (!SIGNATURE.test(first)) {
    throw new TranscriptParseError(
      fileName,
      `not a WebVTT file: the first line must be "WEBVTT" (found ${JSON.stringify(first.slice(0, 40))})`,
      1,
    );
  }
  const warnings: ParseWarning[] = [];
  const broken: BrokenCue[] = [];
  const cues: Cue[] = [];
  let rawCueCount = 0;

  // Header: everything up to the first blank line, unless a timing line comes first.
  lines.advance();
  while (lines.line !== undefined && lines.line !== '' && !lines.line.includes('-->')) lines.advance();

  while (lines.line !== undefined) {
    while (lines.line === '') lines.advance();
    if (lines.line === undefined) break;

    // Collect one block.
    const blockLine = lines.number;
    let lineCount = 0;
    let seenArrow = false;
    let buffer = '';
    let cue: RawVttCue | null = null;
    while (lines.line !== undefined) {
      const line = lines.line;
      lineCount++;
      if (line.includes('-->')) {
        if (lineCount === 1 || (lineCount === 2 && !seenArrow)) {
          seenArrow = true;
          const timing = parseTimingLine(line);
          if (timing.ok) {
            cue = { line: lines.number, start: timing.start, end: timing.end, text: '' };
            buffer = '';
          } else {
            cue = null;
            broken.push({ line: lines.number, reason: `bad cue timing "${line.trim()}": ${timing.reason}` });
          }
          lines.advance();
          continue;
        }
        break; // A timing line without a blank line before it starts the next block.
      }
      if (line === '') {
        lines.advance();
        break;
      }
      buffer = buffer === '' ? line : `${buffer}\n${line}`;
      lines.advance();
    }
    if (cue) {
      cue.text = buffer;
      rawCueCount++;
      for (const parsed of cueTextToCues(cue)) cues.push(parsed);
    } else if (!seenArrow && !NON_CUE_BLOCK.test(buffer)) {
      warnings.push({ line: blockLine, message: 'ignored a block without a cue timing line' });
    }
  }

  rejectIfMostlyBroken(fileName, 'WebVTT', rawCueCount, broken);
  for (const b of broken) warnings.push({ line: b.line, message: `skipped cue: ${b.reason}` });

  applySpeakerLabels(cues, { carryForward: true });
  return { format: 'vtt', cues, warnings };
}

type TimingResult = { ok: true; start: number; end: number } | { ok: false; reason: string };

// The shape nearly every file uses, read without the library's character-by-character
// scanner; anything else (settings, odd digits, errors) takes the library's path.
const PLAIN_TIMING =
  /^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})[ \t]+-->[ \t]+(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})$/;

function plainTimestamp(h: string | undefined, m: string, s: string, f: string): number | null {
  const minutes = Number(m);
  const secs = Number(s);
  if (minutes > 59 || secs > 59) return null;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + Number(f) / 1000;
}

function parseTimingLine(line: string): TimingResult {
  const plain = PLAIN_TIMING.exec(line);
  if (plain) {
    const start = plainTimestamp(plain[1], plain[2] ?? '', plain[3] ?? '', plain[4] ?? '');
    const end = plainTimestamp(plain[5], plain[6] ?? '', plain[7] ?? '', plain[8] ?? '');
    if (start !== null && end !== null) return { ok: true, start, end };
  }
  const errors: string[] = [];
  const target: VttCueSettingsTarget = { startTime: 0, endTime: 0 };
  const parser = new webvtt.WebVTTCueTimingsAndSettingsParser(line, (message) => errors.push(message));
  if (!parser.parse(target, 0)) {
    return { ok: false, reason: errors.at(-1) ?? 'unreadable timing line' };
  }
  return { ok: true, start: target.startTime, end: target.endTime };
}

interface TextPiece {
  text: string;
  voice: string | null;
  /** Time of the last inline timestamp before this piece, or null before the first. */
  at: number | null;
}

// `<v Name>text` or `<v.class Name>text</v>`: the one tag nearly every speaker-labelled
// file uses. Read here without the library's character-by-character tokenizer (a tenth of
// a million-cue ingest), with the same result: a test compares both readings over
// thousands of generated shapes. Anything else (other tags, entities, several voices,
// odd whitespace) takes the tokenizer.
const SINGLE_VOICE = /^<v(?:\.[^\s.<>&]+)*[ \t]([^<>&]*)>([^<&]*)(?:<\/v>)?$/;

export function cueTextToCues(raw: RawVttCue): Cue[] {
  if (!raw.text.includes('<') && !raw.text.includes('&')) {
    return [{ start: raw.start, end: raw.end, speaker: null, text: raw.text }];
  }
  const voiced = SINGLE_VOICE.exec(raw.text);
  if (voiced) {
    const text = voiced[2] ?? '';
    if (text === '') return [];
    const speaker = collapseWhitespace(voiced[1] ?? '') || null;
    return [{ start: raw.start, end: raw.end, speaker, text }];
  }
  return cueTextToCuesByTokenizer(raw);
}

/** The library tokenizer's reading of any cue text (exported for the comparison test). */
export function cueTextToCuesByTokenizer(raw: RawVttCue): Cue[] {
  const tree = new webvtt.WebVTTCueTextParser(raw.text, ignoreTextErrors, 'metadata', HTML_ENTITIES).parse(
    raw.start,
    raw.end,
  );
  const pieces: TextPiece[] = [];
  const timestamps: number[] = [];
  let at: number | null = null;
  const walk = (nodes: VttTextNode[], voice: string | null): void => {
    for (const node of nodes) {
      if (node.type === 'text' && typeof node.value === 'string') {
        pieces.push({ text: node.value, voice, at });
      } else if (node.type === 'timestamp' && typeof node.value === 'number') {
        // Out-of-order or out-of-cue timestamps carry no usable timing.
        if (node.value > raw.start && node.value < raw.end && (at === null || node.value > at)) {
          at = node.value;
          timestamps.push(node.value);
        }
      } else if (node.type === 'object') {
        const annotation =
          typeof node.value === 'string' ? collapseWhitespace(decodeEntities(node.value)) : '';
        walk(node.children ?? [], node.name === 'v' && annotation !== '' ? annotation : voice);
      }
    }
  };
  walk(tree.children, null);

  // One cue per run of the same voice.
  const runs: TextPiece[][] = [];
  for (const piece of pieces) {
    const last = runs.at(-1);
    const lastVoice = last?.[0]?.voice;
    if (last && (lastVoice === piece.voice || piece.text.trim() === '')) last.push(piece);
    else if (last && last.every((p) => p.text.trim() === '')) {
      last.push(piece);
      for (const p of last) p.voice = piece.voice;
    } else runs.push([piece]);
  }
  return runs.map((run) => {
    const speaker = run[0]?.voice ?? null;
    const text = run.map((p) => p.text).join('');
    const cue: Cue = { start: raw.start, end: raw.end, speaker, text };
    if (timestamps.length > 0) {
      const words = wordTimingsFromPieces(run, raw.start, raw.end, timestamps);
      if (words.length > 0) cue.words = words;
    }
    return cue;
  });
}

/** Words of a run of text pieces, timed by the inline timestamps between them. */
function wordTimingsFromPieces(
  run: TextPiece[],
  cueStart: number,
  cueEnd: number,
  timestamps: number[],
): WordTiming[] {
  // Words by the time slot their first character falls in; a word split by a timestamp
  // (karaoke syllables) stays one word, timed by its first syllable.
  const slots: Array<{ at: number; words: string[] }> = [];
  let pendingWord = '';
  let pendingAt = cueStart;
  const flush = (): void => {
    if (pendingWord === '') return;
    const last = slots.at(-1);
    if (last && last.at === pendingAt) last.words.push(pendingWord);
    else slots.push({ at: pendingAt, words: [pendingWord] });
    pendingWord = '';
  };
  for (const piece of run) {
    const pieceAt = piece.at ?? cueStart;
    for (const char of piece.text) {
      if (/\s/.test(char)) {
        flush();
        continue;
      }
      if (pendingWord === '') pendingAt = pieceAt;
      pendingWord += char;
    }
  }
  flush();

  const words: WordTiming[] = [];
  for (const [index, slot] of slots.entries()) {
    const next = slots[index + 1];
    const slotEnd = next ? next.at : (timestamps.find((t) => t > slot.at) ?? cueEnd);
    const span = Math.max(0, Math.min(slotEnd, cueEnd) - slot.at);
    const totalLength = slot.words.reduce((sum, w) => sum + w.length, 0);
    let offset = 0;
    for (const word of slot.words) {
      const start = slot.at + (span * offset) / totalLength;
      offset += word.length;
      words.push({ text: word, start, end: slot.at + (span * offset) / totalLength });
    }
  }
  return words;
}
