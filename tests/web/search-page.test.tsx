// @vitest-environment jsdom
// The search page against a stubbed API: the box follows the URL when something else
// changes it (the logo, a link), a query the API refuses is the reader's to change (not a
// connection problem to retry), and no answer at all is said in the reader's language.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchPage } from '../../web/src/features/search/index.ts';
import { TYPING_PAUSE_MS } from '../../web/src/shared/hooks/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { navigate } from '../../web/src/shared/router/index.ts';

type Answer = (url: URL) => Response | Promise<Response>;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const noShows = () => json(200, { items: [], total: 0 });

function emptyAnswer(url: URL) {
  return json(200, {
    query: url.searchParams.get('q') ?? '',
    total: 0,
    partial: false,
    tookMs: 2,
    hits: [],
    groups: [],
    facets: { show: {}, speaker: {}, language: {}, year: {} },
  });
}

let searches: string[] = [];

function stubApi(search: Answer) {
  searches = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/api/search') {
        searches.push(url.searchParams.get('q') ?? '');
        return Promise.resolve(search(url));
      }
      return Promise.resolve(noShows());
    }),
  );
}

function renderAt(path: string, locale: Locale = 'en') {
  window.history.replaceState(null, '', path);
  render(
    <I18nProvider initialLocale={locale}>
      <SearchPage />
    </I18nProvider>,
  );
}

const box = () => screen.getByRole<HTMLInputElement>('searchbox');

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('the search box and the URL', () => {
  it('empties when an in-app link (the logo) leads to the empty search page', async () => {
    stubApi(emptyAnswer);
    renderAt('/search?q=cameras');
    expect(box().value).toBe('cameras');
    act(() => navigate('/'));
    expect(box().value).toBe('');
    // The next keystroke searches for itself, not for "cameras" plus it.
    fireEvent.change(box(), { target: { value: 'm' } });
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(new URLSearchParams(window.location.search).get('q')).toBe('m');
  });

  it('shows the query of another search opened by a link', () => {
    stubApi(emptyAnswer);
    renderAt('/search?q=cameras');
    act(() => navigate('/search?q=reconnaissance'));
    expect(box().value).toBe('reconnaissance');
  });

  it('keeps what is being typed while the URL catches up', async () => {
    stubApi(emptyAnswer);
    renderAt('/');
    fireEvent.change(box(), { target: { value: 'dro' } });
    await act(() => vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS + 100));
    expect(new URLSearchParams(window.location.search).get('q')).toBe('dro');
    fireEvent.change(box(), { target: { value: 'drones' } });
    expect(box().value).toBe('drones');
    await act(() => vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS + 100));
    expect(box().value).toBe('drones');
    expect(new URLSearchParams(window.location.search).get('q')).toBe('drones');
  });
});

describe('searching as you type', () => {
  it('asks once an average typist (200 ms a character) pauses, not on every keystroke', async () => {
    stubApi(emptyAnswer);
    renderAt('/');
    const query = 'la reconnaissance faciale';
    // 25 searches a query, at this pace, spent the API's 120 a minute in four queries.
    for (let end = 1; end <= query.length; end++) {
      fireEvent.change(box(), { target: { value: query.slice(0, end) } });
      await act(() => vi.advanceTimersByTimeAsync(200));
    }
    await act(() => vi.advanceTimersByTimeAsync(1000));
    // (The previous test's last search can still reach the stub: only this query's count.)
    expect(searches.filter((q) => query.startsWith(q))).toEqual([query]);
  });
});

describe('the date filters', () => {
  it.each([
    ['/search?q=recours&from=2021&to=2022', '2021-01-01', '2022-12-31'],
    ['/search?q=recours&from=2024-02&to=2024-02', '2024-02-01', '2024-02-29'],
    ['/search?q=recours&from=2023-05-17', '2023-05-17', ''],
  ])('shows the range a link gives (%s) in the date pickers', async (path, from, to) => {
    stubApi(emptyAnswer);
    renderAt(path);
    expect((await screen.findByLabelText<HTMLInputElement>('From')).value).toBe(from);
    expect(screen.getByLabelText<HTMLInputElement>('To').value).toBe(to);
  });
});

describe('when the search fails', () => {
  it('accepts no more than the API does', () => {
    stubApi(emptyAnswer);
    renderAt('/');
    expect(box().maxLength).toBe(1000);
  });

  it('says a refused query is the query’s problem, with the API’s reason and no retry', async () => {
    stubApi(() =>
      json(400, {
        error: { code: 'bad_request', message: 'q must be at most 1000 characters', details: {} },
      }),
    );
    renderAt(`/search?q=${'a'.repeat(1001)}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This query cannot be searched');
    expect(alert.textContent).toContain('q must be at most 1000 characters');
    expect(alert.textContent).not.toMatch(/connection/i);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('says in French that the server could not be reached, and offers to retry', async () => {
    stubApi(() => Promise.reject(new TypeError('Failed to fetch')));
    renderAt('/search?q=drones', 'fr');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('La recherche a échoué');
    expect(alert.textContent).toContain('Le serveur est injoignable.');
    expect(alert.textContent).not.toMatch(/server|a répondu/);
    const before = searches.length;
    const retry = screen.getByRole('button', { name: 'Réessayer' });
    retry.focus();
    fireEvent.click(retry);
    await act(() => vi.advanceTimersByTimeAsync(50));
    expect(searches.length).toBe(before + 1);
    // The button goes while the search runs: focus waits in the search box, not on the page.
    expect(document.activeElement).toBe(box());
  });
});
