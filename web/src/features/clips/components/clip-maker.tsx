// Clip-making on the episode page: in/out from a transcript selection, from the line just
// played (its start / end: a phone has no Shift or drag), or the playhead (i / o), nudged by
// a word or 0.5 s, previewed on a loop, then saved and shared.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { EpisodeClipContext } from '../../episode/index.ts';
import { isNetworkError } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { clipTooLong, createClip, type CreatedClip } from '../api/clips-api.ts';
import { useClipText } from '../lib/clip-messages.ts';
import {
  boundaryTimes,
  clampTime,
  isCompleteRange,
  previewClip,
  rangeFromCueSelection,
  stepToBoundary,
  type DraftRange,
} from '../lib/clip-range.ts';
import { AddToPackButton } from './add-to-pack-button.tsx';
import { ClipShare } from './clip-share.tsx';

export type ClipMakerProps = Pick<EpisodeClipContext, 'episode' | 'cues' | 'selection' | 'player'> &
  Partial<Pick<EpisodeClipContext, 'lineAtHand'>>;

const NUDGE_SECONDS = 0.5;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The nudge buttons of each end, in their order: a word earlier / later, 0.5 s earlier / later. */
const NUDGES = [
  { how: 'word', direction: -1, label: 'maker.wordEarlier' },
  { how: 'word', direction: 1, label: 'maker.wordLater' },
  { how: 'seconds', direction: -1, label: 'maker.earlier' },
  { how: 'seconds', direction: 1, label: 'maker.later' },
] as const;

export function ClipMaker({ episode, cues, selection, lineAtHand = null, player }: ClipMakerProps) {
  const say = useClipText();
  const { t, locale } = useI18n();
  const id = useId();
  /** Seconds with one decimal, as the language writes them (25.0 s, 25,0 s). */
  const seconds = (value: number) =>
    value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // A selection made before this (lazily loaded) component mounted counts too.
  const [range, setRange] = useState<DraftRange>(() =>
    selection
      ? rangeFromCueSelection(cues, selection.startCueIndex, selection.endCueIndex)
      : { start: null, end: null },
  );
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [previewing, setPreviewing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<CreatedClip | null>(null);
  const duration = episode.duration;

  // A new transcript selection sets both ends (adjusted while rendering, not in an effect).
  const [seenSelection, setSeenSelection] = useState(selection);
  if (selection !== seenSelection) {
    setSeenSelection(selection);
    if (selection) setRange(rangeFromCueSelection(cues, selection.startCueIndex, selection.endCueIndex));
  }

  const setEnd = useCallback(
    (which: 'start' | 'end', time: number) => setRange((r) => ({ ...r, [which]: clampTime(time, duration) })),
    [duration],
  );

  // i / o set in / out at the playhead, anywhere on the page except while typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!player || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (event.key === 'i') setEnd('start', player.currentTime);
      else if (event.key === 'o') setEnd('end', player.currentTime);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [player, setEnd]);

  // Preview: limit the player to the range, looping (the player goes back to the start at
  // the end: one place decides, so the loop never races the pause at the range's end).
  const rangeRef = useRef(range);
  const cuesRef = useRef(cues);
  useEffect(() => {
    rangeRef.current = range;
    cuesRef.current = cues;
  }, [range, cues]);
  useEffect(() => {
    if (!previewing || !player) return;
    const current = rangeRef.current;
    if (!isCompleteRange(current)) return;
    // The range the clip will be saved with, so what is heard is what is saved.
    const saved = previewClip(cuesRef.current, current.start, current.end);
    player.setClipRange({ start: saved.start, end: saved.end, loop: true });
    player.seek(saved.start);
    player.play();
    return () => player.setClipRange(null);
  }, [previewing, player, range.start, range.end]);

  const nudge = (which: 'start' | 'end', how: 'word' | 'seconds', direction: 1 | -1) => {
    const current = range[which];
    if (current === null) return;
    const next =
      how === 'word'
        ? stepToBoundary(boundaryTimes(cues, which), current, direction)
        : current + direction * NUDGE_SECONDS;
    setEnd(which, next);
  };

  const save = async () => {
    if (!isCompleteRange(range)) {
      setError(say('maker.incomplete'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const created = await createClip({
        episodeId: episode.id,
        start: range.start,
        end: range.end,
        title: title.trim() || null,
        note: note.trim() || null,
      });
      setSaved(created);
      setPreviewing(false);
    } catch (err) {
      const tooLong = clipTooLong(err);
      setError(
        isNetworkError(err)
          ? t('app.networkError')
          : tooLong
            ? say('maker.tooLong', {
                max: formatTimecode(tooLong.maxSeconds),
                length: formatTimecode(tooLong.seconds),
              })
            : err instanceof Error
              ? err.message
              : String(err),
      );
    } finally {
      setSaving(false);
    }
  };

  const complete = isCompleteRange(range);
  // Why Preview and Save cannot be used yet, said beside them (not only greyed out).
  const blocked = complete
    ? null
    : range.start === null || range.end === null
      ? say('maker.incomplete')
      : say('maker.endBeforeStart');
  const blockedId = `${id}-blocked`;
  // Right after a line is played from the transcript, Set in / Set out take its start / end
  // (the playhead is already seconds into it); otherwise the playhead.
  const ends = [
    {
      which: 'start' as const,
      label: say('maker.in'),
      setLabel: lineAtHand
        ? say('maker.setInAtLine', { time: formatTimecode(lineAtHand.start) })
        : say('maker.setIn'),
      lineTime: lineAtHand?.start,
    },
    {
      which: 'end' as const,
      label: say('maker.out'),
      setLabel: lineAtHand
        ? say('maker.setOutAtLine', { time: formatTimecode(lineAtHand.end) })
        : say('maker.setOut'),
      lineTime: lineAtHand?.end,
    },
  ];

  return (
    <section className="clip-maker" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{say('maker.title')}</h2>
      <p className="hint">{say('maker.hint')}</p>
      {ends.map(({ which, label, setLabel, lineTime }) => (
        <div
          className="clip-maker-end"
          key={which}
          role="group"
          aria-label={say('maker.nudge', { end: label })}
        >
          <span className="clip-maker-label">{label}</span>
          <output className="clip-maker-time" data-clip-end={which}>
            {range[which] === null
              ? '–'
              : `${formatTimecode(range[which])} (${say('maker.length', { length: seconds(range[which]) })})`}
          </output>
          <button
            type="button"
            className="secondary-button"
            onClick={() => {
              const time = lineTime ?? player?.currentTime;
              if (time !== undefined) setEnd(which, time);
            }}
            disabled={lineTime === undefined && !player}
          >
            {setLabel}
          </button>
          {/* The four nudges wrap as one group, so both ends lay out alike at any width. */}
          <span className="clip-maker-nudges">
            {NUDGES.map(({ how, direction, label }) => (
              <button
                key={`${how}${direction}`}
                type="button"
                className="secondary-button"
                onClick={() => nudge(which, how, direction)}
                disabled={range[which] === null}
              >
                {say(label)}
              </button>
            ))}
          </span>
        </div>
      ))}
      {complete && (
        // What the saved clip will be: its ends go out to the words (or lines) they cut into.
        <PreviewQuote clip={previewClip(cues, range.start, range.end)} asked={range} seconds={seconds} />
      )}
      <p id={blockedId} className="clip-maker-blocked hint" role="status">
        {blocked}
      </p>
      <p>
        <button
          type="button"
          className="secondary-button"
          onClick={() => setPreviewing((p) => !p)}
          disabled={!complete || !player}
          aria-pressed={previewing}
          aria-describedby={blocked ? blockedId : undefined}
        >
          {previewing ? say('maker.stopPreview') : say('maker.preview')}
        </button>
      </p>
      <label className="clip-maker-field">
        {say('maker.clipTitle')}
        <input type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="clip-maker-field">
        {say('maker.note')}
        <textarea value={note} rows={2} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <p>
        <button
          type="button"
          className="primary-button"
          onClick={() => void save()}
          disabled={saving || !complete}
          aria-describedby={blocked ? blockedId : undefined}
        >
          {saving ? say('maker.saving') : say('maker.save')}
        </button>
      </p>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <div className="clip-saved" role="status">
          <p>
            {say('maker.saved')} <a href={saved.links.page}>{say('share.open')}</a>
          </p>
          <ClipShare view={saved} />
          <AddToPackButton view={saved} />
          <p className="muted">
            {say('maker.editToken')} <code>{saved.editToken}</code>
          </p>
        </div>
      )}
    </section>
  );
}

function PreviewQuote({
  clip,
  asked,
  seconds,
}: {
  clip: ReturnType<typeof previewClip>;
  asked: { start: number; end: number };
  seconds: (value: number) => string;
}) {
  const say = useClipText();
  const range = (from: number, to: number) => `${formatTimecode(from)}–${formatTimecode(to)}`;
  return (
    <>
      <blockquote className="clip-maker-quote">
        {say('clip.quoted', { quote: clip.quote })}{' '}
        <span className="muted">
          {say('maker.savedRange', {
            range: range(clip.start, clip.end),
            length: seconds(clip.end - clip.start),
          })}
        </span>
      </blockquote>
      {clip.estimated && (
        <p className="clip-maker-widened hint" role="note">
          {say('maker.estimated', {
            range: range(clip.start, clip.end),
            length: seconds(clip.end - clip.start),
          })}
        </p>
      )}
      {clip.widenedToLines && (
        <p className="clip-maker-widened hint" role="note">
          {say('maker.widened', {
            range: range(clip.start, clip.end),
            length: seconds(clip.end - clip.start),
            asked: range(asked.start, asked.end),
          })}
        </p>
      )}
    </>
  );
}
