import { memo, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import {
  busyServerText,
  queryErrorText,
  type SearchResult,
  type SearchResultGroup,
} from '../../../shared/api/index.ts';
import { useI18n, type Translate } from '../../../shared/i18n/index.ts';
import { Link } from '../../../shared/router/index.ts';
import { HighlightedText, MissingWords } from '../../../shared/text/index.ts';
import { formatEpisodeDate, formatTimecode } from '../../../shared/time/index.ts';
import type { SearchState } from '../hooks/use-search-results.ts';
import { FROM_SEARCH } from '../lib/last-search.ts';
import { queryWithoutOwnQuotes } from '../lib/query-without-quotes.ts';
import { noteUnfoldedMoments, unfoldedMomentsOf } from '../lib/unfolded-groups.ts';
import { episodeUrl, hitUrl } from '../lib/search-params.ts';
import { ShowAllButton } from './show-all-button.tsx';

interface SearchResultsProps {
  state: SearchState;
  query: string;
  onRetry: () => void;
  /** Loads the next page; null when the API pages no further. */
  onMore: (() => void) | null;
  searchInput: RefObject<HTMLInputElement | null>;
}

/** The episode page plays from the hit when arriving from a result (and can go back to it). */
export const PLAY_ON_ARRIVAL = { autoplay: true, ...FROM_SEARCH } as const;

export function SearchResults({ state, query, onRetry, onMore, searchInput }: SearchResultsProps) {
  const { t } = useI18n();

  // ArrowUp/ArrowDown walk through every result link; Enter follows it (native link).
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-result]')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    event.preventDefault();
    const next = index + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) searchInput.current?.focus();
    else items[Math.min(next, items.length - 1)]?.focus();
  }

  // One live region, in the page from the start and never replaced: screen readers read a
  // region's changes, not a region inserted with its text, so each answer is said here.
  const result: SearchResult | null =
    state.status === 'success' ? state.result : state.status === 'loading' ? state.previous : null;
  const groups = result?.groups ?? [];
  const empty = state.status === 'success' && groups.length === 0;
  const emptyTitle = t('search.empty.title', { q: queryWithoutOwnQuotes(query.trim()) });
  const status = (
    <p id="results-summary" className={empty ? 'visually-hidden' : 'search-status'} role="status">
      {state.status === 'loading' && !result
        ? t('app.loading')
        : empty
          ? emptyTitle
          : result && (
              <>
                {resultsSummary(
                  t,
                  result,
                  groups.reduce((sum, group) => sum + group.count, 0),
                )}{' '}
                <span className="muted">
                  {result.cached ? t('search.cached') : t('search.took', { ms: Math.round(result.tookMs) })}
                </span>
              </>
            )}
    </p>
  );

  return (
    <>
      {status}
      <SearchAnswer
        state={state}
        result={result}
        query={query}
        emptyTitle={emptyTitle}
        onRetry={onRetry}
        onMore={onMore}
        onKeyDown={onKeyDown}
      />
    </>
  );
}

interface SearchAnswerProps {
  state: SearchState;
  result: SearchResult | null;
  query: string;
  emptyTitle: string;
  onRetry: () => void;
  onMore: (() => void) | null;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

/** What shows under the live region: a hint, an error, no match, or the results. */
function SearchAnswer({ state, result, query, emptyTitle, onRetry, onMore, onKeyDown }: SearchAnswerProps) {
  const { t } = useI18n();
  const groupCount = result?.groups?.length ?? 0;
  // "Show more" goes on to the first result it brought: left on the button, focus was 20
  // results below the window, or on the page itself once the last page took the button away.
  const moreFrom = useRef<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const from = moreFrom.current;
    if (from === null || groupCount <= from) return;
    moreFrom.current = null;
    listRef.current?.children[from]?.querySelector<HTMLElement>('[data-result]')?.focus();
  }, [groupCount]);
  if (state.status === 'idle')
    return (
      <div className="search-message">
        <h2>{t('search.idle.title')}</h2>
        <p>{t('search.idle.body')}</p>
      </div>
    );
  if (state.status === 'error' && state.kind === 'query')
    // The query itself was refused (too long, only punctuation…): retrying cannot help.
    return (
      <div className="search-message search-error" role="alert">
        <h2>{t('search.invalid.title')}</h2>
        <p>{t('search.invalid.body', { message: queryErrorText(state.error, t) })}</p>
      </div>
    );
  if (state.status === 'error')
    return (
      <div className="search-message search-error" role="alert">
        <h2>{t('search.error.title')}</h2>
        <p>
          {state.kind === 'network'
            ? t('search.network.body')
            : (busyServerText(state.error, t) ?? t('search.error.body', { message: state.message }))}
        </p>
        <button type="button" className="primary-button" onClick={onRetry}>
          {t('search.retry')}
        </button>
      </div>
    );
  if (!result) return null;
  const groups = result.groups ?? [];
  if (groups.length === 0 && state.status === 'success')
    return (
      <div className="search-message">
        <h2>{emptyTitle}</h2>
        <p>{t('search.empty.body')}</p>
      </div>
    );

  return (
    <section
      aria-busy={state.status === 'loading'}
      data-stale={state.status === 'loading' && state.stale ? true : undefined}
      aria-labelledby="results-summary"
      onKeyDown={onKeyDown}
    >
      {result.shortened && (
        <p className="notice">
          {t('search.shortened', { words: result.shortened.words, text: result.shortened.searched })}
        </p>
      )}
      {result.partial && <p className="notice">{t('search.partial')}</p>}
      <ol className="result-groups" ref={listRef}>
        {groups.map((group) => (
          <ResultGroup key={group.episode.id} group={group} query={query} />
        ))}
      </ol>
      {result.total > groups.length && onMore && (
        <button
          type="button"
          className="secondary-button"
          onClick={() => {
            moreFrom.current = groups.length;
            onMore();
          }}
        >
          {t('search.loadMore')}
        </button>
      )}
    </section>
  );
}

/**
 * The moments are counted only when every episode is on the page: beyond it, the answer
 * gives the number of episodes (estimated for a very common word), not of their moments.
 */
function resultsSummary(t: Translate, result: SearchResult, momentsOnPage: number): string {
  const groups = result.groups ?? [];
  if (groups.length < result.total || result.estimated === true) {
    return t(result.estimated === true ? 'search.resultsInAboutEpisodes' : 'search.resultsInEpisodes', {
      episodes: result.total,
    });
  }
  return t('search.results', { count: momentsOnPage, episodes: result.total });
}

/** Moments an episode shows before "Show all": its best ones, in time order. */
export const MOMENTS_PREVIEWED = 3;

/** A moment in its episode's group (the search asks for compact groups: no episode in it). */
type GroupMoment = SearchResultGroup['moments'][number];

/** The episode's best moments (by score, the earliest on a tie), kept in time order. */
function bestMoments(moments: readonly GroupMoment[], count: number): GroupMoment[] {
  const kept = new Set(
    moments
      .map((hit, at) => ({ hit, at }))
      .sort((a, b) => b.hit.score - a.hit.score || a.at - b.at)
      .slice(0, count)
      .map(({ hit }) => hit),
  );
  return moments.filter((hit) => kept.has(hit));
}

/**
 * Moments an unfolded episode lists at a time: a few screens, few enough to draw at once.
 * A three-hour episode can say a common word 2,430 times; drawing all of them at once held
 * the page for seconds. Scrolling near the end, ArrowDown on the last one and the "Show more
 * moments" button list the next ones.
 */
export const MOMENTS_PER_STEP = 100;

/** How far below the window the end of the list starts listing the next moments. */
const REVEAL_MARGIN = '0px 0px 800px 0px';

function ResultGroup({ group, query }: { group: SearchResultGroup; query: string }) {
  const { t, locale } = useI18n();
  // Back to these results, the episode lists what it listed when the listener left.
  const [leftUnfolded] = useState(() => unfoldedMomentsOf(query, group.episode.id));
  const [showAll, setShowAll] = useState(leftUnfolded !== null);
  const [shown, setShown] = useState(leftUnfolded ?? MOMENTS_PER_STEP);
  useEffect(() => {
    noteUnfoldedMoments(query, group.episode.id, showAll ? shown : null);
  }, [query, group.episode.id, showAll, shown]);
  const headingId = `group-${group.episode.id}`;
  // An hour-long episode can say a common word 70 times: its moments would bury the next
  // episodes. Folding away a single moment would save nothing.
  const foldable = group.moments.length > MOMENTS_PREVIEWED + 1;
  const listed =
    foldable && !showAll ? bestMoments(group.moments, MOMENTS_PREVIEWED) : group.moments.slice(0, shown);
  const hasMore = listed.length < group.moments.length && (showAll || !foldable);
  const listRef = useRef<HTMLOListElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  // The moment to focus once the next step is drawn (asked from the keyboard or the button).
  const focusFrom = useRef<number | null>(null);
  const revealMore = (focusFirstRevealed: boolean) => {
    if (focusFirstRevealed) focusFrom.current = listed.length;
    setShown((before) => Math.min(before + MOMENTS_PER_STEP, group.moments.length));
  };
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || listed.length <= from) return;
    focusFrom.current = null;
    listRef.current?.children[from]?.querySelector<HTMLElement>('[data-result]')?.focus();
  }, [listed.length]);
  // The end of the list coming near the window lists the next step; observed anew after
  // each step, so a tall window keeps listing until it is filled.
  useEffect(() => {
    const button = moreButton.current;
    if (!hasMore || !button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting))
          setShown((before) => Math.min(before + MOMENTS_PER_STEP, group.moments.length));
      },
      { rootMargin: REVEAL_MARGIN },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasMore, shown, group.moments.length]);
  // ArrowDown on the last moment listed goes on to the next one, not to the next episode.
  function onMomentsKeyDown(event: KeyboardEvent<HTMLOListElement>) {
    if (event.key !== 'ArrowDown' || !hasMore) return;
    const links = event.currentTarget.querySelectorAll<HTMLElement>('[data-result]');
    if (links[links.length - 1] !== document.activeElement) return;
    event.preventDefault();
    event.stopPropagation();
    revealMore(true);
  }
  return (
    <li className="result-group">
      <article aria-labelledby={headingId}>
        <header className="result-group-header">
          <h3 id={headingId}>
            <Link href={episodeUrl(group.episode.id, query)} state={FROM_SEARCH}>
              {group.episode.title}
            </Link>
          </h3>
          <p className="muted">
            {group.episode.showTitle}
            {group.episode.date && (
              <>
                {' '}
                · <time dateTime={group.episode.date}>{formatEpisodeDate(group.episode.date, locale)}</time>
              </>
            )}{' '}
            · {t('search.moments', { count: group.count })}
          </p>
        </header>
        <ol className="moments" ref={listRef} onKeyDown={onMomentsKeyDown}>
          {listed.map((hit) => (
            <Moment key={`${hit.start}-${hit.end}`} hit={hit} episodeId={group.episode.id} query={query} />
          ))}
        </ol>
        {hasMore && (
          <button type="button" className="show-all-button" ref={moreButton} onClick={() => revealMore(true)}>
            {t('search.showMoreMoments', { shown: listed.length, count: group.moments.length })}
          </button>
        )}
        {foldable && (
          <ShowAllButton
            expanded={showAll}
            onToggle={() => {
              setShowAll(!showAll);
              setShown(MOMENTS_PER_STEP);
            }}
            showAll={t('search.showAllMoments', { count: group.moments.length })}
            showFewer={t('search.showFewerMoments')}
          />
        )}
      </article>
    </li>
  );
}

// Memoized: each step of a long episode's list draws only the moments it adds.
const Moment = memo(function Moment({
  hit,
  episodeId,
  query,
}: {
  hit: GroupMoment;
  episodeId: string;
  query: string;
}) {
  const { t } = useI18n();
  const time = formatTimecode(hit.start);
  return (
    <li>
      <Link
        href={hitUrl(episodeId, hit.start, query)}
        state={PLAY_ON_ARRIVAL}
        className="moment"
        data-result=""
        data-start={hit.start}
        title={t('search.playAt', { time })}
      >
        <span className="moment-time">{time}</span>
        <span className="moment-speaker">{hit.speaker ?? t('search.unknownSpeaker')}</span>
        <span className="moment-snippet">
          {hit.before && <span className="muted">…{hit.before} </span>}
          <HighlightedText text={hit.snippet} ranges={hit.highlights} />
          {hit.after && <span className="muted"> {hit.after}…</span>}
        </span>
        <MissingWords words={hit.missingWords} className="moment-missing" />
      </Link>
    </li>
  );
});
