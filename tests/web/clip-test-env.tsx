// The clip and pack pages against a stubbed API (every answer a 200 JSON body), rendered at
// an address in one language; each test leaves the page, the address and storage clean.
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, vi } from 'vitest';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

export function stubFetch(answer: (url: URL) => unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) =>
      Promise.resolve(json(answer(new URL(input instanceof Request ? input.url : String(input))))),
    ),
  );
}

export function renderIn(locale: Locale, path: string, page: ReactNode) {
  window.history.replaceState(null, '', path);
  return render(<I18nProvider initialLocale={locale}>{page}</I18nProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
  window.localStorage.clear();
});
