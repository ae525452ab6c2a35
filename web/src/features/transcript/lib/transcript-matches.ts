import type { Cue } from '../../../shared/api/index.ts';
import { findQueryRanges, queryTerms, type TextRange } from '../../../shared/text/index.ts';

export interface TranscriptMatches {
  /** Indexes of the cues containing a match, in order. */
  cueIndexes: number[];
  /** Highlight ranges by cue index. */
  rangesByCue: ReadonlyMap<number, TextRange[]>;
}

export const NO_MATCHES: TranscriptMatches = { cueIndexes: [], rangesByCue: new Map() };

export function findTranscriptMatches(cues: readonly Cue[], query: string): TranscriptMatches {
  const terms = queryTerms(query);
  if (terms.length === 0) return NO_MATCHES;
  const cueIndexes: number[] = [];
  const rangesByCue = new Map<number, TextRange[]>();
  cues.forEach((cue, index) => {
    const ranges = findQueryRanges(cue.text, terms);
    if (ranges.length === 0) return;
    cueIndexes.push(index);
    rangesByCue.set(index, ranges);
  });
  return { cueIndexes, rangesByCue };
}
