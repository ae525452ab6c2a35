// Timestamped Markdown and plain text, as podcasts publish their transcripts:
//
//   **Name:** text …                     speaker turn (also `**Name**:`, `__Name:__`)
//   Name: text …                         plain label (conservative, see speaker-labels.ts)
//   [00:12:03] Name: text …              marker then label, one turn per line
//   Name (01:02): / Name  1:02           Rev / Otter style headers, text on the next lines
//   … \[12:34\] … [1:02:03.45] … [75:10] … [00:44:03:20] …   markers anywhere in the text
//
// Markers: `[mm:ss]` (minutes may exceed 59: `[75:10]`), `[h:mm:ss]`, a decimal fraction
// (`[hh:mm:ss.cc]`, `.5` = 500 ms), or SMPTE frames `[hh:mm:ss:ff]` read at 30 fps (the
// usual rate of the editors that write them; the error is under a second either way).
// Brackets may be Markdown-escaped (`\[…\]`) and a marker may be a link (`[12:34](url)`).
//
// Timing is kept honest, never interpolated: a piece of text starts at the last marker
// seen before it (the start of the file counts as 0:00), and ends at the next marker
// after that, so the turns between two markers all span the interval the transcript
// vouches for. Only the text after the last marker has no bound: its end is estimated
// at 150 words per minute (2.5 words/s), an ordinary conversational speaking rate.
// A marker earlier than the previous one is ignored with a warning; a file without any
// marker is rejected as untimed rather than given invented times.
//
// Headings, front matter, HTML comments, rules and `**Break:**`-style non-speech
// paragraphs are skipped (their markers still count).
import { TranscriptParseError } from '../../errors.ts';
import type { Cue } from '../../model/types.ts';
import { collapseWhitespace, countWords, decodeEntities, stripMarkupTags } from './cue-text.ts';
import type { FormatParseResult, ParseWarning } from './parser-types.ts';
import { looksLikeSpeakerName, splitSpeakerLabel } from './speaker-labels.ts';
import { fractionToMilliseconds } from './timecode.ts';

export const FRAMES_PER_SECOND = 30;
export const WORDS_PER_SECOND = 2.5;

const CLOCK = String.raw`\d{1,3}(?::\d{1,2}){1,3}(?:[.,]\d{1,3})?`;
// `\[`…`\]` or `[`…`]`, a stray escaped backslash inside, an optional `(link)` after.
const MARKER = new RegExp(String.raw`\\?\[\\*(${CLOCK})\\?\](?:\([^()\s]*\))?`, 'g');
const CONTAINS_MARKER = new RegExp(MARKER.source);
const LEADING_MARKER = new RegExp(String.raw`^\s*\\?\[\\*(${CLOCK})\\?\](?:\([^()\s]*\))?\s*`);
const BARE_CLOCK_LINE = new RegExp(String.raw`^\s*(${CLOCK})\s*$`);
const BOLD_LABEL = /^(\*\*|__)([^*_\n]{1,60}?)(?:\s*:\s*\1|\1\s*:)[ \t\u00a0]*/;
const REV_HEADER = new RegExp(String.raw`^([^()\n:\[\]]{1,40}?)\s*\((${CLOCK})\)\s*:?[ \t]*`);
const OTTER_HEADER = new RegExp(String.raw`^([^\n:\[\]]{1,40}?)[ \t]+(${CLOCK})[ \t]*(?:\n|$)`);
const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const RULE = /^\s{0,3}(?:(?:\\?\*\s*){3,}|(?:\\?-\s*){3,}|(?:\\?_\s*){3,})$/;
const HAS_WORD = /[\p{L}\p{N}]/u;
const LIST_OR_QUOTE = /^\s{0,3}(?:>\s?)*(?:[-*+]\s+|\d{1,3}[.)]\s+)?/;
const FENCE = /^\s{0,3}(?:```|~~~)/;
const NON_SPEECH_LABEL =
  /^(?:break|music|musique|pause|ad|ad break|sponsor|pub|publicité|jingle|intro|outro|générique|applause|applaudissements|laughter|rires|silence)$/i;

interface Unit {
  line: number;
  text: string;
}

interface TimedPiece {
  line: number;
  start: number;
  speaker: string | null;
  text: string;
}

/** Seconds for a marker's clock text, or a reason it is not a valid time. */
export function parseMarkerClock(clock: string): number | string {
  const fractionMatch = /[.,](\d{1,3})$/.exec(clock);
  const parts = clock
    .replace(/[.,]\d{1,3}$/, '')
    .split(':')
    .map(Number);
  const fraction = fractionToMilliseconds(fractionMatch?.[1]) / 1000;
  if (parts.length === 2) {
    const [m = 0, s = 0] = parts;
    if (s > 59) return `seconds must be 00-59 in [${clock}]`;
    return m * 60 + s + fraction;
  }
  const [h = 0, m = 0, s = 0, frames] = parts;
  if (m > 59) return `minutes must be 00-59 in [${clock}]`;
  if (s > 59) return `seconds must be 00-59 in [${clock}]`;
  if (frames !== undefined) {
    if (fractionMatch) return `unexpected fraction after frames in [${clock}]`;
    return h * 3600 + m * 60 + s + Math.min(frames, FRAMES_PER_SECOND - 1) / FRAMES_PER_SECOND;
  }
  return h * 3600 + m * 60 + s + fraction;
}

export function parseTimestampedText(
  fileName: string,
  text: string,
  format: 'markdown' | 'text',
): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const units = splitIntoUnits(text);

  const pieces: TimedPiece[] = [];
  const markerTimes: number[] = [];
  let currentTime = 0;
  let currentSpeaker: string | null = null;
  let invalidMarkers = 0;

  const applyMarker = (clock: string, line: number): void => {
    const time = parseMarkerClock(clock);
    if (typeof time === 'string') {
      invalidMarkers++;
      warnings.push({ line, message: `ignored timestamp: ${time}` });
    } else if (markerTimes.length > 0 && time < currentTime) {
      warnings.push({ line, message: `ignored timestamp [${clock}]: earlier than the previous one` });
    } else {
      currentTime = time;
      markerTimes.push(time);
    }
  };
  const addText = (raw: string, line: number): void => {
    const cleaned = collapseWhitespace(
      format === 'markdown' ? cleanMarkdownInline(raw) : decodeEntities(raw),
    );
    // Pieces with no letter or digit (a stray "—", an escaped rule) are layout, not speech.
    if (HAS_WORD.test(cleaned))
      pieces.push({ line, start: currentTime, speaker: currentSpeaker, text: cleaned });
  };

  for (const unit of units) {
    if (unit.text === HEADING_UNIT) continue;
    let rest = unit.text;
    const consumeLeadingMarkers = (): void => {
      for (let m = LEADING_MARKER.exec(rest); m; m = LEADING_MARKER.exec(rest)) {
        applyMarker(m[1] ?? '', unit.line);
        rest = rest.slice(m[0].length);
      }
    };
    consumeLeadingMarkers();
    const bare = BARE_CLOCK_LINE.exec(rest.split('\n', 1)[0] ?? '');
    if (bare) {
      applyMarker(bare[1] ?? '', unit.line);
      rest = rest.slice((rest.split('\n', 1)[0] ?? '').length);
    }

    let nonSpeech = false;
    const bold = BOLD_LABEL.exec(rest);
    const rev = bold ? null : REV_HEADER.exec(rest);
    const otter = bold || rev ? null : OTTER_HEADER.exec(rest);
    if (bold) {
      const name = collapseWhitespace(cleanMarkdownInline(bold[2] ?? ''));
      rest = rest.slice(bold[0].length);
      if (NON_SPEECH_LABEL.test(name)) {
        nonSpeech = true;
        currentSpeaker = null;
      } else if (name !== '' && !CONTAINS_MARKER.test(name)) {
        currentSpeaker = name;
      }
    } else if (rev && looksLikeSpeakerName(rev[1] ?? '')) {
      currentSpeaker = (rev[1] ?? '').trim();
      applyMarker(rev[2] ?? '', unit.line);
      rest = rest.slice(rev[0].length);
    } else if (otter && looksLikeSpeakerName(otter[1] ?? '')) {
      currentSpeaker = (otter[1] ?? '').trim();
      applyMarker(otter[2] ?? '', unit.line);
      rest = rest.slice(otter[0].length);
    } else {
      const label = splitSpeakerLabel(rest);
      if (label) {
        currentSpeaker = NON_SPEECH_LABEL.test(label.speaker) ? null : label.speaker;
        rest = label.rest;
      }
    }
    consumeLeadingMarkers();

    // Markers inside the text split it: each piece starts at the marker before it.
    let cursor = 0;
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(rest); m; m = MARKER.exec(rest)) {
      if (!nonSpeech) addText(rest.slice(cursor, m.index), unit.line);
      applyMarker(m[1] ?? '', unit.line);
      cursor = m.index + m[0].length;
    }
    if (!nonSpeech) addText(rest.slice(cursor), unit.line);
  }

  if (markerTimes.length === 0) {
    const firstInvalid = warnings[0];
    throw invalidMarkers > 0 && firstInvalid
      ? new TranscriptParseError(
          fileName,
          `untimed: no valid timestamp marker found (${invalidMarkers} malformed; first: ${firstInvalid.message})`,
          firstInvalid.line,
        )
      : new TranscriptParseError(
          fileName,
          'untimed: no timestamp markers found (expected markers such as [12:34] or [01:02:03] in the text)',
        );
  }
  return { format, cues: timePieces(pieces, markerTimes), warnings };
}

/** Each piece ends at the first marker after its start; the tail is estimated from its length. */
function timePieces(pieces: TimedPiece[], markerTimes: number[]): Cue[] {
  const cues: Cue[] = [];
  let markerIndex = 0;
  const lastStart = pieces.at(-1)?.start ?? 0;
  const tailWords = pieces
    .filter((p) => p.start === lastStart)
    .reduce((sum, p) => sum + countWords(p.text), 0);
  const tailEnd = lastStart + Math.max(1, tailWords / WORDS_PER_SECOND);
  for (const piece of pieces) {
    while (markerIndex < markerTimes.length && (markerTimes[markerIndex] ?? 0) <= piece.start) markerIndex++;
    const nextMarker = markerTimes[markerIndex];
    const end = nextMarker ?? Math.max(tailEnd, piece.start + 1);
    cues.push({ start: piece.start, end, speaker: piece.speaker, text: piece.text });
  }
  return cues;
}

const HEADING_UNIT = '\u0000heading';

/**
 * Paragraphs, with a new unit also at any line that starts a turn (a marker, a bold or
 * plain label), so one-turn-per-line text files work without blank lines.
 */
function splitIntoUnits(text: string): Unit[] {
  const lines = text.split(/\r\n|\r|\n/);
  const units: Unit[] = [];
  let current: Unit | null = null;
  let index = 0;

  // Front matter (YAML `---` or TOML `+++`) is metadata, not speech.
  const fence = lines[0]?.trim();
  if (fence === '---' || fence === '+++') {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === fence);
    if (close > 0) index = close + 1;
  }

  let inComment = false;
  let inCodeFence = false;
  for (; index < lines.length; index++) {
    let line = lines[index] ?? '';
    const lineNumber = index + 1;
    if (inComment || line.includes('<!--')) {
      const stripped = stripHtmlComments(line, inComment);
      inComment = stripped.open;
      line = stripped.text;
    }
    if (FENCE.test(line)) {
      inCodeFence = !inCodeFence;
      current = null;
      continue;
    }
    if (inCodeFence) continue;
    if (line.trim() === '' || RULE.test(line)) {
      current = null;
      continue;
    }
    if (HEADING.test(line)) {
      // A heading's markers still move the clock; its words are not speech.
      const markers = [...line.matchAll(MARKER)].map((m) => m[0]).join(' ');
      units.push({ line: lineNumber, text: markers === '' ? HEADING_UNIT : markers });
      current = null;
      continue;
    }
    line = line.replace(LIST_OR_QUOTE, '');
    if (current && !startsTurn(line)) {
      current.text += `\n${line}`;
    } else {
      current = { line: lineNumber, text: line };
      units.push(current);
    }
  }
  return units;
}

function startsTurn(line: string): boolean {
  return (
    LEADING_MARKER.test(line) ||
    BOLD_LABEL.test(line) ||
    BARE_CLOCK_LINE.test(line) ||
    splitSpeakerLabel(line) !== null ||
    looksLikeHeader(REV_HEADER.exec(line)) ||
    looksLikeHeader(OTTER_HEADER.exec(line))
  );
}

function looksLikeHeader(match: RegExpExecArray | null): boolean {
  return match !== null && looksLikeSpeakerName(match[1] ?? '');
}

function stripHtmlComments(line: string, open: boolean): { text: string; open: boolean } {
  let text = '';
  let rest = line;
  let inside = open;
  for (;;) {
    if (inside) {
      const end = rest.indexOf('-->');
      if (end === -1) return { text, open: true };
      rest = rest.slice(end + 3);
      inside = false;
    } else {
      const start = rest.indexOf('<!--');
      if (start === -1) return { text: text + rest, open: false };
      text += rest.slice(0, start);
      rest = rest.slice(start + 4);
      inside = true;
    }
  }
}

/** Inline Markdown to plain text: links keep their words, emphasis and code marks go. */
export function cleanMarkdownInline(text: string): string {
  let out = text;
  // Each rewrite only runs when its trigger character is present: paragraphs are long.
  if (out.includes(']('))
    out = out.replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  if (out.includes('[^')) out = out.replace(/\[\^[^\]]+\]/g, '');
  if (out.includes('*') || out.includes('`') || out.includes('__'))
    out = out.replace(/\*{1,3}|_{2,3}|`+/g, '');
  // `_emphasis_` only at word edges, so snake_case names survive.
  if (out.includes('_')) out = out.replace(/(^|[\s(«"'])_(\S(?:[^_]*\S)?)_(?=$|[\s).,;:!?»"'])/g, '$1$2');
  if (out.includes('\\')) out = out.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
  return decodeEntities(stripMarkupTags(out));
}
