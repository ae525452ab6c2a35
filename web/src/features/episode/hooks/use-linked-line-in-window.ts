import { useEffect, type RefObject } from 'react';

/** Frames the line must hold still (the transcript's own smooth scroll to it has ended). */
const STILL_FRAMES = 6;
/** Frames to wait for the line at most (about 3 s). */
const MAX_FRAMES = 180;
/** Room left under the line. */
const MARGIN_PX = 16;

/**
 * Once, on arriving at a linked moment (a search hit, a ?t= link): when the line being spoken
 * is outside the window (on a phone the transcript comes after the player and the chapters),
 * scrolls the page the least that shows it, so the player stays in sight when it can. A reader
 * who scrolls the page meanwhile is left where they went.
 */
export function useLinkedLineInWindow(linked: boolean, page: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!linked) return;
    const startY = window.scrollY;
    let frame = 0;
    let still = 0;
    let lastTop: number | null = null;
    let request = requestAnimationFrame(function look() {
      frame += 1;
      if (window.scrollY !== startY || frame > MAX_FRAMES) return;
      const box = page.current?.querySelector('.transcript .cue-active')?.getBoundingClientRect();
      still = box && lastTop !== null && Math.abs(box.top - lastTop) < 0.5 ? still + 1 : 0;
      lastTop = box?.top ?? null;
      if (!box || still < STILL_FRAMES) {
        request = requestAnimationFrame(look);
        return;
      }
      const below = box.bottom + MARGIN_PX - window.innerHeight;
      const above = box.top - MARGIN_PX;
      const by = below > 0 ? Math.min(below, Math.max(above, 0)) : Math.min(above, 0);
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (by !== 0) window.scrollBy({ top: by, behavior: reduced ? 'auto' : 'smooth' });
    });
    return () => cancelAnimationFrame(request);
  }, [linked, page]);
}
