// Where parts of a page (an embed in its iframe) are laid out, and whether each is wholly
// in its window: a part cut off by the frame's edge is one the reader cannot see.
import type { Frame, Page } from 'playwright-core';

export interface PartBox {
  selector: string;
  /** Laid out, and wholly inside the window (not cut off by the frame's edges). */
  inside: boolean;
  height: number;
}

/** Each selector's first match: its height and whether it lies wholly inside the window. */
export function boxesInView(target: Page | Frame, selectors: string[]): Promise<PartBox[]> {
  return target.evaluate((list) => {
    return list.map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return { selector, inside: false, height: 0 };
      const box = element.getBoundingClientRect();
      const inside =
        box.width > 0 &&
        box.height > 0 &&
        box.top >= 0 &&
        box.left >= 0 &&
        box.bottom <= window.innerHeight + 0.5 &&
        box.right <= window.innerWidth + 0.5;
      return { selector, inside, height: box.height };
    });
  }, selectors);
}
