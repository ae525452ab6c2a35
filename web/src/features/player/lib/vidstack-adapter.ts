// Our PlayerAdapter over Vidstack: every command goes through the player's remote
// (media request events); state comes from the player's store.
//
// Clip ranges are enforced here rather than with Vidstack's clipStartTime/clipEndTime:
// in 1.15 a clipped player can flag itself "ended" right after loading, and its replay
// then seeks to twice the clip start (an absolute time read as clip-relative).
import type { MediaPlayerInstance, MediaRemoteControl } from '@vidstack/react';
import type { ClipRange, PlayerAdapter, PlayerSnapshot } from '../player-adapter.ts';

export interface ClipRangeStore {
  get(): ClipRange | null;
  set(range: ClipRange | null): void;
}

/** How close to the range end counts as "at the end" (one animation frame is ~17 ms). */
export const END_TOLERANCE = 0.05;

export function createVidstackAdapter(
  player: MediaPlayerInstance,
  remote: MediaRemoteControl,
  clip: ClipRangeStore,
  /** Called on every seek asked through the adapter (the player's start position yields to it). */
  onSeek?: () => void,
): PlayerAdapter {
  // Where the last seek asked to go, and when (see playAfterEnded).
  let seekTarget = 0;
  let seekAskedAt = -Infinity;
  const seek = (time: number) => {
    seekTarget = Math.max(0, time);
    seekAskedAt = performance.now();
    onSeek?.();
    remote.seek(seekTarget);
  };
  return {
    seek,
    play() {
      const range = clip.get();
      const time = player.state.currentTime;
      if (range && (time < range.start - END_TOLERANCE || time >= range.end - END_TOLERANCE))
        seek(range.start);
      if (player.state.ended && performance.now() - seekAskedAt < SEEK_AGAIN_WITHIN_MS)
        playAfterEnded(player, remote, seekTarget);
      else remote.play();
    },
    pause() {
      remote.pause();
    },
    get currentTime() {
      return player.state.currentTime;
    },
    get paused() {
      return player.state.paused;
    },
    get duration() {
      return player.state.duration;
    },
    get clipRange() {
      return clip.get();
    },
    setClipRange(range) {
      clip.set(range && range.end > range.start ? { ...range } : null);
    },
    subscribe(listener) {
      // Vidstack re-runs this callback whenever a state value read inside it changes.
      return player.subscribe(({ currentTime, paused, duration, seeking }) => {
        const snapshot: PlayerSnapshot = { currentTime, paused, duration, seeking };
        listener(snapshot);
      });
    },
  };
}

/** A play this soon after a seek plays from where that seek went. */
const SEEK_AGAIN_WITHIN_MS = 1000;

/**
 * Plays from `target` a player whose media had ended. Vidstack keeps its `ended` state
 * through a seek made while paused at the end (its clock still reads the end), and its
 * play then restarts from 0:00: a click on a line, a chapter or a Find result after the
 * episode ended played from the start. So: play, and once playing, seek to the target.
 */
function playAfterEnded(player: MediaPlayerInstance, remote: MediaRemoteControl, target: number): void {
  let done = false;
  let unsubscribe: (() => void) | null = null;
  const finish = () => {
    done = true;
    clearTimeout(timer);
    unsubscribe?.();
  };
  const timer = setTimeout(finish, 2000);
  unsubscribe = player.subscribe(({ paused, ended }) => {
    if (done || paused || ended) return;
    finish();
    queueMicrotask(() => remote.seek(target));
  });
  if (done) unsubscribe();
  remote.play();
}

/**
 * Holds playback inside the clip range, whoever started it (our adapter, Vidstack's own
 * Play button, the keyboard, the media keys): playback that starts outside the range
 * (e.g. ▶ pressed once the range has ended) starts again from the range's start, and so
 * does a seek before the range while playing; reaching the end pauses, or goes back to the
 * start when the range loops. One subscriber decides
 * both, so a replay and the pause at the end never race on the same update.
 */
export function enforceClipRange(
  player: MediaPlayerInstance,
  remote: MediaRemoteControl,
  getRange: () => ClipRange | null,
): () => void {
  let wasPaused = player.state.paused;
  // A seek back to the range start we asked for and the store has not shown yet.
  let rewinding = false;
  return player.subscribe(({ currentTime, paused, seeking }) => {
    const started = wasPaused && !paused;
    wasPaused = paused;
    const range = getRange();
    if (!range || paused) {
      rewinding = false;
      return;
    }
    const atEnd = currentTime >= range.end - END_TOLERANCE;
    const before = currentTime < range.start - END_TOLERANCE;
    if (started && (atEnd || before)) {
      rewinding = true;
      remote.seek(range.start);
      return;
    }
    if (rewinding) {
      if (seeking || atEnd || before) return;
      rewinding = false;
    }
    // A seek made while playing (the 10 s back button, the slider) that lands before the
    // range: back to its start, as a seek past its end stops it.
    if (before && !seeking) {
      rewinding = true;
      remote.seek(range.start);
      return;
    }
    if (!atEnd) return;
    if (range.loop) {
      rewinding = true;
      remote.seek(range.start);
    } else remote.pause();
  });
}
