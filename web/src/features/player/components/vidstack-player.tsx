import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import {
  CaptionButton,
  Captions,
  MediaPlayer,
  MediaProvider,
  MuteButton,
  PlayButton,
  SeekButton,
  Slider,
  Time,
  TimeSlider,
  Track,
  isTrackCaptionKind,
  MEDIA_KEY_SHORTCUTS,
  useMediaPlayer,
  useMediaRemote,
  useMediaState,
  type MediaKeyShortcuts,
  type MediaPlayerInstance,
  type MediaRemoteControl,
} from '@vidstack/react';
import '@vidstack/react/player/styles/default/captions.css';
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { chaptersToVtt } from '../lib/chapters-vtt.ts';
import { mediaKindOf, mediaTypeFor } from '../lib/media-source.ts';
import { spokenDuration } from '../lib/spoken-time.ts';
import { createVidstackAdapter, END_TOLERANCE, enforceClipRange } from '../lib/vidstack-adapter.ts';
import { usePlayerRegistration } from '../player-context.tsx';
import {
  MutedIcon,
  PauseIcon,
  PlayIcon,
  SeekBackIcon,
  SeekForwardIcon,
  VolumeIcon,
} from './player-icons.tsx';
import type { ClipRange, PlayerChapter, PlayerMarker } from '../player-adapter.ts';
import { pictureShapeStyle, type VideoSize } from '../lib/picture-shape.ts';

export interface PlayerProps {
  src: string;
  mediaType: string | null;
  title: string;
  language?: string | null;
  chapters?: readonly PlayerChapter[];
  markers?: readonly PlayerMarker[];
  /** Media time to start from once the media can play. */
  startAt?: number;
  /** Try to play as soon as possible (browsers may refuse without a user gesture). */
  autoPlay?: boolean;
  /** Start limited to this range (a `#t=start,end` link). */
  initialClipRange?: ClipRange | null;
  /** WebVTT captions, shown over a video (on by default, with a button to hide them). */
  captionsSrc?: string | null;
  /**
   * A clip's own player: its time, slider and seeking (±10 s, keys) count from the clip
   * range's start (0:00) to its end, not over the whole episode.
   */
  clipTimeline?: boolean;
  /** A video's picture size, when known: its box has that shape from the start (else 16:9). */
  videoSize?: VideoSize | null;
}

const PLAYBACK_RATES = [1, 1.25, 1.5, 2, 0.75];

/** The episode player. Lazy-loaded with the episode page: the player library is heavy. */
export default function VidstackPlayer({
  src,
  mediaType,
  title,
  language,
  chapters = [],
  markers = [],
  startAt = 0,
  autoPlay = false,
  initialClipRange = null,
  captionsSrc = null,
  clipTimeline = false,
  videoSize = null,
}: PlayerProps) {
  const { t } = useI18n();
  const [clip, setClip] = useState<ClipRange | null>(initialClipRange);
  const type = mediaTypeFor(src, mediaType);
  const kind = mediaKindOf(type);
  const chaptersVtt = useMemo(() => (chapters.length > 0 ? chaptersToVtt(chapters) : null), [chapters]);
  // Audio has the transcript beside it; a video gets its words over the picture too.
  const captions = kind === 'video' ? captionsSrc : null;
  const timeline = clipTimeline ? clip : null;
  const keyShortcuts = useMemo(() => (timeline ? clipKeyShortcuts(timeline) : undefined), [timeline]);
  return (
    <MediaPlayer
      className={`player player-${kind}`}
      style={pictureShapeStyle(videoSize)}
      src={{ src, type: type as 'audio/mpeg' }}
      title={title}
      viewType={kind}
      playsInline
      load="eager"
      keyTarget="player"
      {...(keyShortcuts ? { keyShortcuts } : {})}
      ariaLabel={t('player.label', { title })}
    >
      <MediaProvider className="player-media">
        {chaptersVtt && (
          <Track
            kind="chapters"
            content={chaptersVtt}
            type="vtt"
            label={t('episode.chapters')}
            language={language ?? undefined}
            default
          />
        )}
        {captions && (
          <Track
            kind="subtitles"
            src={captions}
            type="vtt"
            label={t('player.captions')}
            language={language ?? undefined}
            default
          />
        )}
        {/* Over the picture: Vidstack's renderer and stylesheet for WebVTT cues. */}
        {captions && <Captions className="vds-captions player-captions" />}
      </MediaProvider>
      <AdapterBridge clip={clip} setClip={setClip} startAt={startAt} autoPlay={autoPlay} />
      <PlayerControls
        markers={markers}
        range={clip}
        timeline={timeline}
        hasChapters={chaptersVtt !== null}
        hasCaptions={captions !== null}
      />
      <MediaFailedNotice />
    </MediaPlayer>
  );
}

interface AdapterBridgeProps {
  clip: ClipRange | null;
  setClip: (range: ClipRange | null) => void;
  startAt: number;
  autoPlay: boolean;
}

/** Publishes our adapter for this Vidstack player and applies the start position once. */
function AdapterBridge({ clip, setClip, startAt, autoPlay }: AdapterBridgeProps) {
  const player = useMediaPlayer();
  const remote = useMediaRemote();
  const register = usePlayerRegistration();
  const clipRef = useRef(clip);
  useEffect(() => {
    clipRef.current = clip;
  }, [clip]);
  // A line tapped while the media loads is where the reader wants to be: the start
  // position (a ?t= link) must not take them back once the media can play.
  const seekAsked = useRef(false);

  useEffect(() => {
    if (!player) return;
    const adapter = createVidstackAdapter(
      player,
      remote,
      {
        get: () => clipRef.current,
        set: (range) => {
          clipRef.current = range;
          setClip(range);
        },
      },
      () => (seekAsked.current = true),
    );
    register(adapter);
    return () => register(null);
  }, [player, remote, register, setClip]);

  useEffect(() => {
    if (!player) return;
    return enforceClipRange(player, remote, () => clipRef.current);
  }, [player, remote]);

  const start = useRef({ startAt, autoPlay });
  useEffect(() => {
    if (!player) return;
    let done = false;
    const { startAt: at, autoPlay: play } = start.current;
    return player.subscribe(({ canPlay }) => {
      if (!canPlay || done) return;
      done = true;
      if (at > 0 && !seekAsked.current) remote.seek(at);
      if (play) remote.play();
    });
  }, [player, remote]);
  return null;
}

/**
 * Says when the media cannot be loaded (a 404, a host that is down). Vidstack 1.15 reports
 * nothing then: its player waited, "buffering", at 0:00 / 0:00. A failed <source> fires
 * an error that does not bubble, so it is caught on its way down (capture).
 */
function MediaFailedNotice() {
  const { t } = useI18n();
  const player = useMediaPlayer();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const root = player?.el;
    if (!root) return;
    const onError = (event: Event) => {
      const target = event.target;
      const media =
        target instanceof HTMLSourceElement
          ? target.parentElement
          : target instanceof HTMLMediaElement
            ? target
            : null;
      // A source failing with others left to try is not a failure yet.
      if (
        media instanceof HTMLMediaElement &&
        (media.error || media.networkState === HTMLMediaElement.NETWORK_NO_SOURCE)
      )
        setFailed(true);
    };
    root.addEventListener('error', onError, true);
    return () => root.removeEventListener('error', onError, true);
  }, [player]);
  if (!failed) return null;
  return (
    <p className="notice player-error" role="alert">
      {t('player.mediaError')}
    </p>
  );
}

/** A slider's Home and End go to its ends (WAI-ARIA); Vidstack 1.15 ignores both keys. */
function seekToSliderEnd(event: ReactKeyboardEvent, remote: MediaRemoteControl, span: ClipRange) {
  if (event.key !== 'Home' && event.key !== 'End') return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  remote.seek(event.key === 'Home' ? span.start : span.end, event.nativeEvent);
}

/** `time` kept inside the clip range. */
const withinRange = (time: number, range: ClipRange) => Math.min(range.end, Math.max(range.start, time));

/**
 * The player's keys on a clip's own player: ←/j and →/l move 5 s (10 s with Shift) and
 * 0–9 jump to tenths of the clip, all inside it (Vidstack's own move over the whole media).
 */
function clipKeyShortcuts(range: ClipRange): MediaKeyShortcuts {
  const digits = '0 1 2 3 4 5 6 7 8 9';
  const step =
    (direction: 1 | -1) =>
    ({
      event,
      player,
      remote,
    }: {
      event: KeyboardEvent;
      player: MediaPlayerInstance;
      remote: MediaRemoteControl;
    }) => {
      event.preventDefault();
      const by = (event.shiftKey ? 10 : 5) * direction;
      remote.seek(withinRange(player.state.currentTime + by, range), event);
    };
  return {
    // The others (k, Space, m, c, f, < >…) as Vidstack has them: this map replaces its own.
    ...MEDIA_KEY_SHORTCUTS,
    seekBackward: { keys: 'j J ArrowLeft Shift+ArrowLeft', onKeyDown: step(-1) },
    seekForward: { keys: 'l L ArrowRight Shift+ArrowRight', onKeyDown: step(1) },
    // Vidstack calls a digit's handler on key up (its own jump, over the whole media, is off then).
    seekToTenth: {
      keys: digits,
      onKeyUp: ({ event, remote }) => {
        const tenth = Number(event.key);
        remote.seek(range.start + ((range.end - range.start) * tenth) / 10, event);
      },
    },
  };
}

/**
 * The time slider's aria-valuetext in the page's language (and, on a clip's own player,
 * in the clip's time). Vidstack writes its own English text on every change; each time,
 * this puts ours back.
 */
function useSpokenSliderTime(controls: RefObject<HTMLDivElement | null>, timeline: ClipRange | null) {
  const { t, locale } = useI18n();
  const player = useMediaPlayer();
  const from = timeline?.start ?? 0;
  const to = timeline?.end ?? null;
  useEffect(() => {
    const slider = controls.current?.querySelector('.time-slider');
    if (!slider || !player) return;
    const apply = ({ currentTime, duration }: { currentTime: number; duration: number } = player.state) => {
      if (!(duration > 0)) return;
      const end = to === null ? duration : Math.min(to, duration);
      const text = t('player.timeText', {
        time: spokenDuration(Math.min(end, Math.max(from, currentTime)) - from, locale),
        duration: spokenDuration(end - from, locale),
      });
      if (slider.getAttribute('aria-valuetext') !== text) slider.setAttribute('aria-valuetext', text);
    };
    const observer = new MutationObserver(() => apply());
    observer.observe(slider, { attributes: true, attributeFilter: ['aria-valuetext'] });
    // And on each change of time or duration: Vidstack may write its text before the seek lands.
    const unsubscribe = player.subscribe(({ currentTime, duration }) => apply({ currentTime, duration }));
    return () => {
      observer.disconnect();
      unsubscribe();
    };
  }, [controls, player, t, locale, from, to]);
}

interface PlayerControlsProps {
  markers: readonly PlayerMarker[];
  range: ClipRange | null;
  /** A clip's own player: time, slider and ±10 s within this range (see PlayerProps). */
  timeline: ClipRange | null;
  hasChapters: boolean;
  hasCaptions: boolean;
}

function PlayerControls({ markers, range, timeline, hasChapters, hasCaptions }: PlayerControlsProps) {
  const { t } = useI18n();
  const controls = useRef<HTMLDivElement>(null);
  useSpokenSliderTime(controls, timeline);
  const textTrack = useMediaState('textTrack');
  const captionsOn = textTrack !== null && isTrackCaptionKind(textTrack);
  const paused = useMediaState('paused');
  const muted = useMediaState('muted');
  const duration = useMediaState('duration');
  const rate = useMediaState('playbackRate');
  const remote = useMediaRemote();
  const nextRate = PLAYBACK_RATES[(PLAYBACK_RATES.indexOf(rate) + 1) % PLAYBACK_RATES.length] ?? 1;
  // A clip's range, cut at the media's end once that is known.
  const clipSpan = timeline && {
    start: timeline.start,
    end: duration > 0 ? Math.min(timeline.end, duration) : timeline.end,
  };
  return (
    <div className="player-controls" ref={controls}>
      <div className="player-buttons">
        <PlayerSeekButton seconds={-10} clipSpan={clipSpan} label={t('player.seekBack')}>
          <SeekBackIcon />
        </PlayerSeekButton>
        <PlayButton
          className="icon-button play-button"
          aria-label={paused ? t('player.play') : t('player.pause')}
        >
          {paused ? <PlayIcon /> : <PauseIcon />}
        </PlayButton>
        <PlayerSeekButton seconds={10} clipSpan={clipSpan} label={t('player.seekForward')}>
          <SeekForwardIcon />
        </PlayerSeekButton>
        {clipSpan ? (
          <ClipTime range={clipSpan} />
        ) : (
          <span className="player-time">
            <Time type="current" /> / <Time type="duration" />
          </span>
        )}
        <span className="player-spacer" />
        <button
          type="button"
          className="text-button speed-button"
          aria-label={t('player.speed', { rate })}
          onClick={() => remote.changePlaybackRate(nextRate)}
        >
          {rate}×
        </button>
        {hasCaptions && (
          <CaptionButton
            className="text-button captions-button"
            aria-label={captionsOn ? t('player.captionsOff') : t('player.captionsOn')}
            aria-pressed={captionsOn}
          >
            CC
          </CaptionButton>
        )}
        <MuteButton className="icon-button" aria-label={muted ? t('player.unmute') : t('player.mute')}>
          {muted ? <MutedIcon /> : <VolumeIcon />}
        </MuteButton>
      </div>
      {clipSpan ? (
        <ClipTimeSlider range={clipSpan} label={t('player.timeSlider')} />
      ) : (
        <EpisodeTimeSlider markers={markers} range={range} hasChapters={hasChapters} duration={duration} />
      )}
    </div>
  );
}

interface SeekButtonProps {
  seconds: number;
  label: string;
  children: ReactNode;
}

/** ±10 s: over the whole media, or inside the clip on a clip's own player. */
function PlayerSeekButton({ clipSpan, ...props }: SeekButtonProps & { clipSpan: ClipRange | null }) {
  if (clipSpan) return <ClipSeekButton range={clipSpan} {...props} />;
  return (
    <SeekButton className="icon-button seek-button" seconds={props.seconds} aria-label={props.label}>
      {props.children}
    </SeekButton>
  );
}

/** ±10 s on a clip's own player: never before its start nor past its end. */
function ClipSeekButton({ seconds, range, label, children }: SeekButtonProps & { range: ClipRange }) {
  const player = useMediaPlayer();
  const remote = useMediaRemote();
  const canSeek = useMediaState('canSeek');
  return (
    <button
      type="button"
      className="icon-button seek-button"
      aria-label={label}
      disabled={!canSeek}
      onClick={(event) => {
        if (player) remote.seek(withinRange(player.state.currentTime + seconds, range), event.nativeEvent);
      }}
    >
      {children}
    </button>
  );
}

/** "0:12 / 0:46": where the clip is, counted from its start. */
function ClipTime({ range }: { range: ClipRange }) {
  const currentTime = useMediaState('currentTime');
  // Playback stops a frame short of the end (see enforceClipRange): that is the end.
  const time = currentTime >= range.end - END_TOLERANCE ? range.end : withinRange(currentTime, range);
  return (
    <span className="player-time">
      <span>{formatTimecode(time - range.start)}</span> /{' '}
      <span>{formatTimecode(range.end - range.start)}</span>
    </span>
  );
}

/**
 * The slider of a clip's own player, from its start (0:00) to its end. A drag seeks as it
 * goes, so the thumb stays under the finger while the clip plays on.
 */
function ClipTimeSlider({ range, label }: { range: ClipRange; label: string }) {
  const currentTime = useMediaState('currentTime');
  const remote = useMediaRemote();
  const length = range.end - range.start;
  return (
    <Slider.Root
      className="time-slider"
      aria-label={label}
      min={0}
      max={length}
      step={0.1}
      keyStep={5}
      shiftKeyMultiplier={2}
      value={withinRange(currentTime, range) - range.start}
      onKeyDown={(event) => seekToSliderEnd(event, remote, range)}
      onValueChange={(value, event) => {
        // Only the reader's moves seek (not the value following the playhead).
        if (event.trigger) remote.seek(range.start + Math.min(length, Math.max(0, value)), event);
      }}
    >
      <Slider.Track className="time-slider-track">
        <Slider.TrackFill className="time-slider-fill" />
      </Slider.Track>
      <Slider.Thumb className="time-slider-thumb" />
    </Slider.Root>
  );
}

interface EpisodeTimeSliderProps {
  markers: readonly PlayerMarker[];
  range: ClipRange | null;
  hasChapters: boolean;
  duration: number;
}

/** The slider over the whole media, with its chapters, search matches and a #t= range. */
function EpisodeTimeSlider({ markers, range, hasChapters, duration }: EpisodeTimeSliderProps) {
  const { t } = useI18n();
  const remote = useMediaRemote();
  return (
    <TimeSlider.Root
      className="time-slider"
      aria-label={t('player.timeSlider')}
      onKeyDown={(event) => {
        if (duration > 0) seekToSliderEnd(event, remote, { start: 0, end: duration });
      }}
    >
      {hasChapters ? (
        <TimeSlider.Chapters className="time-slider-chapters">
          {(cues, forwardRef) =>
            cues.map((cue) => (
              <div className="time-slider-chapter" key={cue.startTime} ref={forwardRef}>
                <TimeSlider.Track className="time-slider-track">
                  <TimeSlider.TrackFill className="time-slider-fill" />
                  <TimeSlider.Progress className="time-slider-progress" />
                </TimeSlider.Track>
              </div>
            ))
          }
        </TimeSlider.Chapters>
      ) : (
        <TimeSlider.Track className="time-slider-track">
          <TimeSlider.TrackFill className="time-slider-fill" />
          <TimeSlider.Progress className="time-slider-progress" />
        </TimeSlider.Track>
      )}
      {duration > 0 && range && (
        <span
          className="time-slider-range"
          style={{
            left: `${(range.start / duration) * 100}%`,
            width: `${((Math.min(range.end, duration) - range.start) / duration) * 100}%`,
          }}
          aria-hidden="true"
        />
      )}
      {duration > 0 &&
        markers.map((marker) => (
          <span
            key={marker.time}
            className="time-slider-marker"
            style={{ left: `${Math.min(100, (marker.time / duration) * 100)}%` }}
            title={`${marker.label} (${formatTimecode(marker.time)})`}
            aria-hidden="true"
          />
        ))}
      <TimeSlider.Thumb className="time-slider-thumb" />
    </TimeSlider.Root>
  );
}
