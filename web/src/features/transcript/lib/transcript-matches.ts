// Find in transcript shows the search API's moments (typo tolerance, phrases, apostrophes:
// the same matching as the search page), placed on the transcript's cues.
import type { Cue, SearchHit, TextRange } from '../../../shared/api/index.ts';
import { findActiveCueIndex } from './find-active-cue.ts';

export interface TranscriptMatches {
  /** The cue each moment starts in, in time order (a cue saying the words twice is listed twice). */
  cueIndexes: number[];
  /** Where each moment starts (seconds), by the same position as `cueIndexes`. */
  starts: number[];
  /** Highlight ranges by cue index. */
  rangesByCue: ReadonlyMap<number, TextRange[]>;
  /** The answer to the text typed is on its way (what is shown is the previous one). */
  pending: boolean;
  /** Why the query cannot be searched, in the reader's words; null when it can. */
  problem: string | null;
}

export const NO_MATCHES: TranscriptMatches = {
  cueIndexes: [],
  starts: [],
  rangesByCue: new Map(),
  pending: false,
  problem: null,
};

export type MomentInText = Pick<SearchHit, 'start' | 'snippet' | 'highlights'>;

/** Cues around a moment searched for its snippet (a passage holds a few cues at most). */
const CUES_AROUND = 6;

/**
 * A moment's highlights as ranges of cue texts. The snippet is a slice of the episode's
 * cue texts joined by single spaces (the server's passages): it is found among the cues
 * around the one the moment starts in, preferring the place whose first highlight is in it.
 */
function highlightsInCues(
  cues: readonly Cue[],
  cueIndex: number,
  moment: MomentInText,
): { cue: number; range: TextRange }[] {
  const from = Math.max(0, cueIndex - CUES_AROUND);
  const to = Math.min(cues.length, cueIndex + CUES_AROUND + 1);
  const offsets: number[] = [];
  let text = '';
  for (let i = from; i < to; i++) {
    if (i > from) text += ' ';
    offsets.push(text.length);
    text += cues[i]?.text ?? '';
  }
  const cueAt = (position: number) => {
    let found = from;
    offsets.forEach((offset, k) => {
      if (offset <= position) found = from + k;
    });
    return found;
  };
  const firstHighlight = moment.highlights[0]?.start ?? 0;
  let at = -1;
  for (
    let found = text.indexOf(moment.snippet);
    found >= 0;
    found = text.indexOf(moment.snippet, found + 1)
  ) {
    if (at < 0) at = found;
    if (cueAt(found + firstHighlight) === cueIndex) {
      at = found;
      break;
    }
  }
  if (at < 0 || moment.snippet === '') return [];
  const out: { cue: number; range: TextRange }[] = [];
  for (const highlight of moment.highlights) {
    const start = at + highlight.start;
    const end = at + highlight.end;
    // A highlight across two cues (a phrase) is cut at the cue boundary.
    for (let i = cueAt(start); i < to; i++) {
      const cueStart = offsets[i - from] ?? 0;
      const cueEnd = cueStart + (cues[i]?.text.length ?? 0);
      if (cueStart >= end) break;
      const range = { start: Math.max(start, cueStart) - cueStart, end: Math.min(end, cueEnd) - cueStart };
      if (range.end > range.start) out.push({ cue: i, range });
    }
  }
  return out;
}

/** The API's moments of one episode as transcript matches: cues, start times and highlights. */
export function matchesFromMoments(
  cues: readonly Cue[],
  moments: readonly MomentInText[],
): Omit<TranscriptMatches, 'pending' | 'problem'> {
  const sorted = [...moments].sort((a, b) => a.start - b.start);
  const cueIndexes: number[] = [];
  const starts: number[] = [];
  const rangesByCue = new Map<number, TextRange[]>();
  for (const moment of sorted) {
    const cueIndex = findActiveCueIndex(cues, moment.start);
    if (cueIndex < 0) continue;
    cueIndexes.push(cueIndex);
    starts.push(moment.start);
    for (const { cue, range } of highlightsInCues(cues, cueIndex, moment)) {
      const ranges = rangesByCue.get(cue) ?? [];
      if (!ranges.some((r) => r.start === range.start && r.end === range.end)) ranges.push(range);
      rangesByCue.set(cue, ranges);
    }
  }
  return { cueIndexes, starts, rangesByCue };
}
