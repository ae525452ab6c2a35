import { TranscriptParseError } from '../../errors.ts';
import type { Cue, TranscriptFormat } from '../../model/types.ts';

/** Something the parser skipped or repaired; `line` is 1-based when known. */
export interface ParseWarning {
  line?: number;
  message: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  cues: Cue[];
  /** Distinct speakers in order of first appearance. */
  speakers: string[];
  warnings: ParseWarning[];
}

/** What one format parser returns before normalisation. */
export interface FormatParseResult {
  format: TranscriptFormat;
  cues: Cue[];
  warnings: ParseWarning[];
}

export interface BrokenCue {
  line: number;
  reason: string;
}

/**
 * A file is imported with its broken cues skipped (and listed as warnings) only when
 * most of it is sound. When no cue survives, or more than half of the cues are broken,
 * the whole file is rejected: that is a wrong format or a systematic fault (SRT commas
 * in a .vtt file, say), and importing the remainder would hide it.
 */
export function rejectIfMostlyBroken(
  fileName: string,
  formatName: string,
  goodCount: number,
  broken: BrokenCue[],
): void {
  const first = broken[0];
  if (goodCount === 0 && first) {
    throw new TranscriptParseError(fileName, `no valid ${formatName} cue: ${first.reason}`, first.line);
  }
  if (first && broken.length > goodCount) {
    throw new TranscriptParseError(
      fileName,
      `${broken.length} of ${broken.length + goodCount} ${formatName} cues are malformed; first: ${first.reason}`,
      first.line,
    );
  }
}
