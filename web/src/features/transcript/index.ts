export { TranscriptPanel } from './components/transcript-panel.tsx';
export type { TranscriptPanelProps } from './components/transcript-panel.tsx';
export { useTranscriptMatches } from './hooks/use-transcript-matches.ts';
export { findActiveCueIndex } from './lib/find-active-cue.ts';
export { matchesFromMoments, NO_MATCHES } from './lib/transcript-matches.ts';
export type { MomentInText, TranscriptMatches } from './lib/transcript-matches.ts';
