// Headless Chromium for e2e tests, with the flags every test here uses, and a collector
// for console errors and uncaught page errors (a test asserts there are none).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Media may start without a click (deep links); headless has no audio device anyway.
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchChromium(options: { lang?: string } = {}): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS];
  if (options.lang) args.push(`--lang=${options.lang}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

export interface PageErrors {
  /** Console errors and uncaught exceptions seen so far, as text. */
  messages: string[];
}

export function collectPageErrors(page: Page): PageErrors {
  const errors: PageErrors = { messages: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') errors.messages.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.messages.push(`pageerror: ${error.message}`));
  return errors;
}

export async function newContext(
  browser: Browser,
  options: {
    locale?: string;
    reducedMotion?: 'reduce' | 'no-preference';
    viewport?: { width: number; height: number };
    /** A phone: touch events, taps, the mobile viewport meta tag honoured. */
    phone?: boolean;
  } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-US',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ...(options.phone ? { hasTouch: true, isMobile: true } : {}),
  });
}
