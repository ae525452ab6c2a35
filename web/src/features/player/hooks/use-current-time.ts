import { useEffect, useState } from 'react';
import type { PlayerAdapter } from '../player-adapter.ts';

/**
 * The player's current time, rounded to `resolution` seconds so that listeners which only
 * care about which cue is spoken do not re-render on every frame.
 */
export function useCurrentTime(player: PlayerAdapter | null, resolution = 0.1): number {
  const [time, setTime] = useState(0);
  useEffect(() => {
    if (!player) return;
    return player.subscribe(({ currentTime }) => {
      setTime(Math.floor(currentTime / resolution) * resolution);
    });
  }, [player, resolution]);
  return time;
}
