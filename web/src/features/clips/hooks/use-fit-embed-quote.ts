import { useLayoutEffect, type RefObject } from 'react';

/** The lines the quote may take, most first; none leaves it to screen readers only. */
const QUOTE_LINES = [2, 1, 0] as const;

/**
 * The embed's quote gives way when its frame is too small for everything: a course page
 * on a phone narrows the iframe (iframe { max-width: 100% }) but keeps the height the
 * embed code gave, so the attribution wraps onto more lines. The quote shows two lines,
 * else one, else none, whichever lets the player, the attribution, the licence and the
 * link fit; it is measured again whenever the frame or those parts change size.
 */
export function useFitEmbedQuote(
  container: RefObject<HTMLElement | null>,
  quote: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    const box = container.current;
    const text = quote.current;
    // Without ResizeObserver (jsdom) there is no layout to fit: the quote keeps its two lines.
    if (!box || !text || typeof ResizeObserver === 'undefined') return;
    // Every part ends inside the frame (its bottom padding may go: 6 px, not a line).
    const fits = () => {
      const bottom = box.getBoundingClientRect().bottom;
      return [...box.children].every((part) => part.getBoundingClientRect().bottom <= bottom + 0.5);
    };
    const fit = () => {
      for (const lines of QUOTE_LINES) {
        text.classList.toggle('visually-hidden', lines === 0);
        text.style.setProperty('--quote-lines', String(Math.max(lines, 1)));
        if (fits()) return;
      }
    };
    // The frame and every part but the quote (whose size this sets): no resize loop.
    const sizes = new ResizeObserver(fit);
    const watch = () => {
      sizes.disconnect();
      sizes.observe(box);
      for (const part of box.children) if (part !== text) sizes.observe(part);
    };
    // The player arrives later (its code is loaded lazily), in place of its placeholder.
    const parts = new MutationObserver(watch);
    parts.observe(box, { childList: true });
    watch();
    return () => {
      parts.disconnect();
      sizes.disconnect();
    };
  }, [container, quote]);
}
