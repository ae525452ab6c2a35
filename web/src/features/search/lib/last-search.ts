// "Back to search" from an episode returns to the search the reader came from: the search
// page remembers its last URL (for this tab), and the links it leaves by mark their history
// entry, so going back can be a real history step (scroll and entries kept).
const STORAGE_KEY = 'verbatim.lastSearch';

let remembered: string | null = null;

/** Called by the search page with its current `/search?…` (or `/`) address. */
export function rememberSearch(url: string): void {
  remembered = url;
  try {
    window.sessionStorage.setItem(STORAGE_KEY, url);
  } catch {
    // storage can be disabled: the address is still kept for this page's life
  }
}

/** The last search this tab showed, else the empty search page. */
export function lastSearchUrl(): string {
  if (remembered !== null) return remembered;
  try {
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    if (stored !== null && (stored === '/' || stored.startsWith('/search?'))) return stored;
  } catch {
    // no storage: fall through
  }
  return '/';
}

/** History state of an entry opened from the search results (see `cameFromSearch`). */
export const FROM_SEARCH = { fromSearch: true } as const;

/** Whether the current history entry was opened from the search page (the entry before it). */
export function cameFromSearch(historyState: unknown): boolean {
  return (
    typeof historyState === 'object' &&
    historyState !== null &&
    (historyState as { fromSearch?: unknown }).fromSearch === true
  );
}
