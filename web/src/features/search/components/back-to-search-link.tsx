import { useState, type MouseEvent, type ReactNode } from 'react';
import { Link } from '../../../shared/router/index.ts';
import { cameFromSearch, lastSearchUrl } from '../lib/last-search.ts';

/**
 * Back to the search the reader came from: a history step when the previous entry is that
 * search, else a link to the last search this tab showed (or the empty search page).
 */
export function BackToSearchLink({ children }: { children: ReactNode }) {
  const [href] = useState(lastSearchUrl);
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!cameFromSearch(window.history.state)) return;
    event.preventDefault();
    window.history.back();
  }
  return (
    <Link href={href} onClick={onClick}>
      {children}
    </Link>
  );
}
