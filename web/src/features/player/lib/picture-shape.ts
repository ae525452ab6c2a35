import type { CSSProperties } from 'react';

/** A video's picture as it is shown, in pixels (the server reads it from the file). */
export interface VideoSize {
  width: number;
  height: number;
}

/**
 * The CSS variables that give a video's box its picture's shape (4:3, 9:16…) before the video
 * has drawn, so the picture fills its box and nothing below moves. Without a size: 16:9.
 */
export function pictureShapeStyle(
  size: VideoSize | null | undefined,
): (CSSProperties & Record<`--${string}`, number>) | undefined {
  if (!size || !(size.width > 0) || !(size.height > 0)) return undefined;
  return { '--picture-width': size.width, '--picture-height': size.height };
}
