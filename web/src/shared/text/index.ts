export { foldQuery, foldText } from './fold-text.ts';
export { findQueryRanges, mergeRanges, queryTerms } from './find-query-ranges.ts';
export type { QueryTerm, TextRange } from './find-query-ranges.ts';
export { HighlightedText } from './highlighted-text.tsx';
