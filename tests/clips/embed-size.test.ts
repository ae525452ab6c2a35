// The size a clip's embed asks for (oEmbed and the embed snippet): room for a video picture
// only when there is a video to show, and for more lines of text when it is narrower.
import { describe, expect, it } from 'vitest';
import { embedDefaultSize, embedSize, embedVideoSize } from '../../server/clips/oembed.ts';
import type { ClipContext } from '../../server/clips/clip-context.ts';

const context = (mediaType: string | null, episodeGone: boolean) =>
  ({ episode: { mediaType }, episodeGone }) as unknown as Pick<ClipContext, 'episode' | 'episodeGone'>;

describe('embed size', () => {
  it('gives a video clip room for its picture, and an audio clip the quote size', () => {
    expect(embedSize(context('video/mp4', false), {})).toEqual(embedVideoSize);
    expect(embedSize(context('audio/ogg', false), {})).toEqual(embedDefaultSize);
  });

  it('gives a video clip whose episode is gone the quote size: its embed has no player', () => {
    expect(embedSize(context('video/mp4', true), {})).toEqual(embedDefaultSize);
  });

  it('grows taller when asked to be narrower, so the wrapped attribution and licence still fit', () => {
    expect(embedSize(context('audio/ogg', false), { maxwidth: 320 })).toEqual({ width: 320, height: 316 });
    expect(embedSize(context('video/mp4', false), { maxwidth: 400 })).toEqual({ width: 400, height: 484 });
  });

  it('keeps within the maxwidth and maxheight a consumer asks for', () => {
    expect(embedSize(context('video/mp4', false), { maxwidth: 400, maxheight: 300 })).toEqual({
      width: 400,
      height: 300,
    });
  });
});
