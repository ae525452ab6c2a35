import { useId, useRef, type KeyboardEvent } from 'react';
import { useSlashToFocus } from '../../../shared/hooks/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { queryHasWord } from '../../../shared/text/index.ts';

interface TranscriptFindProps {
  query: string;
  onQueryChange: (query: string) => void;
  matchCount: number;
  /** Position of the current match, -1 when none is selected yet. */
  currentMatch: number;
  /** The answer to what was typed is on its way. */
  pending?: boolean;
  /** Why the text cannot be searched (said instead of "No match"). */
  problem?: string | null;
  onNext: () => void;
  onPrevious: () => void;
}

export function TranscriptFind({
  query,
  onQueryChange,
  matchCount,
  currentMatch,
  pending = false,
  problem = null,
  onNext,
  onPrevious,
}: TranscriptFindProps) {
  const { t } = useI18n();
  const inputId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashToFocus(inputRef);
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.shiftKey) onPrevious();
    else onNext();
  }
  // Nothing said until there is a word to look for (an opening quote alone is not a search).
  const status = !queryHasWord(query)
    ? ''
    : pending
      ? t('transcript.searching')
      : problem
        ? problem.charAt(0).toUpperCase() + problem.slice(1)
        : matchCount === 0
          ? t('transcript.noMatches')
          : currentMatch >= 0
            ? t('transcript.matches', { index: currentMatch + 1, count: matchCount })
            : // None shown yet (the playhead is on none): how many, not "– of 3".
              t('transcript.matchCount', { count: matchCount });
  return (
    <div className="transcript-find" role="search">
      <label htmlFor={inputId} className="visually-hidden">
        {t('transcript.find')}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="search"
        value={query}
        placeholder={t('transcript.findPlaceholder')}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={statusId}
        autoComplete="off"
      />
      <span id={statusId} className="transcript-find-status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={onPrevious}
        disabled={matchCount === 0}
        aria-label={t('transcript.previousMatch')}
        title={t('transcript.previousMatch')}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={onNext}
        disabled={matchCount === 0}
        aria-label={t('transcript.nextMatch')}
        title={t('transcript.nextMatch')}
      >
        <span aria-hidden="true">↓</span>
      </button>
    </div>
  );
}
