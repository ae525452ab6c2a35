// An episode page opened from a link (`/episodes/<id>?q=données`) names, in its HTML, what
// it will ask for first: the episode page's code, the episode, and the moments of its `?q=`.
// The browser fetches them while the app's main code downloads and starts, instead of after
// (before: three steps in a row, HTML → main code run → episode code and answers).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The Vite manifest's view of one chunk (dist/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** The web app's episode feature, as the Vite manifest names its lazy chunk. */
const EPISODE_FEATURE = 'src/features/episode/index.ts';

const attribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The API addresses the episode page asks for first, exactly as the web app builds them
 * (web/src/shared/api/episode-requests.ts: `fetchEpisode`, `searchEpisode`, same parameters in
 * the same order), so the browser hands the preloaded answers to the page's own requests.
 */
export function episodePageRequests(id: string, q: string | null): string[] {
  const urls = [`/api/episodes/${encodeURIComponent(id)}`];
  if (q !== null && q.trim() !== '') {
    const query = new URLSearchParams({
      q,
      episode: id,
      group: 'episode',
      limit: '1',
      compact: 'true',
      context: 'false',
    });
    urls.push(`/api/search?${query.toString()}`);
  }
  return urls;
}

/** The episode feature's JS files not already loaded by the app's entry (the entry loads those). */
async function episodeCodeFiles(distDir: string): Promise<string[]> {
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(await readFile(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
  } catch {
    return []; // built without a manifest: the page still works, its code comes when asked for
  }
  const reachable = (key: string, into: Set<string>) => {
    const chunk = manifest[key];
    if (!chunk || into.has(key)) return;
    into.add(key);
    for (const next of chunk.imports ?? []) reachable(next, into);
  };
  const fromEntry = new Set<string>();
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) reachable(key, fromEntry);
  const episode = new Set<string>();
  reachable(EPISODE_FEATURE, episode);
  return [...episode]
    .filter((key) => !fromEntry.has(key))
    .map((key) => manifest[key]!.file)
    .filter((file) => file.endsWith('.js'));
}

/** index.html with the episode page's first requests named in its head. */
export async function withEpisodePreloads(
  indexHtml: string,
  distDir: string,
  id: string,
  q: string | null,
): Promise<string> {
  const links = [
    ...(await episodeCodeFiles(distDir)).map(
      (file) => `<link rel="modulepreload" crossorigin href="/${attribute(file)}" />`,
    ),
    // `crossorigin`: the page's fetch() is a CORS-mode request, and only a preload of that
    // mode is handed to it.
    ...episodePageRequests(id, q).map(
      (url) => `<link rel="preload" as="fetch" crossorigin href="${attribute(url)}" />`,
    ),
  ];
  // A function replacement: a '$' in the query must not be read as a replacement pattern.
  return indexHtml.replace(/<\/head>/i, () => `  ${links.join('\n    ')}\n  </head>`);
}
