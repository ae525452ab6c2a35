import { useEffect, useRef, type RefObject } from 'react';

/** How long a page may take to show its heading (an episode loading) before we give up. */
const HEADING_WAIT_MS = 10_000;

/**
 * After an in-app navigation, moves keyboard and screen-reader focus to the new page's
 * main heading (made focusable with tabindex="-1"), as a full page load would reset it:
 * otherwise focus stays on <body> or on a link of the page that is gone. A page that
 * focuses something of its own (the search box) keeps it. Pages that load their data
 * first get their heading focused once it appears.
 */
export function useFocusOnNavigate(main: RefObject<HTMLElement | null>, pathname: string): void {
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const root = main.current;
    if (!root) return;
    const tryFocus = (): boolean => {
      const active = document.activeElement;
      // The page put focus somewhere in itself (autofocus), or the reader already moved on.
      if (active instanceof HTMLElement && active !== root && root.contains(active)) return true;
      const heading = root.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return true;
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => {
      if (tryFocus()) stop();
    });
    const timer = window.setTimeout(() => stop(), HEADING_WAIT_MS);
    function stop() {
      observer.disconnect();
      window.clearTimeout(timer);
    }
    observer.observe(root, { childList: true, subtree: true });
    return stop;
  }, [main, pathname]);
}
