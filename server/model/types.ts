// The canonical model every transcript format is parsed into, and every backend stores.
// Times are seconds as numbers, rounded to the millisecond.

export interface WordTiming {
  /** The word as written in the cue text (punctuation attached is fine). */
  text: string;
  start: number;
  end: number;
}

export interface Cue {
  start: number;
  end: number;
  /** Speaker name as given by the transcript, or null when unknown. */
  speaker: string | null;
  /** Plain text: tags stripped, entities decoded, whitespace collapsed. */
  text: string;
  /** Word timings, present only when the transcript carries them. */
  words?: WordTiming[];
}

export interface Chapter {
  startTime: number;
  endTime?: number;
  title: string;
  url?: string;
  img?: string;
}

export interface Show {
  /** The folder name under transcripts/: URL-safe slug. */
  id: string;
  title: string;
  description: string | null;
  language: string | null;
  url: string | null;
  image: string | null;
  license: string | null;
}

export interface Episode {
  /** Stable, URL-safe id derived from show folder and file name. */
  id: string;
  showId: string;
  title: string;
  /** ISO date (YYYY-MM-DD) or null. */
  date: string | null;
  language: string | null;
  speakers: string[];
  /** Local media path relative to the transcripts root, or an absolute http(s) URL, or null. */
  media: string | null;
  /** MIME type of the media, when known. */
  mediaType: string | null;
  url: string | null;
  license: string | null;
  tags: string[];
  chapters: Chapter[];
  /** Duration in seconds (from metadata, else the last cue's end). */
  duration: number;
  /** Transcript path relative to the transcripts root, with forward slashes. */
  source: string;
  /** Transcript format the source was parsed as. */
  format: TranscriptFormat;
  /** Content hash of the transcript and its sidecars: the transcript revision. */
  revision: string;
  cueCount: number;
}

export type TranscriptFormat =
  'vtt' | 'srt' | 'podcast-json' | 'whisper-json' | 'whisper-cpp-json' | 'markdown' | 'text';

export interface EpisodeWithCues {
  episode: Episode;
  cues: Cue[];
}

/**
 * The episode as it was when a clip was cut: enough to show and cite the clip once the
 * episode has left the archive.
 */
export interface EpisodeAtCut {
  showId: string;
  showTitle: string;
  showUrl: string | null;
  title: string;
  date: string | null;
  language: string | null;
  /** Everyone heard in the clip's range, in order of appearance. */
  speakers: string[];
  mediaType: string | null;
  /** The episode's own URL, when its metadata had one. */
  url: string | null;
  /** The episode's licence, else the show's. */
  license: string | null;
  duration: number;
  /** Transcript path relative to the transcripts root. */
  source: string;
}

export interface Clip {
  /** Stable short id. */
  id: string;
  episodeId: string;
  start: number;
  end: number;
  title: string | null;
  note: string | null;
  /** The exact transcript text of the range. */
  quote: string;
  /** The episode revision (content hash) the clip was cut from. */
  revision: string;
  createdAt: string;
  /** Null only for clips whose episode was already gone when the archive learnt to store this. */
  episodeAtCut: EpisodeAtCut | null;
}

export interface PackItem {
  clipId: string;
  note: string | null;
}

export interface Pack {
  id: string;
  title: string;
  intro: string | null;
  items: PackItem[];
  createdAt: string;
}
