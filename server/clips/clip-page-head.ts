// Share pages (/clips/:id, /packs/:id, /embed/clips/:id) are the web app's index.html with
// link-preview tags added: Open Graph, Twitter card and oEmbed discovery. Every value is
// transcript or user text, so every value is escaped.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface PageHead {
  title: string;
  description: string;
  /** Canonical absolute URL of the page. */
  url: string;
  /** Absolute URL of the preview image (PNG). */
  image?: { url: string; width: number; height: number; alt: string };
  /** Absolute URL of the oEmbed JSON for this page. */
  oembedUrl?: string;
  /** The clip's cut media (its audio export), for og:audio or og:video with its type. */
  media?: { url: string; type: string };
  siteName: string;
  noindex?: boolean;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function buildHeadTags(head: PageHead): string {
  const meta = (attr: 'property' | 'name', key: string, value: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`;
  const description = head.description.length > 300 ? head.description.slice(0, 299) + '…' : head.description;
  const tags = [
    `<link rel="canonical" href="${escapeHtml(head.url)}" />`,
    meta('name', 'description', description),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', head.siteName),
    meta('property', 'og:title', head.title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', head.url),
    meta('name', 'twitter:card', head.image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', head.title),
    meta('name', 'twitter:description', description),
  ];
  if (head.image) {
    tags.push(
      meta('property', 'og:image', head.image.url),
      meta('property', 'og:image:type', 'image/png'),
      meta('property', 'og:image:width', String(head.image.width)),
      meta('property', 'og:image:height', String(head.image.height)),
      meta('property', 'og:image:alt', head.image.alt),
      meta('name', 'twitter:image', head.image.url),
      meta('name', 'twitter:image:alt', head.image.alt),
    );
  }
  if (head.media) {
    // A video episode's clip is cut to an MP4 video: announced as a video, not as audio.
    const kind = head.media.type.startsWith('video/') ? 'og:video' : 'og:audio';
    tags.push(meta('property', kind, head.media.url), meta('property', `${kind}:type`, head.media.type));
  }
  if (head.oembedUrl) {
    tags.push(
      `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(head.oembedUrl)}" title="${escapeHtml(head.title)}" />`,
    );
  }
  if (head.noindex) tags.push(meta('name', 'robots', 'noindex'));
  return tags.join('\n    ');
}

/** Replaces the template's <title> and adds the tags before </head>. */
export function injectHead(indexHtml: string, head: PageHead): string {
  const title = `<title>${escapeHtml(head.title)}</title>`;
  const withTitle = /<title>[\s\S]*?<\/title>/i.test(indexHtml)
    ? indexHtml.replace(/<title>[\s\S]*?<\/title>/i, () => title)
    : indexHtml.replace(/<\/head>/i, () => `${title}\n  </head>`);
  // A function replacement: '$' in user text must not be read as a replacement pattern.
  return withTitle.replace(/<\/head>/i, () => `  ${buildHeadTags(head)}\n  </head>`);
}

export const defaultIndexHtmlPath = path.resolve(import.meta.dirname, '../../web/dist/index.html');

// Used when the web app has not been built (API-only runs): still a valid page with the tags.
const fallbackIndexHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Verbatim</title>
  </head>
  <body>
    <div id="root"><p>The web app is not built; run <code>npm run build:web</code>.</p></div>
  </body>
</html>
`;

/** Reads the built index.html on each call (it is small, and a rebuild changes its asset hashes). */
export async function loadIndexHtml(file: string = defaultIndexHtmlPath): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return fallbackIndexHtml;
  }
}
