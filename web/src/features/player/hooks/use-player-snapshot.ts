import { useEffect, useState } from 'react';
import type { PlayerAdapter, PlayerSnapshot } from '../player-adapter.ts';

const IDLE: PlayerSnapshot = { currentTime: 0, paused: true, duration: 0, seeking: false };

/** Time, pause state and duration of the player, re-rendering on each change. */
export function usePlayerSnapshot(player: PlayerAdapter | null): PlayerSnapshot {
  const [snapshot, setSnapshot] = useState<PlayerSnapshot>(IDLE);
  useEffect(() => {
    if (!player) return;
    return player.subscribe(setSnapshot);
  }, [player]);
  return player ? snapshot : IDLE;
}
