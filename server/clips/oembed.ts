// oEmbed (https://oembed.com) for clip pages: a "rich" iframe of /embed/clips/:id.
import { VerbatimError } from '../errors.ts';
import { escapeHtml } from './clip-page-head.ts';
import type { ClipContext } from './clip-context.ts';
import { quoteCardSize } from './render-quote-card.ts';

export const embedDefaultSize = { width: 560, height: 220 } as const;
export const embedVideoSize = { width: 560, height: 420 } as const;

export class NotImplementedError extends VerbatimError {
  constructor(message: string) {
    // 501 is the status oEmbed asks for.
    super('not_implemented', 501, message);
  }
}

/** The clip id a URL on this archive points to (/clips/:id or /embed/clips/:id), else null. */
export function clipIdFromUrl(url: string, base: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== new URL(base).origin) return null;
  const match = /^\/(?:embed\/)?clips\/([^/]+)\/?$/.exec(parsed.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function embedSize(
  ctx: Pick<ClipContext, 'episode' | 'episodeGone'>,
  max: { maxwidth?: number; maxheight?: number },
) {
  // A clip whose episode is gone embeds its quote without a player: no room for a picture.
  const video = !ctx.episodeGone && ctx.episode.mediaType?.startsWith('video/') === true;
  const size = video ? embedVideoSize : embedDefaultSize;
  const width = Math.min(size.width, max.maxwidth ?? Infinity);
  // Narrower, the attribution and licence wrap onto more lines: 4 px more height for every
  // 10 px less width keeps them in the frame (the controls keep one row down to 250 px).
  const height = size.height + Math.ceil((size.width - width) * 0.4);
  return { width, height: Math.min(height, max.maxheight ?? Infinity) };
}

const titleQuoteMax = 100;

/** A quote of at most 100 characters, cut at a word boundary with "…". */
function shortQuote(quote: string): string {
  const text = quote.trim().replace(/\s+/g, ' ');
  if (text.length <= titleQuoteMax) return `“${text}”`;
  const cut = text.slice(0, titleQuoteMax + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `“${(lastSpace > titleQuoteMax / 2 ? cut.slice(0, lastSpace) : cut.slice(0, titleQuoteMax)).replace(/[\s,;:]+$/, '')}…”`;
}

/**
 * The clip's name wherever an embed names it — the iframe's title, which screen readers
 * announce, and the oEmbed `title` a CMS shows: the clip (its title, else its quote), its
 * episode and range, so two clips of one episode are told apart.
 */
export function embedTitle(ctx: Pick<ClipContext, 'clip' | 'episode' | 'range'>): string {
  const clip = ctx.clip.title ?? (ctx.clip.quote.trim() ? shortQuote(ctx.clip.quote) : null);
  const where = `${ctx.episode.title} (${ctx.range})`;
  return clip ? `${clip} — ${where}` : where;
}

export function embedIframeHtml(
  ctx: Pick<ClipContext, 'links' | 'clip' | 'episode' | 'range'>,
  size: { width: number; height: number },
): string {
  const title = embedTitle(ctx);
  return `<iframe src="${escapeHtml(ctx.links.embed)}" width="${size.width}" height="${size.height}" title="${escapeHtml(title)}" style="border:0" allow="autoplay; fullscreen" loading="lazy"></iframe>`;
}

export function buildOembed(ctx: ClipContext, base: string, max: { maxwidth?: number; maxheight?: number }) {
  const size = embedSize(ctx, max);
  const showTitle = ctx.show?.title ?? ctx.episode.showId;
  return {
    version: '1.0' as const,
    type: 'rich' as const,
    title: embedTitle(ctx),
    author_name: showTitle,
    ...(ctx.show?.url ? { author_url: ctx.show.url } : {}),
    provider_name: 'Verbatim',
    provider_url: `${base}/`,
    html: embedIframeHtml(ctx, size),
    width: size.width,
    height: size.height,
    thumbnail_url: ctx.links.card,
    thumbnail_width: quoteCardSize.width,
    thumbnail_height: quoteCardSize.height,
    cache_age: 86400,
  };
}
