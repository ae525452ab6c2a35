// SubRip (.srt) as found in the wild. A tolerant line-based parser rather than
// `srt-parser-2`: that library splits on the index/timing shape and silently mangles
// files with missing blank lines, missing or wrong indices, or a cue whose text is a bare
// number, and it reports no line numbers. Here the timing line is the only anchor:
//
// - A timing line is `[hh:]mm:ss[,.]fff --> [hh:]mm:ss[,.]fff` (`->` tolerated, trailing
//   position coordinates ignored). Milliseconds are read as a decimal fraction of a
//   second: `,5` and `,50` are 500 ms, `,500` is 500 ms. (Writers that drop digits drop
//   trailing zeros; reading `,50` as 50 ms would make times run backwards within a file.)
// - The index is the integer line immediately before a timing line. A bare number in the
//   cue text stays text when no timing line follows it, and when it is the only line
//   right after the previous timing line ("00:36:36,827 --> …\n160\n\n801\n…").
// - Text: `<i>`/`<b>`/`<u>`/`<font …>` tags and ASS `{\an8}` overrides stripped, entities
//   decoded, `<v Name>` and leading `Name:` labels give the speaker; an unlabelled cue
//   continues the previous label (captions only label speaker changes).
// - A line containing `-->` that is not a readable timing line skips that cue with a
//   warning; a file with no readable timing, or mostly broken ones, is rejected.
import { TranscriptParseError } from '../../errors.ts';
import type { Cue } from '../../model/types.ts';
import { decodeEntities, stripMarkupTags } from './cue-text.ts';
import {
  rejectIfMostlyBroken,
  type BrokenCue,
  type FormatParseResult,
  type ParseWarning,
} from './parser-types.ts';
import { applySpeakerLabels, unifySpeakerFirstNames } from './speaker-labels.ts';
import { TextLineReader } from './text-line-reader.ts';
import { fractionToMilliseconds } from './timecode.ts';

const CLOCK = String.raw`(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?`;
const TIMING_LINE = new RegExp(String.raw`^\s*${CLOCK}\s*--?>\s*${CLOCK}(?:\s.*)?$`);
const INDEX_LINE = /^\s*\d+\s*$/;
const VOICE_TAG = /^\s*<v(?:\.[^\s>]*)?\s+([^>]+)>/;

interface TextLine {
  text: string;
  line: number;
}

interface SrtEntry {
  timingLine: number;
  start: number;
  end: number;
  text: TextLine[];
}

export function parseSrt(fileName: string, text: string): FormatParseResult {
  const lines = new TextLineReader(text);
  const warnings: ParseWarning[] = [];
  const broken: BrokenCue[] = [];
  // Each cue is made as soon as its text is complete (the next timing line or the end): a
  // long recording's lines are never all held at once.
  const cues: Cue[] = [];
  let entry: SrtEntry | null = null;
  let entryCount = 0;
  const preamble: TextLine[] = [];
  // Text lines go to the current cue; null while inside a skipped (broken) cue.
  let target: TextLine[] | null = preamble;
  let targetTimingLine = 0;
  let sawTimingLine = false;

  for (; lines.line !== undefined; lines.advance()) {
    const line = lines.line;
    const lineNumber = lines.number;
    if (!line.includes('>') || !line.includes('-')) {
      target?.push({ text: line, line: lineNumber });
      continue;
    }
    const match = TIMING_LINE.exec(line);
    if (!match && !line.includes('-->')) {
      target?.push({ text: line, line: lineNumber });
      continue;
    }
    sawTimingLine = true;
    // The integer line right before a timing line is that cue's index, unless it is the
    // previous cue's only text line.
    const last = target?.at(-1);
    if (target && last && last.line === lineNumber - 1 && INDEX_LINE.test(last.text)) {
      const isOnlyTextOfPreviousCue =
        target !== preamble && target.length === 1 && targetTimingLine === last.line - 1;
      if (!isOnlyTextOfPreviousCue) target.pop();
    }
    if (entry) cues.push(entryToCue(entry));
    entry = null;
    const timing = match ? readTiming(match) : { error: 'expected hh:mm:ss,mmm --> hh:mm:ss,mmm' };
    if ('error' in timing) {
      broken.push({ line: lineNumber, reason: `bad cue timing "${line.trim()}": ${timing.error}` });
      target = null;
      continue;
    }
    entry = { timingLine: lineNumber, start: timing.start, end: timing.end, text: [] };
    entryCount++;
    target = entry.text;
    targetTimingLine = lineNumber;
  }

  if (!sawTimingLine) {
    throw new TranscriptParseError(
      fileName,
      'not an SRT file: no cue timing line such as "00:00:01,000 --> 00:00:04,000" found',
    );
  }
  if (entry) cues.push(entryToCue(entry));
  rejectIfMostlyBroken(fileName, 'SRT', entryCount, broken);
  for (const b of broken) warnings.push({ line: b.line, message: `skipped cue: ${b.reason}` });

  const strayText = preamble.find((l) => l.text.trim() !== '' && !INDEX_LINE.test(l.text));
  if (strayText) {
    warnings.push({ line: strayText.line, message: 'ignored text before the first cue timing line' });
  }

  applySpeakerLabels(cues, { carryForward: true });
  unifySpeakerFirstNames(cues);
  return { format: 'srt', cues, warnings };
}

function readTiming(match: RegExpExecArray): { start: number; end: number } | { error: string } {
  const start = clockToSeconds(match[1], match[2], match[3], match[4]);
  const end = clockToSeconds(match[5], match[6], match[7], match[8]);
  if (typeof start === 'string') return { error: start };
  if (typeof end === 'string') return { error: end };
  return { start, end };
}

function clockToSeconds(
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
  fraction: string | undefined,
): number | string {
  const h = Number(hours ?? 0);
  const m = Number(minutes);
  const s = Number(seconds);
  if (m > 59) return `minutes must be 00-59 (got ${minutes})`;
  if (s > 59) return `seconds must be 00-59 (got ${seconds})`;
  return h * 3600 + m * 60 + s + fractionToMilliseconds(fraction) / 1000;
}

function entryToCue(entry: SrtEntry): Cue {
  let lines = entry.text.map((l) => l.text);
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines = lines.slice(0, -1);
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines = lines.slice(1);
  let raw = lines.join('\n');
  let speaker: string | null = null;
  const voice = VOICE_TAG.exec(raw);
  if (voice) {
    speaker = decodeEntities(voice[1] ?? '').trim() || null;
    raw = raw.slice(voice[0].length);
  }
  return { start: entry.start, end: entry.end, speaker, text: decodeEntities(stripMarkupTags(raw)) };
}
