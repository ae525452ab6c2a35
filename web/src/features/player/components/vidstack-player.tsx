import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  CaptionButton,
  Captions,
  MediaPlayer,
  MediaProvider,
  MuteButton,
  PlayButton,
  SeekButton,
  Time,
  TimeSlider,
  Track,
  isTrackCaptionKind,
  useMediaPlayer,
  useMediaRemote,
  useMediaState,
} from '@vidstack/react';
import '@vidstack/react/player/styles/default/captions.css';
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { chaptersToVtt } from '../lib/chapters-vtt.ts';
import { mediaKindOf, mediaTypeFor } from '../lib/media-source.ts';
import { spokenDuration } from '../lib/spoken-time.ts';
import { createVidstackAdapter, enforceClipRange } from '../lib/vidstack-adapter.ts';
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
}: PlayerProps) {
  const { t } = useI18n();
  const [clip, setClip] = useState<ClipRange | null>(initialClipRange);
  const type = mediaTypeFor(src, mediaType);
  const kind = mediaKindOf(type);
  const chaptersVtt = useMemo(() => (chapters.length > 0 ? chaptersToVtt(chapters) : null), [chapters]);
  // Audio has the transcript beside it; a video gets its words over the picture too.
  const captions = kind === 'video' ? captionsSrc : null;
  return (
    <MediaPlayer
      className={`player player-${kind}`}
      src={{ src, type: type as 'audio/mpeg' }}
      title={title}
      viewType={kind}
      playsInline
      load="eager"
      keyTarget="player"
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

interface PlayerControlsProps {
  markers: readonly PlayerMarker[];
  range: ClipRange | null;
  hasChapters: boolean;
  hasCaptions: boolean;
}

/**
 * The time slider's aria-valuetext in the page's language. Vidstack writes its own English
 * text on every change; each time, this puts ours back.
 */
function useSpokenSliderTime(controls: RefObject<HTMLDivElement | null>) {
  const { t, locale } = useI18n();
  const player = useMediaPlayer();
  useEffect(() => {
    const slider = controls.current?.querySelector('.time-slider');
    if (!slider || !player) return;
    const apply = () => {
      const { currentTime, duration } = player.state;
      if (!(duration > 0)) return;
      const text = t('player.timeText', {
        time: spokenDuration(currentTime, locale),
        duration: spokenDuration(duration, locale),
      });
      if (slider.getAttribute('aria-valuetext') !== text) slider.setAttribute('aria-valuetext', text);
    };
    const observer = new MutationObserver(apply);
    observer.observe(slider, { attributes: true, attributeFilter: ['aria-valuetext'] });
    apply();
    return () => observer.disconnect();
  }, [controls, player, t, locale]);
}

function PlayerControls({ markers, range, hasChapters, hasCaptions }: PlayerControlsProps) {
  const { t } = useI18n();
  const controls = useRef<HTMLDivElement>(null);
  useSpokenSliderTime(controls);
  const textTrack = useMediaState('textTrack');
  const captionsOn = textTrack !== null && isTrackCaptionKind(textTrack);
  const paused = useMediaState('paused');
  const muted = useMediaState('muted');
  const duration = useMediaState('duration');
  const rate = useMediaState('playbackRate');
  const remote = useMediaRemote();
  const nextRate = PLAYBACK_RATES[(PLAYBACK_RATES.indexOf(rate) + 1) % PLAYBACK_RATES.length] ?? 1;
  return (
    <div className="player-controls" ref={controls}>
      <div className="player-buttons">
        <SeekButton className="icon-button seek-button" seconds={-10} aria-label={t('player.seekBack')}>
          <SeekBackIcon />
        </SeekButton>
        <PlayButton
          className="icon-button play-button"
          aria-label={paused ? t('player.play') : t('player.pause')}
        >
          {paused ? <PlayIcon /> : <PauseIcon />}
        </PlayButton>
        <SeekButton className="icon-button seek-button" seconds={10} aria-label={t('player.seekForward')}>
          <SeekForwardIcon />
        </SeekButton>
        <span className="player-time">
          <Time type="current" /> / <Time type="duration" />
        </span>
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
      <TimeSlider.Root
        className="time-slider"
        aria-label={t('player.timeSlider')}
        // A slider's Home and End go to its ends (WAI-ARIA); Vidstack 1.15 ignores both keys.
        onKeyDown={(event) => {
          if (event.key !== 'Home' && event.key !== 'End') return;
          if (!(duration > 0) || event.altKey || event.ctrlKey || event.metaKey) return;
          event.preventDefault();
          remote.seek(event.key === 'Home' ? 0 : duration);
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
    </div>
  );
}
