export { TranscriptPanel } from './components/transcript-panel.tsx';
export type { TranscriptPanelProps } from './components/transcript-panel.tsx';
export { useTranscriptMatches } from './hooks/use-transcript-matches.ts';
export { findActiveCueIndex } from './lib/find-active-cue.ts';
export { findTranscriptMatches, NO_MATCHES } from './lib/transcript-matches.ts';
export type { TranscriptMatches } from './lib/transcript-matches.ts';
