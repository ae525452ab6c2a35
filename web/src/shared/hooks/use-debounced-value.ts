import { useEffect, useState } from 'react';

/**
 * The pause in typing after which search as you type asks the server (the search box and
 * Find in transcript, which share the API's search rate limit). At 150 ms a typist at 200 ms
 * a character (about 60 words a minute) sent a search per keystroke, and four queries spent
 * the default 120 searches a minute: the fifth was refused.
 */
export const TYPING_PAUSE_MS = 300;

export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
