// Which of an episode's podcast:transcript links to import: timed formats first
// (Podcasting 2.0 JSON, then WebVTT, then SRT); HTML or plain text only when nothing
// timed is offered, and then marked untimed so nobody takes its "times" at face value.
import type { FeedTranscriptLink } from './parse-feed.ts';

export interface TranscriptChoice {
  link: FeedTranscriptLink;
  /** File extension the transcript is saved with. */
  extension: 'json' | 'vtt' | 'srt' | 'html' | 'txt';
  timed: boolean;
}

const PREFERENCE: Array<{ extension: TranscriptChoice['extension']; timed: boolean; matches: RegExp }> = [
  { extension: 'json', timed: true, matches: /json/ },
  { extension: 'vtt', timed: true, matches: /vtt/ },
  { extension: 'srt', timed: true, matches: /srt|subrip/ },
  { extension: 'html', timed: false, matches: /html/ },
  { extension: 'txt', timed: false, matches: /text\/plain/ },
];

function extensionFromUrl(url: string): string {
  const pathname = new URL(url).pathname.toLowerCase();
  return pathname.slice(pathname.lastIndexOf('.') + 1);
}

export function pickTranscript(
  links: FeedTranscriptLink[],
  language?: string | null,
): TranscriptChoice | null {
  // Captions (`rel="captions"`) are as good as transcripts for us; a link in the
  // episode's own language wins over translations.
  const inLanguage = (l: FeedTranscriptLink) =>
    !language || !l.language || l.language.toLowerCase().startsWith(language.toLowerCase().slice(0, 2));
  for (const preferred of PREFERENCE) {
    const candidates = links.filter(
      (l) => preferred.matches.test(l.type) || (!l.type && extensionFromUrl(l.url) === preferred.extension),
    );
    const pick = candidates.find(inLanguage) ?? candidates[0];
    if (pick) return { link: pick, extension: preferred.extension, timed: preferred.timed };
  }
  return null;
}
