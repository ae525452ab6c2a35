import { useDeferredValue, useMemo } from 'react';
import type { Cue } from '../../../shared/api/index.ts';
import { findTranscriptMatches, type TranscriptMatches } from '../lib/transcript-matches.ts';

/** Matches of `query` in the transcript; deferred so typing stays responsive on long episodes. */
export function useTranscriptMatches(cues: readonly Cue[], query: string): TranscriptMatches {
  const deferred = useDeferredValue(query);
  return useMemo(() => findTranscriptMatches(cues, deferred), [cues, deferred]);
}
