// Search documents: overlapping windows of consecutive cues ("passages").
//
// Why windows and these sizes: a quote often crosses cue boundaries (cues last 2–7 s,
// 5–20 words), so each document must hold several cues. A window of ~60 words sliding by
// ~30 words (50 % overlap) holds every quote of up to ~30 words whole in at least one
// passage, keeps bm25 lengths comparable between passages, and costs each word being
// indexed twice. Wider windows blur ranking and snippets; narrower ones (or less overlap)
// cut more quotes in two. Very long cues (paragraph-per-turn Markdown, Whisper segments)
// are cut into ~30-word slices so a passage never balloons.
import type { Cue, EpisodeWithCues, Show } from '../model/types.ts';
import type { HitEpisode } from './search-types.ts';

/** Words per passage (a passage closes once it reaches this many). */
export const PASSAGE_TARGET_WORDS = 60;
/** Words between the starts of two consecutive passages (~50 % overlap). */
export const PASSAGE_STRIDE_WORDS = 30;
/** A cue longer than this is cut into slices of PASSAGE_STRIDE_WORDS words. */
const LONG_CUE_WORDS = 45;

export interface PassageWord {
  /** [charStart, charEnd) of the word inside the passage text. */
  charStart: number;
  charEnd: number;
  start: number;
  end: number;
}

/** One cue (or slice of a long cue) inside a passage. */
export interface PassageSpan {
  /** Index of the cue in the episode. */
  cue: number;
  /** [charStart, charEnd) of this cue's text inside the passage text. */
  charStart: number;
  charEnd: number;
  /** Offset of the slice inside the cue's own text (0 unless a long cue was cut). */
  cueTextOffset: number;
  start: number;
  end: number;
  speaker: string | null;
  /** Word timings inside the passage text, when the transcript has them. */
  words?: PassageWord[];
}

export interface Passage {
  /** `${episodeId}:${ordinal}` */
  id: string;
  /** Position of the passage in its episode (0-based). */
  ordinal: number;
  episodeId: string;
  showId: string;
  language: string | null;
  date: string | null;
  year: number | null;
  /** Distinct speakers of the cues in this passage. */
  speakers: string[];
  /** Cue texts joined by single spaces. */
  text: string;
  spans: PassageSpan[];
  episode: HitEpisode;
}

interface Unit {
  cue: number;
  /** Slice of the cue text. */
  from: number;
  to: number;
  words: number;
}

const WORD_RE = /(?:(?!\u02bc)[\p{L}\p{N}\p{M}\p{Co}])+/gu;

/** Cuts the cues into units: whole cues, or ~30-word slices of long ones. */
function cueUnits(cues: readonly Cue[]): Unit[] {
  const units: Unit[] = [];
  cues.forEach((cue, index) => {
    const text = cue.text;
    const wordStarts: number[] = [];
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) wordStarts.push(m.index);
    if (wordStarts.length === 0) return;
    if (wordStarts.length <= LONG_CUE_WORDS) {
      units.push({ cue: index, from: 0, to: text.length, words: wordStarts.length });
      return;
    }
    for (let w = 0; w < wordStarts.length; w += PASSAGE_STRIDE_WORDS) {
      const next = wordStarts[w + PASSAGE_STRIDE_WORDS];
      const from = w === 0 ? 0 : (wordStarts[w] ?? 0);
      const to = next === undefined ? text.length : trimEnd(text, next);
      const words = Math.min(PASSAGE_STRIDE_WORDS, wordStarts.length - w);
      units.push({ cue: index, from, to, words });
    }
  });
  return units;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

export function hitEpisodeOf(data: EpisodeWithCues, show: Show): HitEpisode {
  const e = data.episode;
  return {
    id: e.id,
    title: e.title,
    showId: e.showId,
    showTitle: show.title,
    date: e.date,
    source: e.source,
    media: e.media,
  };
}

/** Maps each word timing of a cue slice to char offsets inside the passage text. */
function alignWords(cue: Cue, unit: Unit, charStart: number): PassageWord[] | undefined {
  if (!cue.words || cue.words.length === 0) return undefined;
  const out: PassageWord[] = [];
  let cursor = 0;
  for (const w of cue.words) {
    const needle = w.text.trim();
    if (needle === '') continue;
    const at = cue.text.indexOf(needle, cursor);
    if (at < 0) continue;
    cursor = at + needle.length;
    if (at < unit.from || at >= unit.to) continue;
    out.push({
      charStart: charStart + (at - unit.from),
      charEnd: charStart + Math.min(cursor, unit.to) - unit.from,
      start: w.start,
      end: w.end,
    });
  }
  return out.length > 0 ? out : undefined;
}

/** Builds the overlapping passages of one episode, in order. */
export function buildPassages(data: EpisodeWithCues, show: Show): Passage[] {
  const { episode, cues } = data;
  const units = cueUnits(cues);
  const hitEpisode = hitEpisodeOf(data, show);
  const language = episode.language ?? show.language ?? null;
  const year = episode.date && /^\d{4}/.test(episode.date) ? Number(episode.date.slice(0, 4)) : null;
  const passages: Passage[] = [];
  let first = 0;
  while (first < units.length) {
    // Close the window at PASSAGE_TARGET_WORDS; remember where the next one starts.
    let words = 0;
    let last = first;
    let nextFirst = -1;
    for (let u = first; u < units.length; u++) {
      const unit = units[u];
      if (unit === undefined) break;
      if (nextFirst < 0 && u > first && words >= PASSAGE_STRIDE_WORDS) nextFirst = u;
      words += unit.words;
      last = u;
      if (words >= PASSAGE_TARGET_WORDS) break;
    }
    const spans: PassageSpan[] = [];
    const speakers = new Set<string>();
    let text = '';
    for (let u = first; u <= last; u++) {
      const unit = units[u];
      const cue = unit ? cues[unit.cue] : undefined;
      if (!unit || !cue) continue;
      if (text.length > 0) text += ' ';
      const charStart = text.length;
      text += cue.text.slice(unit.from, unit.to);
      const span: PassageSpan = {
        cue: unit.cue,
        charStart,
        charEnd: text.length,
        cueTextOffset: unit.from,
        start: cue.start,
        end: cue.end,
        speaker: cue.speaker,
      };
      const words = alignWords(cue, unit, charStart);
      if (words) span.words = words;
      spans.push(span);
      if (cue.speaker) speakers.add(cue.speaker);
    }
    const ordinal = passages.length;
    passages.push({
      id: `${episode.id}:${ordinal}`,
      ordinal,
      episodeId: episode.id,
      showId: episode.showId,
      language,
      date: episode.date,
      year,
      speakers: [...speakers],
      text,
      spans,
      episode: hitEpisode,
    });
    if (last >= units.length - 1) break;
    first = nextFirst > first ? nextFirst : last + 1;
  }
  return passages;
}
