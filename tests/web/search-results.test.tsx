// @vitest-environment jsdom
// The line above the results says what the answer holds: the moments are counted only when
// every episode is on the page, and counts are written as the reader's language writes them.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type SearchResult, type SearchResultGroup } from '../../web/src/shared/api/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { SearchResults } from '../../web/src/features/search/components/search-results.tsx';

function group(id: string, count: number, scores: number[] = [1]): SearchResultGroup {
  const episode = {
    id,
    title: `Épisode ${id}`,
    showId: 'libertes-en-ligne',
    showTitle: 'Libertés en ligne',
    date: '2031-03-15',
    source: `libertes-en-ligne/${id}.vtt`,
    media: null,
    mediaUrl: null,
  };
  return {
    episode,
    count,
    score: 1,
    moments: scores.map((score, i) => ({
      episode,
      start: 12 + 60 * i,
      end: 15 + 60 * i,
      speaker: 'Nadia Karim',
      snippet: 'la surveillance des communications',
      highlights: [{ start: 3, end: 15 }],
      score,
    })),
  } as unknown as SearchResultGroup;
}

function answer(total: number, groups: SearchResultGroup[], estimated?: boolean): SearchResult {
  return {
    query: 'surveillance',
    total,
    partial: false,
    tookMs: 4,
    // The page asks for compact groups: the moments are in them only.
    hits: [],
    groups,
    facets: { show: {}, speaker: {}, language: {}, year: {} },
    ...(estimated === undefined ? {} : { estimated }),
  };
}

function renderResults(result: SearchResult, locale: Locale = 'en', query = 'surveillance'): void {
  cleanup();
  render(
    <I18nProvider initialLocale={locale}>
      <SearchResults
        state={{ status: 'success', result }}
        query={query}
        onRetry={() => undefined}
        onMore={() => undefined}
        searchInput={createRef<HTMLInputElement>()}
      />
    </I18nProvider>,
  );
}

function summary(result: SearchResult, locale: Locale = 'en'): string {
  renderResults(result, locale);
  return (screen.getByRole('status').textContent ?? '').replace(/\s*\S+ \d+ ms$/, '');
}

afterEach(cleanup);

describe('search results summary', () => {
  it('counts the moments when every episode is on the page', () => {
    expect(summary(answer(2, [group('a', 3), group('b', 4)]))).toBe('7 matching moments in 2 episodes');
  });

  it('gives only the number of episodes when more are left to load', () => {
    // Before: "7 matching moments in 286 episodes", the moments of the first page only.
    expect(summary(answer(286, [group('a', 3), group('b', 4)]))).toBe('Matching moments in 286 episodes');
    expect(summary(answer(3400, [group('a', 3), group('b', 4)], true))).toBe(
      'Matching moments in about 3,400 episodes',
    );
    expect(summary(answer(3400, [group('a', 3)], true), 'fr')).toBe(
      'Des passages dans environ 3\u202f400 épisodes',
    );
  });

  it('says "episode" and "moment" in the singular when there is one, in both languages', () => {
    expect(summary(answer(1, [group('a', 2)]))).toBe('2 matching moments in 1 episode');
    expect(summary(answer(1, [group('a', 2)]), 'fr')).toBe('2 passages dans 1 épisode');
    expect(summary(answer(1, [group('a', 1)]))).toBe('1 matching moment in 1 episode');
    expect(summary(answer(1, [group('a', 1)]), 'fr')).toBe('1 passage dans 1 épisode');
    expect(summary(answer(2, [group('a', 1), group('b', 1)]), 'fr')).toBe('2 passages dans 2 épisodes');
  });

  it('writes large counts as the language does', () => {
    expect(summary(answer(2, [group('a', 8000), group('b', 894)]))).toBe(
      '8,894 matching moments in 2 episodes',
    );
    expect(summary(answer(2, [group('a', 8000), group('b', 894)]), 'fr')).toBe(
      '8\u202f894 passages dans 2 épisodes',
    );
  });
});

describe('moments of an episode', () => {
  const playTimes = () =>
    screen.getAllByRole('link', { name: /^\d+:\d\d/ }).map((link) => link.getAttribute('data-start'));

  it('shows the best three in time order, and every one on demand', () => {
    // Ten moments, one a minute; the best are the 3rd, 7th and 9th.
    const scores = [1, 1, 5, 1, 1, 1, 9, 1, 7, 1];
    renderResults(answer(1, [group('a', 10, scores)]));
    expect(playTimes()).toEqual(['132', '372', '492']);
    const more = screen.getByRole('button', { name: 'Show all 10 moments' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(playTimes()).toHaveLength(10);
    fireEvent.click(screen.getByRole('button', { name: 'Show the best moments only' }));
    expect(playTimes()).toEqual(['132', '372', '492']);
  });

  it('lists four moments or fewer whole, with no button', () => {
    renderResults(answer(1, [group('a', 4, [1, 2, 3, 4])]), 'fr');
    expect(playTimes()).toHaveLength(4);
    expect(screen.queryByRole('button', { name: /Afficher les/ })).toBeNull();
  });

  it('says which phrase found nothing without quoting it twice', () => {
    renderResults(answer(0, []), 'en', '"la surveillance du quotidien"');
    expect(screen.getByRole('heading').textContent).toBe('No match for “la surveillance du quotidien”');
    renderResults(answer(0, []), 'fr', '« la surveillance du quotidien »');
    expect(screen.getByRole('heading').textContent).toBe(
      'Aucun résultat pour « la surveillance du quotidien »',
    );
    renderResults(answer(0, []), 'en', '"la surveillance" du quotidien');
    expect(screen.getByRole('heading').textContent).toBe('No match for “"la surveillance" du quotidien”');
  });
});

describe('a search the server could not answer', () => {
  function renderError(error: ApiError, locale: Locale) {
    cleanup();
    render(
      <I18nProvider initialLocale={locale}>
        <SearchResults
          state={{ status: 'error', kind: 'server', error, message: error.message }}
          query="surveillance"
          onRetry={() => undefined}
          onMore={() => undefined}
          searchInput={createRef<HTMLInputElement>()}
        />
      </I18nProvider>,
    );
  }

  it('says the search engine is down in the reader’s language (a 503), not the server’s English', () => {
    const down = new ApiError(
      503,
      'backend_unavailable',
      'Search backend meilisearch is unavailable: connect ECONNREFUSED',
      { backend: 'meilisearch' },
    );
    renderError(down, 'fr');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Le moteur de recherche ne répond pas');
    expect(alert.textContent).not.toContain('ECONNREFUSED');
    renderError(down, 'en');
    expect(screen.getByRole('alert').textContent).toContain('The search engine is not answering');
  });
});
