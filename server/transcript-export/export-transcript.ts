// Transcripts out: WebVTT (voices, word timings as inline timestamps), SRT, Podcasting 2.0
// JSON and plain text, for a whole episode or a clip range. Every output parses back
// with parseTranscript into the same cues (text, speakers, times; SRT and text carry no
// word timings, text carries whole seconds only).
import type { Chapter, Cue, WordTiming } from '../model/types.ts';
import { formatClock, formatWholeSeconds } from '../ingest/parsers/timecode.ts';

export type TranscriptExportFormat = 'vtt' | 'srt' | 'json' | 'txt';

export interface ExportOptions {
  /** Keep only cues overlapping [start, end), clipped to it. */
  range?: { start: number; end: number };
  /** Shift times so the range starts at 0 (clip captions for a cut media file). */
  rebaseToZero?: boolean;
  title?: string;
}

export const TRANSCRIPT_EXPORT_MEDIA_TYPES: Record<TranscriptExportFormat, string> = {
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export function exportTranscript(
  format: TranscriptExportFormat,
  cues: readonly Cue[],
  options: ExportOptions = {},
): string {
  const selected = selectRange(cues, options);
  switch (format) {
    case 'vtt':
      return toWebVtt(selected, options.title);
    case 'srt':
      return toSrt(selected);
    case 'json':
      return toPodcastJson(selected);
    case 'txt':
      return toPlainText(selected, options.title);
  }
}

const ms = (seconds: number): number => Math.round(seconds * 1000);

function selectRange(cues: readonly Cue[], options: ExportOptions): Cue[] {
  const range = options.range;
  if (!range) return cues.map((c) => ({ ...c }));
  const rangeStart = ms(range.start);
  const rangeEnd = ms(range.end);
  const offset = options.rebaseToZero ? rangeStart : 0;
  const shift = (t: number): number => (ms(t) - offset) / 1000;
  const clip = (t: number): number => Math.min(rangeEnd, Math.max(rangeStart, ms(t)));
  const out: Cue[] = [];
  for (const cue of cues) {
    if (!(ms(cue.end) > rangeStart && ms(cue.start) < rangeEnd)) continue;
    const clipped: Cue = {
      start: shift(clip(cue.start) / 1000),
      end: shift(clip(cue.end) / 1000),
      speaker: cue.speaker,
      text: cue.text,
    };
    // Words are kept whole: the cue's text is not cut, so neither are its words.
    if (cue.words) {
      clipped.words = cue.words.map((w) => ({
        text: w.text,
        start: shift(clip(w.start) / 1000),
        end: shift(clip(w.end) / 1000),
      }));
    }
    out.push(clipped);
  }
  return out;
}

// --- WebVTT -----------------------------------------------------------------

/** Cue text on one line: a line break in WebVTT or SRT cue text could end the cue. */
function singleLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function escapeVttText(text: string): string {
  return singleLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A header line must stay one line and hold no "-->". */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/-->/g, '→').trim();
}

function toWebVtt(cues: Cue[], title?: string): string {
  const header = title && oneLine(title) ? `WEBVTT - ${oneLine(title)}` : 'WEBVTT';
  const blocks = [header];
  for (const cue of cues) {
    const timing = `${formatClock(cue.start)} --> ${formatClock(cue.end)}`;
    const body = vttCueBody(cue);
    const voiced = cue.speaker ? `<v ${escapeVttText(oneLine(cue.speaker))}>${body}</v>` : body;
    blocks.push(`${timing}\n${voiced}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Cue text, with an inline timestamp before each word the spec lets us time. */
function vttCueBody(cue: Cue): string {
  const words = cue.words;
  if (!words || words.length === 0 || words.map((w) => w.text).join(' ') !== cue.text) {
    return escapeVttText(cue.text);
  }
  // Inline timestamps must be strictly inside the cue and strictly increasing.
  let last = ms(cue.start);
  const parts = words.map((word: WordTiming) => {
    const at = ms(word.start);
    if (at > last && at < ms(cue.end)) {
      last = at;
      return `<${formatClock(word.start)}>${escapeVttText(word.text)}`;
    }
    return escapeVttText(word.text);
  });
  return parts.join(' ');
}

// --- SRT ---------------------------------------------------------------------

function toSrt(cues: Cue[]): string {
  // SRT has no speaker field: the "Name: text" label is what players show and what our
  // parser reads back. There is no escaping convention either, so text goes out as is.
  return cues
    .map((cue, index) => {
      const timing = `${formatClock(cue.start, ',')} --> ${formatClock(cue.end, ',')}`;
      const text = cue.speaker ? `${oneLine(cue.speaker)}: ${singleLine(cue.text)}` : singleLine(cue.text);
      return `${index + 1}\n${timing}\n${text}\n`;
    })
    .join('\n');
}

// --- Podcasting 2.0 JSON -----------------------------------------------------------

function toPodcastJson(cues: Cue[]): string {
  const segments = cues.map((cue) => ({
    ...(cue.speaker ? { speaker: cue.speaker } : {}),
    startTime: cue.start,
    endTime: cue.end,
    body: cue.text,
  }));
  return `${JSON.stringify({ version: '1.0.0', segments }, null, 2)}\n`;
}

// --- Plain text ----------------------------------------------------------------

function toPlainText(cues: Cue[], title?: string): string {
  const lines = cues.map(
    (cue) =>
      `[${formatWholeSeconds(cue.start)}] ${cue.speaker ? `${oneLine(cue.speaker)}: ` : ''}${singleLine(cue.text)}`,
  );
  // A Markdown-style heading: the text parser skips headings, so the title is not read back as speech.
  const heading = title && oneLine(title) ? [`# ${oneLine(title)}`, ''] : [];
  return `${[...heading, ...lines].join('\n')}\n`;
}

// --- Chapters ----------------------------------------------------------------

/** Podcasting 2.0 chapters JSON (version 1.2.0). */
export function exportChapters(chapters: readonly Chapter[]): string {
  const entries = chapters.map((c) => ({
    startTime: c.startTime,
    ...(c.endTime !== undefined ? { endTime: c.endTime } : {}),
    title: c.title,
    ...(c.url ? { url: c.url } : {}),
    ...(c.img ? { img: c.img } : {}),
  }));
  return `${JSON.stringify({ version: '1.2.0', chapters: entries }, null, 2)}\n`;
}

// Chapters are read where transcripts are; re-exported so export and import sit side by side.
export { parseChaptersJson } from '../ingest/parsers/parse-chapters-json.ts';
