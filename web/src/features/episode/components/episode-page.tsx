import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { episodeCaptionsUrl, type Cue, type EpisodeResult } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { navigate, useLocation } from '../../../shared/router/index.ts';
import { formatEpisodeDate, formatTimeRange, formatTimecode } from '../../../shared/time/index.ts';
import {
  Player,
  PlayerLoading,
  PlayerProvider,
  useCurrentTime,
  usePlayer,
  type PlayerAdapter,
} from '../../player/index.ts';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import { BackToSearchLink, PageMessage } from '../../search/index.ts';
import { TranscriptPanel, useTranscriptMatches } from '../../transcript/index.ts';
import { useEpisode } from '../hooks/use-episode.ts';
import { useLinkedLineInWindow } from '../hooks/use-linked-line-in-window.ts';
import { useRememberPlayback } from '../hooks/use-remember-playback.ts';
import { timeChapters } from '../lib/episode-chapters.ts';
import { sliderMarkTimes } from '../lib/slider-marks.ts';
import {
  fitEpisodeStart,
  readEpisodeStart,
  resumeEpisodeStart,
  type EpisodeStart,
} from '../lib/episode-start.ts';
import { ChapterList } from './chapter-list.tsx';
import { MomentLink } from './moment-link.tsx';

/** Inclusive cue indexes the reader selected in the transcript. */
export interface CueSelection {
  startCueIndex: number;
  endCueIndex: number;
}

/** What clip-making tools get from the episode page (see `renderClipTools`). */
export interface EpisodeClipContext {
  episode: EpisodeResult['episode'];
  show: EpisodeResult['show'];
  cues: readonly Cue[];
  /** The transcript selection, or null. */
  selection: CueSelection | null;
  /**
   * The line the reader last played from the transcript (a tap, a click, Enter), while it is
   * still the one being heard; null once playback has moved on from it. On a phone, with no
   * Shift or drag, this is how a reader points at a line's boundaries.
   */
  lineAtHand: Cue | null;
  /** The page's player (seek, play, clip range, time), or null while it loads. */
  player: PlayerAdapter | null;
}

export interface EpisodePageProps {
  id: string;
  /** Slot for clip-making (issue 6): rendered under the player with the page's context. */
  renderClipTools?: (context: EpisodeClipContext) => ReactNode;
}

export function EpisodePage({ id, renderClipTools }: EpisodePageProps) {
  const { t } = useI18n();
  const state = useEpisode(id);
  useDocumentTitle(state.status === 'ready' ? state.data.episode.title : undefined);

  if (state.status === 'loading')
    return (
      <p className="page-status" role="status">
        {t('episode.loading')}
      </p>
    );
  if (state.status === 'not-found' || state.status === 'error')
    return (
      <PageMessage title={state.status === 'not-found' ? t('app.notFound.title') : t('episode.error.title')}>
        {state.status === 'not-found'
          ? t('episode.notFound')
          : state.network
            ? t('app.networkError')
            : t('episode.error', { message: state.message })}
      </PageMessage>
    );
  return (
    <PlayerProvider>
      <EpisodeView key={id} data={state.data} renderClipTools={renderClipTools} />
    </PlayerProvider>
  );
}

/** Where a URL says to play: its start and its range (what a new URL must change to apply). */
function startKey(start: EpisodeStart): string {
  return `${start.startAt}|${start.range ? `${start.range.start},${start.range.end}` : ''}`;
}

interface EpisodeViewProps {
  data: EpisodeResult;
  renderClipTools: EpisodePageProps['renderClipTools'];
}

function EpisodeView({ data, renderClipTools }: EpisodeViewProps) {
  const { t, locale } = useI18n();
  const { episode, show, cues } = data;
  const location = useLocation();
  const start = useMemo(
    () => fitEpisodeStart(readEpisodeStart(location.search, location.hash, location.state), episode.duration),
    [location.search, location.hash, location.state, episode.duration],
  );
  // The URL's start as the page opened, and where it plays from: the same, unless the page
  // is opened again from its history entry (reload, Back then Forward), where the listener was.
  const [opened] = useState<EpisodeStart>(start);
  const [initial] = useState<EpisodeStart>(() => resumeEpisodeStart(start, location.state, episode.duration));
  const layoutRef = useRef<HTMLDivElement>(null);
  useLinkedLineInWindow(initial.autoPlay, layoutRef);
  const player = usePlayer();
  useRememberPlayback(player);
  const playerTime = useCurrentTime(player);
  // Until the player has moved (no media, media still loading or that failed to load),
  // the line a link (a search hit) names is the current one, not 0:00.
  const [playerMoved, setPlayerMoved] = useState(false);
  if (!playerMoved && playerTime > 0) setPlayerMoved(true);
  // A line (or chapter) tapped while the player's code still loads: the player starts
  // there once it is ready (a phone on a slow network; the tap was lost before).
  const [earlyWish, setEarlyWish] = useState<number | null>(null);
  const currentTime =
    episode.mediaUrl && playerMoved
      ? playerTime
      : (earlyWish ?? (startKey(start) === startKey(opened) ? initial.startAt : start.startAt));
  const [query, setQuery] = useState(initial.query);
  const matches = useTranscriptMatches(episode.id, cues, query);
  const [selection, setSelection] = useState<CueSelection | null>(null);
  // The line played from the transcript (its index). It stays the line at hand while playback
  // goes on from it (a phone reader scrolls down to the clip tools as the next lines play),
  // and goes when the player is moved elsewhere (the slider, ±10 s, a chapter).
  const [playedLine, setPlayedLine] = useState<number | null>(null);
  useEffect(
    () =>
      player?.subscribe(({ seeking, currentTime: target }) => {
        if (!seeking) return;
        setPlayedLine((index) => {
          const cue = index === null ? undefined : cues[index];
          // The seek that plays the line lands on its start (a few ms before, at times). A seek
          // elsewhere inside a long line (a timestamped-text turn of minutes) moves on from it
          // too: Set in / out then take the playhead, not the turn's start or end minutes away.
          const within = cue && cue.end - cue.start > 15 ? cue.start + 1 : cue?.end;
          return cue && within !== undefined && target >= cue.start - 0.1 && target < within ? index : null;
        });
      }),
    [player, cues],
  );
  const lineAtHand = playedLine === null ? null : (cues[playedLine] ?? null);
  // The `#t=start,end` range being played, as the URL says (a new fragment replaces it).
  const [range, setRange] = useState(initial.range);
  const [pastEnd, setPastEnd] = useState(initial.pastEnd);
  const [rangeOf, setRangeOf] = useState(start);
  if (rangeOf !== start) {
    setRangeOf(start);
    setRange(start.range);
    setPastEnd(start.pastEnd);
  }

  const chapters = useMemo(() => timeChapters(episode.chapters, episode.duration), [episode]);
  // A marker where each match's words are said (not where its line starts), as many as the
  // slider can show apart.
  const markers = useMemo(
    () =>
      sliderMarkTimes(matches.starts, episode.duration).map((time) => ({
        time,
        label: t('player.match', { time: formatTimecode(time) }),
      })),
    [matches.starts, episode.duration, t],
  );

  // A new ?t= or #t= while the page is open (back button, another hit, a new fragment):
  // play that range (or lift the old one) from there.
  const applied = useRef(startKey(opened));
  useEffect(() => {
    const key = startKey(start);
    if (!player || key === applied.current) return;
    applied.current = key;
    player.setClipRange(start.range);
    player.seek(start.startAt);
    player.play();
  }, [player, start]);

  /** Plays the whole episode again: the range goes from the player, the notice and the URL. */
  const liftRange = useCallback(() => {
    player?.setClipRange(null);
    setRange(null);
    const { pathname, search, hash } = window.location;
    if (!hash) return;
    // The URL without its fragment, already applied: the player stays where it is.
    applied.current = startKey(fitEpisodeStart(readEpisodeStart(search, '', null), episode.duration));
    navigate(`${pathname}${search}`, { replace: true, state: window.history.state as unknown });
  }, [player, episode.duration]);

  // A line or chapter outside the range is a wish to hear that moment: lift the range.
  const seekAndPlay = useCallback(
    (time: number) => {
      const limit = player ? player.clipRange : range;
      if (limit && (time < limit.start || time >= limit.end)) liftRange();
      if (!player) {
        setEarlyWish(time);
        return;
      }
      player.seek(time);
      player.play();
    },
    [player, range, liftRange],
  );

  const playLine = useCallback(
    (time: number, cueIndex: number) => {
      setPlayedLine(cueIndex);
      seekAndPlay(time);
    },
    [seekAndPlay],
  );

  const onSelectRange = useCallback((startCueIndex: number, endCueIndex: number) => {
    setSelection({ startCueIndex, endCueIndex });
  }, []);

  const playWhole = liftRange;

  const dateText = episode.date ? formatEpisodeDate(episode.date, locale) : null;

  return (
    <div className="episode-page">
      <header className="episode-header">
        <p className="muted">
          <BackToSearchLink>{t('app.backToSearch')}</BackToSearchLink>
          {show && <> · {show.title}</>}
        </p>
        <h1>{episode.title}</h1>
        <p className="muted">
          {dateText && <time dateTime={episode.date ?? undefined}>{dateText}</time>}
          {episode.speakers.length > 0 && (
            <>
              {dateText && ' · '}
              {t('episode.speakers', { names: episode.speakers.join(', ') })}
            </>
          )}
        </p>
      </header>
      <div className="episode-layout" ref={layoutRef}>
        <div className="episode-side">
          {episode.mediaUrl ? (
            <Suspense
              fallback={
                <PlayerLoading
                  src={episode.mediaUrl}
                  mediaType={episode.mediaType}
                  videoSize={data.videoSize}
                >
                  {t('app.loading')}
                </PlayerLoading>
              }
            >
              <Player
                src={episode.mediaUrl}
                mediaType={episode.mediaType}
                title={episode.title}
                language={episode.language}
                chapters={chapters}
                markers={markers}
                startAt={earlyWish ?? initial.startAt}
                autoPlay={earlyWish !== null || initial.autoPlay}
                initialClipRange={range}
                captionsSrc={episodeCaptionsUrl(episode.id)}
                videoSize={data.videoSize}
              />
            </Suspense>
          ) : (
            <p className="notice">{t('episode.noMedia')}</p>
          )}
          {range && (
            <p className="notice range-notice">
              {t('episode.rangeNotice', { range: formatTimeRange(range.start, range.end) })}{' '}
              <button type="button" className="secondary-button" onClick={playWhole}>
                {t('episode.playWhole')}
              </button>
            </p>
          )}
          {pastEnd !== null && (
            <p className="notice" role="status">
              {t('episode.pastEnd', {
                time: formatTimecode(pastEnd),
                duration: formatTimecode(episode.duration),
              })}
            </p>
          )}
          {episode.mediaUrl && <MomentLink episodeId={episode.id} currentTime={currentTime} />}
          <ChapterList chapters={chapters} currentTime={currentTime} onSeek={seekAndPlay} />
        </div>
        <TranscriptPanel
          className="episode-transcript"
          cues={cues}
          currentTime={currentTime}
          onSeek={playLine}
          query={query}
          onQueryChange={setQuery}
          matches={matches}
          onSelectRange={onSelectRange}
        />
        {/* Clip-making (issue 6) plugs in here, through the app's route. After the transcript
            in the page order, so a phone shows the transcript right under the player. */}
        {renderClipTools && (
          <div className="episode-clip-tools">
            {renderClipTools({ episode, show, cues, selection, lineAtHand, player })}
          </div>
        )}
      </div>
    </div>
  );
}
