// Our own small player interface. The rest of the app talks to this, never to the
// player library, so a future player swap touches this folder only.

export interface PlayerSnapshot {
  /** Seconds from the start of the media (not of a clip range). */
  currentTime: number;
  paused: boolean;
  /** Seconds; 0 until known. */
  duration: number;
  seeking: boolean;
}

export interface ClipRange {
  start: number;
  end: number;
  /** Go back to `start` on reaching `end` instead of pausing (a preview on a loop). */
  loop?: boolean;
}

export interface PlayerAdapter {
  /** Seek to a time in seconds from the start of the media. */
  seek(time: number): void;
  play(): void;
  pause(): void;
  readonly currentTime: number;
  readonly paused: boolean;
  readonly duration: number;
  /**
   * Limit playback to [start, end] (null lifts the limit). Times stay media times. Playback
   * started outside the range starts from its start; at its end it pauses (or loops).
   */
  setClipRange(range: ClipRange | null): void;
  readonly clipRange: ClipRange | null;
  /** Called on every time/pause/duration change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: PlayerSnapshot) => void): () => void;
}

export interface PlayerChapter {
  start: number;
  end: number;
  title: string;
}

/** A point of interest drawn on the time slider (e.g. a search match). */
export interface PlayerMarker {
  time: number;
  label: string;
}
