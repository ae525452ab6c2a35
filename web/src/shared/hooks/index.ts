export { TYPING_PAUSE_MS, useDebouncedValue } from './use-debounced-value.ts';
export { useDocumentTitle } from './use-document-title.ts';
export { useSlashToFocus } from './use-slash-to-focus.ts';
