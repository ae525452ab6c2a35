// Back from an episode (or its "Back to search") returns to the results where the listener
// left them: the same scroll, the moment they opened focused (so ↑ ↓ go on from it), and
// the pages "Show more" had loaded. The search page is rendered anew and asks for its
// results again, so the browser cannot restore the scroll (the page is short until they
// arrive) and focus would go to the search box: where the listener left is written into
// the search's own history entry when a link is followed, and put back once the results show.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { AppLocation } from '../../../shared/router/index.ts';

export interface LeftResults {
  scrollY: number;
  /** The link followed (as written in the page), to focus again. */
  href: string | null;
  /** Pages of results shown ("Show more"). */
  pages: number;
}

/** Where the listener left the results of this history entry, if they followed a link. */
export function leftResultsOf(historyState: unknown): LeftResults | null {
  if (typeof historyState !== 'object' || historyState === null) return null;
  const left = (historyState as { leftResults?: Partial<LeftResults> }).leftResults;
  if (typeof left !== 'object' || typeof left.scrollY !== 'number' || typeof left.pages !== 'number')
    return null;
  return { scrollY: left.scrollY, href: typeof left.href === 'string' ? left.href : null, pages: left.pages };
}

/** How long scrolling must pause before where the listener is gets noted (no `scrollend`). */
const SCROLL_PAUSE_MS = 200;

/** Notes in the current history entry where the listener leaves the results. */
function noteWhereLeft(href: string | null, pages: number): void {
  const state = window.history.state as unknown;
  const leftResults: LeftResults = { scrollY: window.scrollY, href, pages };
  const kept = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState({ ...kept, leftResults }, '');
}

/**
 * Records where the listener leaves the results when they follow a link (a click, or Enter
 * on it), before the link's own navigation pushes the next entry; and, each time they stop
 * scrolling, where they are and the pages loaded, for a reload (the browser cannot restore the
 * scroll of results that arrive after the page, and the page has no time to write it as it goes).
 */
export function useRememberWhereLeft(pages: number): void {
  const pagesRef = useRef(pages);
  useEffect(() => {
    pagesRef.current = pages;
  }, [pages]);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (link) noteWhereLeft(link.getAttribute('href'), pagesRef.current);
    };
    const onScrollEnd = () => noteWhereLeft(null, pagesRef.current);
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onScrollEnd, SCROLL_PAUSE_MS);
    };
    const scrollEvent = 'onscrollend' in window ? 'scrollend' : 'scroll';
    const onScrollEvent = scrollEvent === 'scrollend' ? onScrollEnd : onScroll;
    // Capture: before the link's handler navigates away.
    document.addEventListener('click', onClick, true);
    window.addEventListener(scrollEvent, onScrollEvent, { passive: true });
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('click', onClick, true);
      window.removeEventListener(scrollEvent, onScrollEvent);
    };
  }, []);
}

/**
 * Once the results of an entry the listener left are shown again, scrolls back to where
 * they were and focuses the link they followed (the search box when it is gone).
 */
export function useReturnToResults(
  location: AppLocation,
  shown: boolean,
  results: RefObject<HTMLElement | null>,
  searchInput: RefObject<HTMLInputElement | null>,
): void {
  const restored = useRef<AppLocation | null>(null);
  useLayoutEffect(() => {
    const left = leftResultsOf(location.state);
    if (!left || !shown || restored.current === location) return;
    restored.current = location;
    window.scrollTo(0, left.scrollY);
    const links = results.current?.querySelectorAll<HTMLElement>('a[href]') ?? [];
    const followed = [...links].find((link) => link.getAttribute('href') === left.href);
    (followed ?? searchInput.current)?.focus({ preventScroll: true });
  }, [location, shown, results, searchInput]);
}
