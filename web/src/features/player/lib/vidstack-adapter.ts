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
const END_TOLERANCE = 0.05;

export function createVidstackAdapter(
  player: MediaPlayerInstance,
  remote: MediaRemoteControl,
  clip: ClipRangeStore,
): PlayerAdapter {
  return {
    seek(time) {
      remote.seek(Math.max(0, time));
    },
    play() {
      const range = clip.get();
      const time = player.state.currentTime;
      if (range && (time < range.start - END_TOLERANCE || time >= range.end - END_TOLERANCE))
        remote.seek(range.start);
      remote.play();
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
      clip.set(range && range.end > range.start ? range : null);
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

/** Pauses playback when it reaches the end of the clip range (checked every frame). */
export function enforceClipEnd(
  player: MediaPlayerInstance,
  remote: MediaRemoteControl,
  getRange: () => ClipRange | null,
): () => void {
  return player.subscribe(({ currentTime, paused }) => {
    const range = getRange();
    if (!range || paused) return;
    if (currentTime >= range.end - END_TOLERANCE) remote.pause();
  });
}
