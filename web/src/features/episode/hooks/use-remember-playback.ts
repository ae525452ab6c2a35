import { useEffect } from 'react';
import type { PlayerAdapter } from '../../player/index.ts';
import { writeResumeAt } from '../lib/episode-start.ts';

/** Media time between two notes of where the listener is (one history write a second). */
const NOTE_EVERY_SECONDS = 1;

/**
 * Keeps, in the episode's history entry, where the listener is, so a reload or Back then
 * Forward goes on from there (see resumeEpisodeStart).
 */
export function useRememberPlayback(player: PlayerAdapter | null): void {
  useEffect(() => {
    if (!player) return;
    const page = window.location.pathname;
    let noted = -Infinity;
    return player.subscribe(({ currentTime, seeking }) => {
      // 0 before the media has moved is no place the listener was; another page's entry is
      // not this episode's.
      if (seeking || currentTime <= 0 || window.location.pathname !== page) return;
      if (Math.abs(currentTime - noted) < NOTE_EVERY_SECONDS) return;
      noted = currentTime;
      writeResumeAt(currentTime);
    });
  }, [player]);
}
