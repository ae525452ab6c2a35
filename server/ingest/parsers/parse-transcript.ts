// The one entry point ingest uses: a transcript file's name and bytes in, normalised
// cues out, or a TranscriptParseError naming the file (and line) for a rejected file.
import { extname } from 'node:path';
import { TranscriptParseError } from '../../errors.ts';
import type { Cue } from '../../model/types.ts';
import { normalizeCues } from '../normalize-cues.ts';
import { decodeTranscriptText } from './decode-transcript-text.ts';
import type { FormatParseResult, ParsedTranscript } from './parser-types.ts';
import { parseSrt } from './parse-srt.ts';
import { parseTimestampedText } from './parse-timestamped-text.ts';
import { parseTranscriptJson } from './parse-transcript-json.ts';
import { parseWebVtt } from './parse-webvtt.ts';

export type { ParsedTranscript, ParseWarning } from './parser-types.ts';

/** Transcript file extensions, lower case with the dot. */
export const TRANSCRIPT_EXTENSIONS = ['.vtt', '.srt', '.json', '.md', '.txt'] as const;

// JSON files next to transcripts that are not transcripts themselves.
const SIDECAR_JSON = /(?:^show\.json|\.meta\.json|\.chapters\.json)$/i;

/** Whether a file in a show folder is a transcript (and not show.json or a sidecar). */
export function isTranscriptFileName(fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  const extension = extname(base).toLowerCase();
  return (TRANSCRIPT_EXTENSIONS as readonly string[]).includes(extension) && !SIDECAR_JSON.test(base);
}

const SRT_TIMING = /^\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->/m;

export function parseTranscript(fileName: string, content: Buffer | string): ParsedTranscript {
  const extension = extname(fileName).toLowerCase();
  if (!(TRANSCRIPT_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new TranscriptParseError(
      fileName,
      `unsupported transcript extension "${extension || '(none)'}": expected one of ${TRANSCRIPT_EXTENSIONS.join(', ')}`,
    );
  }
  const text = decodeTranscriptText(fileName, content);
  if (text.trim() === '') throw new TranscriptParseError(fileName, 'empty file: no transcript text');

  let result: FormatParseResult;
  switch (extension) {
    case '.vtt':
      result = parseWebVtt(fileName, text);
      break;
    case '.srt':
      result = parseSrt(fileName, text);
      break;
    case '.json':
      result = parseTranscriptJson(fileName, text);
      break;
    case '.md':
      result = parseTimestampedText(fileName, text, 'markdown');
      break;
    default:
      // Feeds serve captions as text/plain now and then: a .txt that is really WebVTT or
      // SRT is parsed as what it is.
      if (/^WEBVTT(?:[ \t\r\n]|$)/.test(text)) result = parseWebVtt(fileName, text);
      else if (SRT_TIMING.test(text.slice(0, 4000))) result = parseSrt(fileName, text);
      else result = parseTimestampedText(fileName, text, 'text');
  }

  const normalized = normalizeCues(result.cues);
  if (normalized.cues.length === 0) {
    throw new TranscriptParseError(fileName, 'no cues: the file holds no timed transcript text');
  }
  return {
    format: result.format,
    cues: normalized.cues,
    speakers: speakersOf(normalized.cues),
    // File order first (by line), then the normaliser's whole-file notes.
    warnings: [
      ...result.warnings.toSorted((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)),
      ...normalized.warnings,
    ],
  };
}

function speakersOf(cues: Cue[]): string[] {
  const seen = new Set<string>();
  for (const cue of cues) if (cue.speaker !== null) seen.add(cue.speaker);
  return [...seen];
}
