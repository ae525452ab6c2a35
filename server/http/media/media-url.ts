/** Where a client plays an episode's media: `/media/<path>` for local files, the URL itself for remote media. */
export function mediaUrlFor(media: string | null): string | null {
  if (media === null || media === '') return null;
  if (/^https?:\/\//i.test(media)) return media;
  return `/media/${media.split('/').map(encodeURIComponent).join('/')}`;
}
