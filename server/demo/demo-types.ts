// The source description of the demo archive. Each demo episode is written once here
// (speakers, voices, turns, chapters); make-demo-media.ts synthesizes the audio from it
// and renders the transcript in the episode's format, so text, timings and audio agree.

/** How an episode's transcript is written to disk. */
export type DemoTranscriptFormat =
  /** WebVTT with `<v Speaker>` voices. */
  | 'vtt'
  /** WebVTT with `<v Speaker>` voices and inline `<00:00:01.000>` word timestamps. */
  | 'vtt-words'
  /** SubRip, the speaker as a `Name:` prefix on every cue. */
  | 'srt'
  /** Podcasting 2.0 JSON transcript (`segments` with speaker/startTime/endTime/body). */
  | 'podcast-json'
  /** openai-whisper JSON with `words`, plus a WhisperX-style `speaker` per segment. */
  | 'whisper-json'
  /** Timestamped Markdown: `[mm:ss] **Name:** text`, one line per speaker turn. */
  | 'markdown'
  /** Plain text as Otter exports it: a `Name  m:ss` line, then the turn's text. */
  | 'text';

export interface DemoShow {
  /** Folder name under transcripts/. */
  slug: string;
  title: string;
  description: string;
  language: string;
  url: string;
  license: string;
}

export interface DemoSpeaker {
  name: string;
  /** espeak-ng voice, e.g. `fr+f2` (language + variant). */
  voice: string;
  role: string;
}

/** A cue's text, and what espeak-ng should say when the written text would be misread. */
export interface DemoCueSource {
  text: string;
  spoken: string;
}

export interface DemoTurn {
  /** A name from the episode's speakers. */
  speaker: string;
  /** Starts a chapter at this turn's first cue. */
  chapter?: string;
  /** One entry per cue; a sentence may continue over several cues. */
  cues: (string | DemoCueSource)[];
}

export interface DemoEpisode {
  /** Show slug (folder under transcripts/). */
  show: string;
  /** File base name shared by the transcript, its sidecars and its media. */
  base: string;
  format: DemoTranscriptFormat;
  /** `opus`: audio only; `webm`: a still-image video (VP9 + Opus). */
  media: 'opus' | 'webm';
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  language: string;
  url: string;
  license: string;
  tags: string[];
  speakers: DemoSpeaker[];
  turns: DemoTurn[];
}
