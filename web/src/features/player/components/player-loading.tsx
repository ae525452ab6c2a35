import type { ReactNode } from 'react';
import { mediaKindOf, mediaTypeFor } from '../lib/media-source.ts';

export interface PlayerLoadingProps {
  src: string;
  mediaType?: string | null;
  /** Said while the player's code is on its way. */
  children?: ReactNode;
}

/**
 * The player's place while its code loads (a slow network): already the height of its
 * controls, and of a video's picture, so what is below (the transcript, on a phone) does
 * not jump down when the player arrives.
 */
export function PlayerLoading({ src, mediaType = null, children }: PlayerLoadingProps) {
  const kind = mediaKindOf(mediaTypeFor(src, mediaType));
  return (
    <div className={`player player-loading player-${kind}`}>
      {kind === 'video' && <div className="player-loading-picture" />}
      <div className="player-loading-controls">{children}</div>
    </div>
  );
}
