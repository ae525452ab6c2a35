export { HighlightedText, type TextRange } from './highlighted-text.tsx';
export { queryHasWord } from './query-has-word.ts';
export { MissingWords } from './missing-words.tsx';
