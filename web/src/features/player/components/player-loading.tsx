import type { ReactNode } from 'react';
import { mediaKindOf, mediaTypeFor } from '../lib/media-source.ts';
import { pictureShapeStyle, type VideoSize } from '../lib/picture-shape.ts';

export interface PlayerLoadingProps {
  src: string;
  mediaType?: string | null;
  /** A video's picture size, when known: its box takes that shape (else 16:9). */
  videoSize?: VideoSize | null;
  /** Said while the player's code is on its way. */
  children?: ReactNode;
}

/**
 * The player's place while its code loads (a slow network): already the height of its
 * controls, and of a video's picture, so what is below (the transcript, on a phone) does
 * not jump down when the player arrives.
 */
export function PlayerLoading({ src, mediaType = null, videoSize = null, children }: PlayerLoadingProps) {
  const kind = mediaKindOf(mediaTypeFor(src, mediaType));
  return (
    <div className={`player player-loading player-${kind}`} style={pictureShapeStyle(videoSize)}>
      {kind === 'video' && <div className="player-loading-picture" />}
      <div className="player-loading-controls">{children}</div>
    </div>
  );
}
