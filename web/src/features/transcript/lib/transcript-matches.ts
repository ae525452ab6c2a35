// Find in transcript shows the search API's moments (typo tolerance, phrases, apostrophes:
// the same matching as the search page), placed on the transcript's cues.
import type { Cue, SearchHit, TextRange } from '../../../shared/api/index.ts';
import { findActiveCueIndex } from './find-active-cue.ts';

export interface TranscriptMatches {
  /** The cue each moment starts in, in time order (a cue saying the words twice is listed twice). */
  cueIndexes: number[];
  /** Where each moment starts (seconds), by the same position as `cueIndexes`. */
  starts: number[];
  /** The words typed each moment does not say (missingWords), by the same position. */
  missing: (readonly string[] | undefined)[];
  /**
   * Highlight ranges of one cue (the same array each time), or undefined. Worked out when
   * a cue is shown: placing the 2,430 moments of a common word in a 3-hour episode all at
   * once held up the first highlight (~70 ms of a loaded 2-core machine's time).
   */
  rangesOf: (cueIndex: number) => readonly TextRange[] | undefined;
  /** The answer to the text typed is on its way (what is shown is the previous one). */
  pending: boolean;
  /** Why the query cannot be searched, in the reader's words; null when it can. */
  problem: string | null;
}

export const NO_MATCHES: TranscriptMatches = {
  cueIndexes: [],
  starts: [],
  missing: [],
  rangesOf: () => undefined,
  pending: false,
  problem: null,
};

export type MomentInText = Pick<SearchHit, 'start' | 'snippet' | 'highlights' | 'missingWords'>;

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

/** First position in ascending `values` holding a value ≥ `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? Infinity) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The API's moments of one episode as transcript matches: cues, start times and highlights. */
export function matchesFromMoments(
  cues: readonly Cue[],
  moments: readonly MomentInText[],
): Omit<TranscriptMatches, 'pending' | 'problem'> {
  const sorted = [...moments].sort((a, b) => a.start - b.start);
  const cueIndexes: number[] = [];
  const starts: number[] = [];
  const missing: (readonly string[] | undefined)[] = [];
  const placed: MomentInText[] = [];
  for (const moment of sorted) {
    const cueIndex = findActiveCueIndex(cues, moment.start);
    if (cueIndex < 0) continue;
    cueIndexes.push(cueIndex);
    starts.push(moment.start);
    missing.push(moment.missingWords);
    placed.push(moment);
  }
  // A moment's highlights fall within CUES_AROUND cues of the cue it starts in, so a cue's
  // ranges come from the few moments starting near it; each is placed once, when first asked.
  const highlightsOf = new Map<number, { cue: number; range: TextRange }[]>();
  const rangesOfCue = new Map<number, TextRange[] | undefined>();
  const rangesOf = (cueIndex: number): readonly TextRange[] | undefined => {
    if (rangesOfCue.has(cueIndex)) return rangesOfCue.get(cueIndex);
    const ranges: TextRange[] = [];
    for (
      let position = lowerBound(cueIndexes, cueIndex - CUES_AROUND);
      position < cueIndexes.length && (cueIndexes[position] ?? Infinity) <= cueIndex + CUES_AROUND;
      position++
    ) {
      let highlights = highlightsOf.get(position);
      if (!highlights) {
        highlights = highlightsInCues(cues, cueIndexes[position] ?? 0, placed[position]!);
        highlightsOf.set(position, highlights);
      }
      for (const { cue, range } of highlights) {
        if (cue !== cueIndex) continue;
        if (!ranges.some((r) => r.start === range.start && r.end === range.end)) ranges.push(range);
      }
    }
    const found = ranges.length > 0 ? ranges : undefined;
    rangesOfCue.set(cueIndex, found);
    return found;
  };
  return { cueIndexes, starts, missing, rangesOf };
}
