// @vitest-environment jsdom
// The line above the results says what the answer holds: the moments are counted only when
// every episode is on the page, and counts are written as the reader's language writes them.
import { cleanup, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchResult, SearchResultGroup } from '../../web/src/shared/api/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { SearchResults } from '../../web/src/features/search/components/search-results.tsx';

function group(id: string, count: number): SearchResultGroup {
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
    moments: [
      {
        episode,
        start: 12,
        end: 15,
        speaker: 'Nadia Karim',
        snippet: 'la surveillance des communications',
        highlights: [{ start: 3, end: 15 }],
        score: 1,
      },
    ],
  } as unknown as SearchResultGroup;
}

function answer(total: number, groups: SearchResultGroup[], estimated?: boolean): SearchResult {
  return {
    query: 'surveillance',
    total,
    partial: false,
    tookMs: 4,
    hits: groups.flatMap((g) => g.moments),
    groups,
    facets: { show: {}, speaker: {}, language: {}, year: {} },
    ...(estimated === undefined ? {} : { estimated }),
  };
}

function summary(result: SearchResult, locale: Locale = 'en'): string {
  cleanup();
  render(
    <I18nProvider initialLocale={locale}>
      <SearchResults
        state={{ status: 'success', result }}
        query="surveillance"
        onRetry={() => undefined}
        onMore={() => undefined}
        searchInput={createRef<HTMLInputElement>()}
      />
    </I18nProvider>,
  );
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

  it('writes large counts as the language does', () => {
    expect(summary(answer(2, [group('a', 8000), group('b', 894)]))).toBe(
      '8,894 matching moments in 2 episodes',
    );
    expect(summary(answer(2, [group('a', 8000), group('b', 894)]), 'fr')).toBe(
      '8\u202f894 passages dans 2 épisodes',
    );
  });
});
