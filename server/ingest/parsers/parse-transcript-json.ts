// JSON transcripts, told apart by shape (the file extension is always .json):
// - Podcasting 2.0 (`{version, segments:[{speaker, startTime, endTime, body}]}`), per
//   https://github.com/Podcastindex-org/podcast-namespace/blob/main/transcripts/transcripts.md.
//   Files with one word per segment (the spec allows it) are regrouped into sentence-sized
//   cues that keep the per-word times as word timings.
// - openai-whisper (`segments[].start/end/text`, `words[].word/start/end` with leading
//   spaces); whisperX's `speaker` and whisper-timestamped's `words[].text` are read too.
// - whisper.cpp `-oj` (`transcription[].offsets.from/to` in ms, `text`; `tokens` with `-ojf`
//   give word timings). `[BLANK_AUDIO]`-style non-speech markers are dropped.
// Validated with zod; an error names the field path, e.g. `segments[3].startTime: expected a number`.
import { z } from 'zod';
import { TranscriptParseError } from '../../errors.ts';
import type { Cue, TranscriptFormat, WordTiming } from '../../model/types.ts';
import { collapseWhitespace } from './cue-text.ts';
import { describeJsonError } from './json-error-position.ts';
import { lineOfJsonPath } from './json-path-line.ts';
import type { FormatParseResult, ParseWarning } from './parser-types.ts';

const seconds = z.number().finite().nonnegative();

const PodcastSegment = z.object({
  speaker: z.string().nullish(),
  startTime: seconds,
  endTime: seconds,
  body: z.string(),
});
// The lists are checked item by item (see validItems): z.unknown() here keeps zod from
// copying them whole.
const PodcastTranscript = z.object({ version: z.string().optional(), segments: z.array(z.unknown()) });

const WhisperWord = z
  .object({
    word: z.string().optional(),
    text: z.string().optional(),
    start: seconds.optional(),
    end: seconds.optional(),
  })
  .refine((w) => w.word !== undefined || w.text !== undefined, { message: 'expected a "word" string' });
const WhisperSegment = z.object({
  start: seconds,
  end: seconds,
  text: z.string(),
  speaker: z.string().nullish(),
  words: z.array(WhisperWord).optional(),
});
const WhisperTranscript = z.object({ segments: z.array(z.unknown()) });

const Offsets = z.object({ from: seconds, to: seconds });
const WhisperCppToken = z.object({ text: z.string(), offsets: Offsets.optional() });
const WhisperCppSegment = z.object({
  offsets: Offsets,
  text: z.string(),
  tokens: z.array(WhisperCppToken).optional(),
});
const WhisperCppTranscript = z.object({ transcription: z.array(z.unknown()) });

export function parseTranscriptJson(fileName: string, text: string): FormatParseResult {
  const data = parseJsonText(fileName, text);
  const format = sniffJsonFormat(fileName, data);
  const warnings: ParseWarning[] = [];
  switch (format) {
    case 'podcast-json':
      return {
        format,
        cues: podcastCues(
          validItems(
            fileName,
            text,
            PodcastSegment,
            validate(fileName, text, PodcastTranscript, data).segments,
            ['segments'],
          ),
        ),
        warnings,
      };
    case 'whisper-json': {
      // A bare array of segments is read as `{ segments: [...] }`.
      const wrapped = Array.isArray(data);
      const parsed = validate(
        fileName,
        text,
        WhisperTranscript,
        wrapped ? { segments: data } : data,
        wrapped,
      );
      const segments = validItems(fileName, text, WhisperSegment, parsed.segments, ['segments'], wrapped);
      return { format, cues: whisperCues(segments, warnings), warnings };
    }
    default:
      return {
        format,
        cues: whisperCppCues(
          validItems(
            fileName,
            text,
            WhisperCppSegment,
            validate(fileName, text, WhisperCppTranscript, data).transcription,
            ['transcription'],
          ),
          warnings,
        ),
        warnings,
      };
  }
}

export function parseJsonText(fileName: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { line, reason } = describeJsonError(text);
    throw new TranscriptParseError(fileName, reason, line, { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sniffJsonFormat(fileName: string, data: unknown): Extract<TranscriptFormat, `${string}json`> {
  if (isRecord(data) && Array.isArray(data.transcription)) return 'whisper-cpp-json';
  const segments = Array.isArray(data) ? data : isRecord(data) ? data.segments : undefined;
  if (Array.isArray(segments)) {
    const first: unknown = segments[0];
    if (isRecord(first)) {
      if ('startTime' in first || 'body' in first) return 'podcast-json';
      if ('start' in first || 'text' in first) return 'whisper-json';
    }
    if (isRecord(data) && 'version' in data) return 'podcast-json';
    if (segments.length === 0) return isRecord(data) && 'text' in data ? 'whisper-json' : 'podcast-json';
  }
  if (isRecord(data) && Array.isArray(data.chapters)) {
    throw new TranscriptParseError(
      fileName,
      'this is a Podcasting 2.0 chapters file, not a transcript: name it <episode>.chapters.json',
    );
  }
  throw new TranscriptParseError(
    fileName,
    'unrecognised JSON transcript: expected Podcasting 2.0 ("segments" with startTime/endTime/body), ' +
      'openai-whisper ("segments" with start/end/text) or whisper.cpp ("transcription" with offsets)',
  );
}

/** Validates `data` (parsed from `text`); an error names the field path and its line. */
export function validate<T>(
  fileName: string,
  text: string,
  schema: z.ZodType<T>,
  data: unknown,
  wrapped = false,
  /** Where `data` sits in the file (an item of a list checked on its own). */
  at: PropertyKey[] = [],
): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw new TranscriptParseError(fileName, 'invalid JSON transcript');
  const issue = { ...first, path: [...at, ...first.path] };
  const line = lineOfJsonPath(text, wrapped ? issue.path.slice(1) : issue.path);
  throw new TranscriptParseError(fileName, describeZodIssue(issue), line);
}

/**
 * Checks a list's items one at a time as they are read: a long recording's segments are
 * never copied whole (zod returns a copy of what it checks), only the cues made of them.
 */
function* validItems<T>(
  fileName: string,
  text: string,
  schema: z.ZodType<T>,
  items: readonly unknown[],
  at: PropertyKey[],
  wrapped = false,
): Generator<T> {
  for (const [index, item] of items.entries())
    yield validate(fileName, text, schema, item, wrapped, [...at, index]);
}

/** `segments[3].startTime: expected a number, got a string`. */
export function describeZodIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
  let message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    const expected = `expected ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    message =
      received === 'undefined'
        ? `missing (${expected})`
        : `${expected}${received ? `, got ${received}` : ''}`;
  }
  return path ? `${path}: ${message}` : message;
}

function podcastCues(segments: Iterable<z.infer<typeof PodcastSegment>>): Cue[] {
  const cues: Cue[] = [];
  for (const s of segments) {
    cues.push({
      start: s.startTime,
      end: s.endTime,
      speaker: s.speaker?.trim() || null,
      text: collapseWhitespace(s.body),
    });
  }
  const singleWord = cues.filter((c) => c.text !== '' && !c.text.includes(' ')).length;
  return cues.length >= 10 && singleWord / cues.length >= 0.9 ? groupWordCues(cues) : cues;
}

const SENTENCE_END = /[.!?…»"”)]$/;
const MAX_WORDS_PER_CUE = 20;
const MAX_PAUSE_IN_CUE = 1.5;

/** Word-per-segment transcripts regrouped into cues by speaker, pauses and sentence ends. */
function groupWordCues(wordCues: Cue[]): Cue[] {
  const grouped: Cue[] = [];
  let current: (Cue & { words: WordTiming[] }) | null = null;
  for (const w of wordCues) {
    if (w.text === '') continue;
    const last = current?.words.at(-1);
    const startsNewCue =
      !current ||
      !last ||
      current.speaker !== w.speaker ||
      w.start - last.end > MAX_PAUSE_IN_CUE ||
      current.words.length >= MAX_WORDS_PER_CUE ||
      (SENTENCE_END.test(last.text) && current.words.length >= 4);
    if (startsNewCue || !current) {
      current = { start: w.start, end: w.end, speaker: w.speaker, text: w.text, words: [] };
      grouped.push(current);
    } else {
      current.text += ` ${w.text}`;
      current.end = Math.max(current.end, w.end);
    }
    current.words.push({ text: w.text, start: w.start, end: w.end });
  }
  return grouped;
}

function whisperCues(segments: Iterable<z.infer<typeof WhisperSegment>>, warnings: ParseWarning[]): Cue[] {
  let droppedWordTimings = 0;
  const cues: Cue[] = [];
  for (const segment of segments) {
    const cue: Cue = {
      start: segment.start,
      end: segment.end,
      speaker: segment.speaker?.trim() || null,
      text: collapseWhitespace(segment.text),
    };
    if (segment.words && segment.words.length > 0) {
      const words = fillMissingWordTimes(segment.words, segment.start, segment.end);
      if (sameWords(words, cue.text)) cue.words = words;
      else droppedWordTimings++;
    }
    cues.push(cue);
  }
  if (droppedWordTimings > 0) {
    warnings.push({
      message: `ignored word timings of ${droppedWordTimings} segment(s) whose words do not match the segment text`,
    });
  }
  return cues;
}

/**
 * whisperX leaves numbers and symbols without times; such a word gets the gap between
 * its neighbours (the previous word's end to the next timed word's start).
 */
function fillMissingWordTimes(
  words: z.infer<typeof WhisperWord>[],
  segmentStart: number,
  segmentEnd: number,
): WordTiming[] {
  const texts = words.map((w) => collapseWhitespace(w.word ?? w.text ?? ''));
  const result: WordTiming[] = [];
  for (const [index, word] of words.entries()) {
    const text = texts[index] ?? '';
    if (text === '') continue;
    const previousEnd = result.at(-1)?.end ?? segmentStart;
    const nextStart = words.slice(index + 1).find((w) => w.start !== undefined)?.start ?? segmentEnd;
    const start = word.start ?? previousEnd;
    const end = word.end ?? Math.max(start, word.start === undefined ? nextStart : start);
    result.push({ text, start, end });
  }
  return result;
}

function sameWords(words: WordTiming[], text: string): boolean {
  return words.map((w) => w.text).join('') === text.replace(/\s+/g, '');
}

const NON_SPEECH = /^[[(][A-Z _-]+[\])]$/;

function whisperCppCues(
  segments: Iterable<z.infer<typeof WhisperCppSegment>>,
  warnings: ParseWarning[],
): Cue[] {
  const cues: Cue[] = [];
  let nonSpeech = 0;
  for (const segment of segments) {
    const text = collapseWhitespace(segment.text);
    if (NON_SPEECH.test(text)) {
      nonSpeech++;
      continue;
    }
    const cue: Cue = {
      start: segment.offsets.from / 1000,
      end: segment.offsets.to / 1000,
      speaker: null,
      text,
    };
    const words = segment.tokens ? wordsFromTokens(segment.tokens) : [];
    if (words.length > 0 && sameWords(words, text)) cue.words = words;
    cues.push(cue);
  }
  if (nonSpeech > 0)
    warnings.push({ message: `dropped ${nonSpeech} non-speech segment(s) such as [BLANK_AUDIO]` });
  return cues;
}

/** whisper.cpp tokens are word pieces; a piece starting with a space starts a new word. */
function wordsFromTokens(tokens: z.infer<typeof WhisperCppToken>[]): WordTiming[] {
  const words: WordTiming[] = [];
  for (const token of tokens) {
    if (token.text.startsWith('[_') || !token.offsets) continue;
    // A multi-byte character split across tokens cannot be timed reliably.
    if (token.text.includes('\uFFFD')) return [];
    const piece = token.text.trim();
    if (piece === '') continue;
    const last = words.at(-1);
    if (last && !/^\s/.test(token.text)) {
      last.text += piece;
      last.end = token.offsets.to / 1000;
    } else {
      words.push({ text: piece, start: token.offsets.from / 1000, end: token.offsets.to / 1000 });
    }
  }
  return words;
}
