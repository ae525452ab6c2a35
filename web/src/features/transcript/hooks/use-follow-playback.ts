import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' ']);

interface FollowOptions {
  /** The scrolling element holding the cues. */
  scrollRef: RefObject<HTMLElement | null>;
  activeIndex: number;
  /** Brings a cue into view (the list may be virtualised, so the caller knows how). */
  scrollToIndex: (index: number) => void;
}

export interface FollowState {
  /** True while the list scrolls along with playback. */
  following: boolean;
  /** Scroll back to the cue being spoken and follow again. */
  backToNow: () => void;
  /** Stop following (e.g. the reader jumped elsewhere in the transcript). */
  stopFollowing: () => void;
}

/**
 * Keeps the cue being spoken in view. Only the reader's own scrolling (wheel, touch,
 * scrollbar drag, scroll keys, arrows from line to line) pauses following: our programmatic scrolls do not emit
 * those events, so they never pause it by mistake.
 */
export function useFollowPlayback({ scrollRef, activeIndex, scrollToIndex }: FollowOptions): FollowState {
  const [following, setFollowing] = useState(true);
  const scrollToIndexRef = useRef(scrollToIndex);
  useEffect(() => {
    scrollToIndexRef.current = scrollToIndex;
  }, [scrollToIndex]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const pause = () => setFollowing(false);
    const onPointerDown = (event: PointerEvent) => {
      // A press on the element itself (not on a cue) is a press on its scrollbar.
      if (event.target === element) pause();
    };
    // Arrow keys on a cue move focus between cues: the reader reads there, so the list
    // must not jump back to the line being spoken (it scrolled the focused line out of view,
    // and the virtualiser then dropped it: focus fell to the page). Playing a line (Enter,
    // Space, a click) or Back to now follows again.
    const onKeyDown = (event: KeyboardEvent) => {
      if (SCROLL_KEYS.has(event.key)) pause();
    };
    element.addEventListener('wheel', pause, { passive: true });
    element.addEventListener('touchmove', pause, { passive: true });
    element.addEventListener('pointerdown', onPointerDown);
    element.addEventListener('keydown', onKeyDown);
    return () => {
      element.removeEventListener('wheel', pause);
      element.removeEventListener('touchmove', pause);
      element.removeEventListener('pointerdown', onPointerDown);
      element.removeEventListener('keydown', onKeyDown);
    };
  }, [scrollRef]);

  useEffect(() => {
    if (following && activeIndex >= 0) scrollToIndexRef.current(activeIndex);
  }, [following, activeIndex]);

  const backToNow = useCallback(() => {
    setFollowing(true);
    if (activeIndex >= 0) scrollToIndexRef.current(activeIndex);
  }, [activeIndex]);
  const stopFollowing = useCallback(() => setFollowing(false), []);
  return { following, backToNow, stopFollowing };
}
