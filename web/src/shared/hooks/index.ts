export { useDebouncedValue } from './use-debounced-value.ts';
export { useDocumentTitle } from './use-document-title.ts';
