import {
  memo,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Cue } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { HighlightedText, MissingWords, type TextRange } from '../../../shared/text/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { useFollowPlayback } from '../hooks/use-follow-playback.ts';
import { useReducedMotion } from '../hooks/use-reduced-motion.ts';
import { findActiveCueIndex } from '../lib/find-active-cue.ts';
import type { TranscriptMatches } from '../lib/transcript-matches.ts';
import { TranscriptFind } from './transcript-find.tsx';

export interface TranscriptPanelProps {
  cues: readonly Cue[];
  /** Media time in seconds; drives the current cue. */
  currentTime: number;
  /** The reader asked to hear a cue (click, Enter or Space on it, or a find match). */
  onSeek: (time: number, cueIndex: number) => void;
  /** Find-in-transcript text (controlled: the episode page seeds it from `?q=`). */
  query: string;
  onQueryChange: (query: string) => void;
  matches: TranscriptMatches;
  /**
   * The reader selected a run of cues (shift+click, shift+arrows, or dragging a text
   * selection across cues), inclusive indexes in time order. Clip-making builds on it.
   */
  onSelectRange?: (startCueIndex: number, endCueIndex: number) => void;
  /** Height of the scrolling list; CSS decides by default. */
  className?: string;
}

const ESTIMATED_CUE_HEIGHT = 64;

export function TranscriptPanel({
  cues,
  currentTime,
  onSeek,
  query,
  onQueryChange,
  matches,
  onSelectRange,
  className,
}: TranscriptPanelProps) {
  const { t } = useI18n();
  const reducedMotion = useReducedMotion();
  const scrollRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const activeIndex = findActiveCueIndex(cues, currentTime);
  const [selection, setSelection] = useState<{ anchor: number; start: number; end: number } | null>(null);
  // The line last focused: Tab comes back to it (one tab stop for the list, ↑ ↓ inside).
  const [focusedIndex, setFocusedIndex] = useState(-1);
  // The match last jumped to; a new query (new matches object) starts from none.
  const [matchCursor, setMatchCursor] = useState<{ matches: TranscriptMatches; position: number } | null>(
    null,
  );
  const cursor = matchCursor?.matches === matches ? matchCursor.position : -1;
  // Until the reader jumps, the match being played counts as the current one (a search hit
  // opens the episode on its match: "1 of 3", and Next goes to the second).
  const currentMatch = cursor >= 0 ? cursor : matches.cueIndexes.indexOf(activeIndex);

  // We do not use the React Compiler; the virtualiser's unstable functions are fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cues.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CUE_HEIGHT,
    overscan: 8,
  });

  // A line taller than the list (a long turn) is shown from its start, time and speaker
  // first: centred, it would show only its middle. A line not yet rendered has no height
  // yet: it is aimed at the centre, and at its start once measured if it turns out tall.
  const unmeasuredTarget = useRef<number | null>(null);
  const scrollToIndex = useCallback(
    (index: number) => {
      const size = virtualizer.itemSizeCache.get(index);
      unmeasuredTarget.current = size === undefined ? index : null;
      const tall = size !== undefined && size > (scrollRef.current?.clientHeight ?? Infinity);
      virtualizer.scrollToIndex(index, {
        align: tall ? 'start' : 'center',
        behavior: reducedMotion ? 'auto' : 'smooth',
      });
    },
    [virtualizer, reducedMotion],
  );
  useEffect(() => {
    const index = unmeasuredTarget.current;
    if (index === null) return;
    const size = virtualizer.itemSizeCache.get(index);
    if (size === undefined) return;
    unmeasuredTarget.current = null;
    if (size > (scrollRef.current?.clientHeight ?? Infinity))
      virtualizer.scrollToIndex(index, { align: 'start', behavior: 'auto' });
  });
  const follow = useFollowPlayback({ scrollRef, activeIndex, scrollToIndex });

  const seekCue = useCallback(
    (index: number, time?: number) => {
      const cue = cues[index];
      if (!cue) return;
      follow.backToNow();
      onSeek(time ?? cue.start, index);
    },
    [cues, follow, onSeek],
  );

  const select = useCallback(
    (anchor: number, to: number) => {
      const start = Math.min(anchor, to);
      const end = Math.max(anchor, to);
      setSelection({ anchor, start, end });
      onSelectRange?.(start, end);
    },
    [onSelectRange],
  );

  const focusCue = useCallback(
    (index: number) => {
      if (index < 0 || index >= cues.length) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      // The row may only exist after the virtualiser renders it.
      requestAnimationFrame(() => {
        scrollRef.current?.querySelector<HTMLElement>(`[data-cue-index="${index}"]`)?.focus();
      });
    },
    [cues.length, virtualizer],
  );

  const onCueKeyDown = useCallback(
    (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(cues.length - 1, index + step));
      if (event.shiftKey) select(selection?.anchor ?? index, next);
      focusCue(next);
    },
    [cues.length, focusCue, select, selection],
  );

  const onCueClick = useCallback(
    (event: MouseEvent<HTMLButtonElement>, index: number) => {
      if (event.shiftKey) {
        select(selection?.anchor ?? (activeIndex >= 0 ? activeIndex : index), index);
        // The browser extended its own text selection from the last click: the cues are the
        // selection now, so that half-word highlight would only mislead.
        window.getSelection()?.removeAllRanges();
        return;
      }
      setSelection(null);
      seekCue(index);
    },
    [activeIndex, seekCue, select, selection],
  );

  // A mouse text selection spanning cues selects those cues.
  const onMouseUp = useCallback(() => {
    const text = window.getSelection();
    if (!text || text.isCollapsed || !text.anchorNode || !text.focusNode) return;
    const indexOf = (node: Node) => {
      const element = node instanceof Element ? node : node.parentElement;
      const value = element?.closest('[data-cue-index]')?.getAttribute('data-cue-index');
      return value == null ? null : Number(value);
    };
    const from = indexOf(text.anchorNode);
    const to = indexOf(text.focusNode);
    if (from !== null && to !== null) select(from, to);
  }, [select]);

  const goToMatch = useCallback(
    (position: number) => {
      const count = matches.cueIndexes.length;
      if (count === 0) return;
      const wrapped = ((position % count) + count) % count;
      setMatchCursor({ matches, position: wrapped });
      const index = matches.cueIndexes[wrapped];
      // A match plays from where its words are said (a word's time, else its cue's start).
      if (index !== undefined) seekCue(index, matches.starts[wrapped]);
    },
    [matches, seekCue],
  );

  // Without a current match, next/previous start from the playhead.
  const nextMatch = () => {
    if (currentMatch >= 0) return goToMatch(currentMatch + 1);
    const after = matches.cueIndexes.findIndex((i) => i > activeIndex);
    goToMatch(after >= 0 ? after : 0);
  };
  const previousMatch = () => {
    if (currentMatch >= 0) return goToMatch(currentMatch - 1);
    let before = -1;
    matches.cueIndexes.forEach((i, position) => {
      if (i < activeIndex) before = position;
    });
    goToMatch(before >= 0 ? before : matches.cueIndexes.length - 1);
  };

  const currentMatchCue = currentMatch >= 0 ? matches.cueIndexes[currentMatch] : undefined;

  // The list is one tab stop: the line last focused, else the one being spoken, else the
  // first in view, whichever is rendered (Tab used to land on a line rendered above the
  // view and walk every rendered line before leaving).
  const items = virtualizer.getVirtualItems();
  const scrollTop = virtualizer.scrollOffset ?? 0;
  const tabbableIndex =
    [focusedIndex, activeIndex].find((index) => index >= 0 && items.some((item) => item.index === index)) ??
    items.find((item) => item.end > scrollTop)?.index ??
    -1;

  return (
    <section className={`transcript ${className ?? ''}`} aria-labelledby={headingId}>
      <div className="transcript-header">
        <h2 id={headingId}>{t('episode.transcript')}</h2>
        <TranscriptFind
          query={query}
          onQueryChange={onQueryChange}
          matchCount={matches.cueIndexes.length}
          currentMatch={currentMatch}
          pending={matches.pending}
          problem={matches.problem}
          onNext={nextMatch}
          onPrevious={previousMatch}
        />
        {currentMatch >= 0 && (
          <MissingWords words={matches.missing[currentMatch]} className="transcript-missing" />
        )}
      </div>
      {cues.length === 0 ? (
        <p className="transcript-empty">{t('transcript.empty')}</p>
      ) : (
        <div
          className="transcript-scroll"
          ref={scrollRef}
          onMouseUp={onMouseUp}
          data-testid="transcript-scroll"
        >
          <ol className="transcript-list" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const cue = cues[item.index];
              if (!cue) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="transcript-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <CueButton
                    cue={cue}
                    index={item.index}
                    active={item.index === activeIndex}
                    selected={
                      selection !== null && item.index >= selection.start && item.index <= selection.end
                    }
                    currentMatch={item.index === currentMatchCue}
                    tabbable={item.index === tabbableIndex}
                    ranges={matches.rangesOf(item.index)}
                    onClick={onCueClick}
                    onKeyDown={onCueKeyDown}
                    onFocus={setFocusedIndex}
                  />
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {!follow.following && activeIndex >= 0 && (
        <button type="button" className="back-to-now" onClick={follow.backToNow}>
          {t('transcript.backToNow')}
        </button>
      )}
    </section>
  );
}

interface CueButtonProps {
  cue: Cue;
  index: number;
  active: boolean;
  selected: boolean;
  currentMatch: boolean;
  /** The list's one tab stop. */
  tabbable: boolean;
  ranges: readonly TextRange[] | undefined;
  onClick: (event: MouseEvent<HTMLButtonElement>, index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>, index: number) => void;
  onFocus: (index: number) => void;
}

const CueButton = memo(function CueButton({
  cue,
  index,
  active,
  selected,
  currentMatch,
  tabbable,
  ranges,
  onClick,
  onKeyDown,
  onFocus,
}: CueButtonProps) {
  const { t } = useI18n();
  const time = formatTimecode(cue.start);
  const classes = [
    'cue',
    active && 'cue-active',
    selected && 'cue-selected',
    currentMatch && 'cue-match-current',
  ];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      data-cue-index={index}
      data-start={cue.start}
      aria-current={active ? 'true' : undefined}
      // Named as shown (time, speaker, words, so the visible text is in the name), then what it does.
      aria-label={
        cue.speaker
          ? t('transcript.cueLabel', { time, speaker: cue.speaker, text: cue.text })
          : t('transcript.cueLabelNoSpeaker', { time, text: cue.text })
      }
      onClick={(event) => onClick(event, index)}
      onKeyDown={(event) => onKeyDown(event, index)}
      onFocus={() => onFocus(index)}
      tabIndex={tabbable ? 0 : -1}
    >
      {/* Spaces between the parts (not rendered by the layout) keep their words apart in the text. */}
      <span className="cue-meta">
        <span className="cue-time">{time}</span>{' '}
        {cue.speaker && <span className="cue-speaker">{cue.speaker}</span>}
      </span>{' '}
      <span className="cue-text">
        <HighlightedText text={cue.text} ranges={ranges ?? []} />
      </span>
    </button>
  );
});
