export { HighlightedText, type TextRange } from './highlighted-text.tsx';
