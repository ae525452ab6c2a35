// The player feature: our adapter interface and the components/hooks that implement it.
// Import Vidstack nowhere else. `Player` is lazy so the search page never loads it.
import { lazy } from 'react';

export type {
  ClipRange,
  PlayerAdapter,
  PlayerChapter,
  PlayerMarker,
  PlayerSnapshot,
} from './player-adapter.ts';
export { PlayerProvider, usePlayer } from './player-context.tsx';
export { usePlayerSnapshot } from './hooks/use-player-snapshot.ts';
export { useCurrentTime } from './hooks/use-current-time.ts';
export { PlayerLoading } from './components/player-loading.tsx';
export type { VideoSize } from './lib/picture-shape.ts';
export type { PlayerProps } from './components/vidstack-player.tsx';

/** Starts loading the player code (e.g. when the reader points at a search hit). */
export const preloadPlayer = () => import('./components/vidstack-player.tsx');

export const Player = lazy(preloadPlayer);
