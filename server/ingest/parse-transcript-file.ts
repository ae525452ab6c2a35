// Parses one transcript into plain, structured-cloneable data, so the same function runs
// in the ingest thread or in a parse worker. Errors become data too (file:line + reason).
import type { Cue, TranscriptFormat } from '../model/types.ts';
import { TranscriptParseError } from '../errors.ts';
import { parseTranscript } from './parsers/parse-transcript.ts';

export interface ParsedTranscriptFile {
  ok: true;
  format: TranscriptFormat;
  cues: Cue[];
  speakers: string[];
  warnings: { line?: number; message: string }[];
}

export interface FailedTranscriptFile {
  ok: false;
  line?: number;
  reason: string;
}

export type ParseOutcome = ParsedTranscriptFile | FailedTranscriptFile;

export function parseTranscriptFile(fileName: string, content: Buffer | string): ParseOutcome {
  try {
    const parsed = parseTranscript(fileName, content);
    if (parsed.cues.length === 0) return { ok: false, reason: 'the transcript contains no cues' };
    return {
      ok: true,
      format: parsed.format,
      cues: parsed.cues,
      speakers: parsed.speakers,
      warnings: parsed.warnings,
    };
  } catch (error) {
    if (error instanceof TranscriptParseError) {
      return error.line === undefined
        ? { ok: false, reason: error.reason }
        : { ok: false, line: error.line, reason: error.reason };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `could not be parsed: ${message}` };
  }
}
