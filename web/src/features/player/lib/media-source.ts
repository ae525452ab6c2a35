// The player library picks audio or video from the MIME type or extension; it does not
// know `.opus`, so we name the container it plays in.
const BY_EXTENSION: Record<string, string> = {
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/mp4',
  wav: 'audio/wav',
  flac: 'audio/flac',
  weba: 'audio/webm',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/mp4',
};

export type MediaKind = 'audio' | 'video';

export function mediaTypeFor(url: string, declared: string | null): string {
  if (declared) {
    const base = declared.split(';')[0]?.trim().toLowerCase() ?? '';
    if (base === 'audio/opus') return 'audio/ogg';
    if (/^(audio|video)\//.test(base)) return base;
  }
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'audio/mpeg';
}

export function mediaKindOf(type: string): MediaKind {
  return type.startsWith('video/') ? 'video' : 'audio';
}
