// jsdom has no layout: give the transcript's scroller and rows a size so the virtualised
// list renders rows, and record scrollTo() calls so tests can see the list follow playback.
import { act } from '@testing-library/react';
import { vi } from 'vitest';

export const ROW_HEIGHT = 50;
export const VIEWPORT_HEIGHT = 400;

export interface ScrollLog {
  tops: number[];
}

export function installTranscriptLayout(): { log: ScrollLog; restore(): void } {
  const log: ScrollLog = { tops: [] };
  const spies = [
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('transcript-scroll') ? VIEWPORT_HEIGHT : 0;
    }),
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('transcript-scroll') ? 600 : 0;
    }),
    vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function (this: Element) {
      // The scroller's content is the list, whose height the virtualiser sets inline.
      const list = this.classList.contains('transcript-scroll') ? this.firstElementChild : null;
      return list instanceof HTMLElement ? parseFloat(list.style.height) || 0 : 0;
    }),
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('transcript-row') ? ROW_HEIGHT : 0;
    }),
  ];
  const original = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTo');
  Object.defineProperty(Element.prototype, 'scrollTo', {
    configurable: true,
    writable: true,
    value(this: Element, options?: ScrollToOptions | number) {
      const top = typeof options === 'object' ? (options.top ?? 0) : 0;
      log.tops.push(top);
      // Browsers fire the scroll event later, as a task: tests do it with settleScroll().
      this.scrollTop = top;
    },
  });
  return {
    log,
    restore() {
      for (const spy of spies) spy.mockRestore();
      if (original) Object.defineProperty(Element.prototype, 'scrollTo', original);
      else Reflect.deleteProperty(Element.prototype, 'scrollTo');
    },
  };
}

/** The browser's scroll event after a scrollTo(), so the virtualised list renders the rows now in view. */
export function settleScroll(scroller: HTMLElement): void {
  act(() => {
    scroller.dispatchEvent(new Event('scroll'));
  });
}
