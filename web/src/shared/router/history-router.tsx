// A router of our own over the History API: two pages do not justify a dependency.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
  /** history.state, as pushed by navigate(). */
  state: unknown;
}

const NAVIGATE_EVENT = 'verbatim:navigate';

// One snapshot per navigation, so useSyncExternalStore sees a stable value between them.
let cached: AppLocation | null = null;
function readLocation(): AppLocation {
  if (cached === null) {
    const { pathname, search, hash } = window.location;
    cached = { pathname, search, hash, state: window.history.state as unknown };
  }
  return cached;
}

function subscribe(onChange: () => void): () => void {
  const handle = () => {
    cached = null;
    onChange();
  };
  window.addEventListener('popstate', handle);
  window.addEventListener('hashchange', handle);
  window.addEventListener(NAVIGATE_EVENT, handle);
  return () => {
    window.removeEventListener('popstate', handle);
    window.removeEventListener('hashchange', handle);
    window.removeEventListener(NAVIGATE_EVENT, handle);
  };
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, readLocation, readLocation);
}

export interface NavigateOptions {
  /** replaceState instead of pushState (typing in the search box should not flood history). */
  replace?: boolean;
  state?: unknown;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const url = new URL(to, window.location.href);
  const current = window.location;
  const same =
    url.pathname === current.pathname && url.search === current.search && url.hash === current.hash;
  if (options.replace || same) window.history.replaceState(options.state ?? null, '', url);
  else window.history.pushState(options.state ?? null, '', url);
  cached = null;
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  state?: unknown;
}

/** An `<a>` that navigates in-app on a plain left click and behaves natively otherwise. */
export function Link({ href, state, onClick, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target === '_blank'
    )
      return;
    event.preventDefault();
    navigate(href, { state });
  }
  return <a href={href} onClick={handleClick} {...rest} />;
}

/** Matches `/episodes/:id` style patterns; returns decoded params or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = pathname.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of patternParts.entries()) {
    const actual = pathParts[i] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (part !== actual) return null;
  }
  return params;
}
