import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PlayerAdapter } from './player-adapter.ts';

interface PlayerSlot {
  adapter: PlayerAdapter | null;
  register: (adapter: PlayerAdapter | null) => void;
}

const PlayerContext = createContext<PlayerSlot | null>(null);

/** Holds the page's player so components beside it (transcript, clips) can drive it. */
export function PlayerProvider({ children }: { children: ReactNode }) {
  const [adapter, register] = useState<PlayerAdapter | null>(null);
  const value = useMemo(() => ({ adapter, register }), [adapter]);
  return <PlayerContext.Provider value={value}>{children}</PlayerContext.Provider>;
}

/** The page's player, or null while it loads. */
export function usePlayer(): PlayerAdapter | null {
  return useContext(PlayerContext)?.adapter ?? null;
}

export function usePlayerRegistration(): (adapter: PlayerAdapter | null) => void {
  const slot = useContext(PlayerContext);
  if (!slot) throw new Error('The player needs a <PlayerProvider> above it');
  return slot.register;
}
