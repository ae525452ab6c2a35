import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useI18n } from '../../../shared/i18n/index.ts';
import { navigate, useLocation } from '../../../shared/router/index.ts';
import {
  TYPING_PAUSE_MS,
  useDebouncedValue,
  useDocumentTitle,
  useSlashToFocus,
} from '../../../shared/hooks/index.ts';
import { useSearchResults } from '../hooks/use-search-results.ts';
import { leftResultsOf, useRememberWhereLeft, useReturnToResults } from '../hooks/use-return-to-results.ts';
import { MAX_OFFSET, PAGE_SIZE } from '../api/search-api.ts';
import { rememberSearch } from '../lib/last-search.ts';
import { queryHasWord } from '../../../shared/text/index.ts';
import { queryWithoutOwnQuotes } from '../lib/query-without-quotes.ts';
import { readSearchParams, searchUrl, type SearchParams } from '../lib/search-params.ts';
import { FacetFilters } from './facet-filters.tsx';
import { SearchResults } from './search-results.tsx';

/** The longest query the search API accepts (in characters). */
export const MAX_QUERY_LENGTH = 1000;

/**
 * Typing in the box writes one history entry, edited while the typing goes on. Every other
 * entry (a submit, a filter, a search opened from a link or the back button) is kept.
 */
interface SearchHistoryState {
  typed?: boolean;
}

function isTyped(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as SearchHistoryState).typed === true;
}

export function SearchPage() {
  const { t } = useI18n();
  const location = useLocation();
  const params = readSearchParams(location.search);
  const [input, setInput] = useState(params.q);
  // "Show more" applies to the search it was pressed on; any new search starts at one page,
  // and one returned to (Back) with the pages it had.
  const left = leftResultsOf(location.state);
  const [more, setMore] = useState({ search: '', pages: 1 });
  const pages = more.search === location.search ? more.pages : (left?.pages ?? 1);
  useRememberWhereLeft(pages);
  const [retry, setRetry] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  useSlashToFocus(inputRef);
  // The query whose results show (the URL's), so open tabs and the history tell searches apart.
  const shownQuery = params.q.trim();
  useDocumentTitle(
    shownQuery === '' ? null : t('search.pageTitle', { q: queryWithoutOwnQuotes(shownQuery) }),
  );
  const debounced = useDebouncedValue(input, TYPING_PAUSE_MS);

  // The URL's query changed by anything but this box (back/forward, the logo, a link to
  // another search): show it in the box, so the next keystroke edits what is searched.
  // The box's own writes put its (debounced or submitted) text in the URL: left alone, so
  // typing ahead of the debounce is never overwritten.
  const [shownQ, setShownQ] = useState(params.q);
  if (params.q !== shownQ) {
    setShownQ(params.q);
    if (params.q !== debounced && params.q !== input) setInput(params.q);
  }

  const searchAddress = `${location.pathname}${location.search}`;
  useEffect(() => rememberSearch(searchAddress), [searchAddress]);

  useEffect(() => {
    const current = readSearchParams(window.location.search);
    if (debounced === current.q) return;
    const url = searchUrl({ ...current, q: debounced });
    // The first keystrokes after any other entry start a new one.
    navigate(url, {
      replace: isTyped(window.history.state),
      state: { typed: true } satisfies SearchHistoryState,
    });
  }, [debounced]);

  function commit(next: SearchParams) {
    const url = searchUrl(next);
    const same = url === `${window.location.pathname}${window.location.search}`;
    navigate(url, { replace: same });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    commit({ ...params, q: input });
  }

  function onInputKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      const first = resultsRef.current?.querySelector<HTMLElement>('[data-result]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  const state = useSearchResults(params, pages, retry);
  const searching = queryHasWord(params.q);
  useReturnToResults(location, state.status === 'success', resultsRef, inputRef);

  return (
    <div className="search-page">
      <form className="search-form" role="search" onSubmit={onSubmit}>
        {/* The page's main heading is the box's label: what this page is for. */}
        <h1 className="search-heading">
          <label htmlFor="search-input" className="search-label">
            {t('search.label')}
          </label>
        </h1>
        <div className="search-row">
          <input
            id="search-input"
            ref={inputRef}
            type="search"
            value={input}
            onChange={(event) => setInput(event.target.value)}
            onKeyDown={onInputKeyDown}
            maxLength={MAX_QUERY_LENGTH}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="search-hint"
            aria-keyshortcuts="/"
            // Back to results left by a link focuses that link instead (useReturnToResults).
            autoFocus={left?.href == null}
          />
          <button type="submit" className="primary-button">
            {t('search.submit')}
          </button>
        </div>
        <p id="search-hint" className="hint">
          {t('search.shortcutHint')}
        </p>
      </form>
      <div className="search-layout">
        {searching && (
          <FacetFilters
            params={params}
            facets={
              state.status === 'success'
                ? state.result.facets
                : state.status === 'loading'
                  ? state.previous?.facets
                  : undefined
            }
            estimated={
              state.status === 'success'
                ? state.result.facetsEstimated === true
                : state.status === 'loading' && state.previous?.facetsEstimated === true
            }
            onChange={commit}
          />
        )}
        <div className="search-main" ref={resultsRef}>
          <SearchResults
            state={state}
            query={params.q}
            onRetry={() => {
              setRetry((n) => n + 1);
              // The button goes while the search runs: focus would fall to the page.
              inputRef.current?.focus();
            }}
            onMore={
              pages * PAGE_SIZE <= MAX_OFFSET
                ? () => setMore({ search: location.search, pages: pages + 1 })
                : null
            }
            searchInput={inputRef}
          />
        </div>
      </div>
    </div>
  );
}
