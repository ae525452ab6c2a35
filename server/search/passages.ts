// Search documents: overlapping windows of consecutive cues ("passages").
//
// Why windows and these sizes: a quote often crosses cue boundaries (cues last 2–7 s,
// 5–20 words), so each document must hold several cues. A window closes at the first cue
// boundary past ~60 words, and the next one starts exactly PASSAGE_OVERLAP_WORDS words
// before it ends, inside a cue if need be (its span then starts at that word). A run of
// words can only be cut in two if it covers the whole shared part and more, so every run
// of up to MAX_QUERY_WORDS consecutive words — the longest query — sits whole in some
// passage, while each word is indexed about 1.2 times instead of twice with
// half-overlapping windows (the index is most of the ingest cost). Wider windows blur
// ranking and snippets. Very long cues (paragraph-per-turn Markdown, Whisper segments) are
// cut into ~20-word slices so a passage never balloons.
import type { Cue, EpisodeWithCues, Show } from '../model/types.ts';
import { MAX_QUERY_WORDS } from './query/parse-query.ts';
import type { HitEpisode } from './search-types.ts';
import { scanWords } from './text-fold.ts';

/**
 * Bump when passages are cut differently: an index cut otherwise is rebuilt by the server
 * at start (both backends). 1: long cues are never cut between words written together
 * (`d’après`).
 */
export const PASSAGE_CUTS_VERSION = 1;

/** Words per passage (a passage closes once it reaches this many). */
export const PASSAGE_TARGET_WORDS = 60;
/** Consecutive passages share exactly this many words. */
export const PASSAGE_OVERLAP_WORDS = MAX_QUERY_WORDS - 1;
/** A cue longer than LONG_CUE_WORDS is cut into slices of this many words. */
const LONG_CUE_SLICE_WORDS = 20;
const LONG_CUE_WORDS = 30;

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
  /** When the scan gave pair keys: the distinct pairs of adjacent keyed words (pairId). */
  pairs?: number[];
}

interface Unit {
  cue: number;
  /** Slice of the cue text. */
  from: number;
  to: number;
  words: number;
  /** Pair keys of the first and last words (−1: none), and pairIds of adjacent keyed words inside. */
  firstKey: number;
  lastKey: number;
  innerPairs: number[] | null;
  /** For each inner pair, the index in the unit of its second word. */
  innerPairAt: number[] | null;
}

/** Pair keys are integers from 0 to PAIR_KEY_LIMIT − 1. */
export const PAIR_KEY_LIMIT = 1024;

/** The id of two adjacent words with pair keys a then b. */
export function pairId(a: number, b: number): number {
  return a * PAIR_KEY_LIMIT + b;
}

/**
 * What an indexer may learn from the one word scan buildPassages makes over the cues:
 * `onWord` sees every raw word (as written, not folded) and may give it a pair key (else
 * −1); each passage then lists in `pairs` the pairIds of its adjacent keyed words.
 */
export interface PassageWordScan {
  onWord?: (word: string) => number;
}

/** Cuts the cues into units: whole cues, or ~20-word slices of long ones. */
function cueUnits(cues: readonly Cue[], onWord: ((word: string) => number) | undefined): Unit[] {
  const units: Unit[] = [];
  const keys: number[] = [];
  /** A unit covering words [w0, w1) of the cue, with its pair keys. */
  const unitOf = (cue: number, from: number, to: number, w0: number, w1: number): Unit => {
    let innerPairs: number[] | null = null;
    let innerPairAt: number[] | null = null;
    for (let w = w0 + 1; w < w1; w++) {
      const a = keys[w - 1] ?? -1;
      const b = keys[w] ?? -1;
      if (a >= 0 && b >= 0) {
        (innerPairs ??= []).push(pairId(a, b));
        (innerPairAt ??= []).push(w - w0);
      }
    }
    return {
      cue,
      from,
      to,
      words: w1 - w0,
      firstKey: keys[w0] ?? -1,
      lastKey: keys[w1 - 1] ?? -1,
      innerPairs,
      innerPairAt,
    };
  };
  cues.forEach((cue, index) => {
    const text = cue.text;
    const wordStarts: number[] = [];
    keys.length = 0;
    scanWords(text, 0, (start, end) => {
      wordStarts.push(start);
      keys.push(onWord ? onWord(text.slice(start, end)) : -1);
    });
    if (wordStarts.length === 0) return;
    if (wordStarts.length <= LONG_CUE_WORDS) {
      units.push(unitOf(index, 0, text.length, 0, wordStarts.length));
      return;
    }
    let from = 0;
    for (let w = 0; w < wordStarts.length;) {
      const next = sliceEnd(text, wordStarts, w);
      const nextFrom =
        next < wordStarts.length
          ? (wordRunStart(text, wordStarts, next) ?? wordStarts[next] ?? text.length)
          : text.length;
      units.push(
        unitOf(index, from, next < wordStarts.length ? trimEnd(text, nextFrom) : text.length, w, next),
      );
      from = nextFrom;
      w = next;
    }
  });
  return units;
}

/**
 * Where the slice of a long cue starting at word `w` ends (the index of the next slice's
 * first word): after LONG_CUE_SLICE_WORDS words, at a space. Slices are joined by a space
 * in the passage text, so a cut inside `d’après`, `peut-être` or `R.G.P.D.` would show
 * `d’ après` in snippets and keep `dapres` typed from finding it.
 */
function sliceEnd(text: string, wordStarts: readonly number[], w: number): number {
  const end = Math.min(w + LONG_CUE_SLICE_WORDS, wordStarts.length);
  for (let next = end; next < wordStarts.length && next < end + LONG_CUE_SLICE_WORDS; next++) {
    const previous = wordStarts[next - 1] ?? 0;
    if (afterSpace(text, wordStarts[next] ?? 0, previous) > previous) return next;
  }
  // Nothing but joined words for a whole slice more: cut where the slice is full.
  return end;
}

const isSpaceAt = (text: string, i: number) => /\s/.test(text[i] ?? '');

/** The start of the run of non-space characters holding `pos` (not before `floor`): `(bonjour`, `d’après`. */
function afterSpace(text: string, pos: number, floor: number): number {
  let p = pos;
  while (p > floor && !isSpaceAt(text, p - 1)) p--;
  return p;
}

/**
 * Where a slice or passage starting with word `w` begins: after the space before it, so
 * with the punctuation written against it (`(bonjour`); null when no space parts it from
 * the word before (`après` of `d’après`).
 */
function wordRunStart(text: string, wordStarts: readonly number[], w: number): number | null {
  const start = wordStarts[w] ?? text.length;
  const previous = wordStarts[w - 1];
  if (previous === undefined) return start;
  const run = afterSpace(text, start, previous);
  return run > previous ? run : null;
}

/** Where a passage entering a unit at its word `skip` starts in the cue text. */
function partialUnitStart(text: string, unit: Unit, skip: number): number {
  const starts = unitWordStarts(text, unit);
  return wordRunStart(text, starts, skip) ?? starts[skip] ?? unit.from;
}

/** Offsets in the cue text of the unit's words. */
function unitWordStarts(text: string, unit: Unit): number[] {
  const starts: number[] = [];
  scanWords(text, unit.from, (start) => {
    if (start >= unit.to) return true;
    starts.push(start);
  });
  return starts;
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

/**
 * Builds the overlapping passages of one episode, in order. `scan` lets an indexer see
 * every raw word and have adjacent word pairs listed, from the same scan.
 */
export function buildPassages(data: EpisodeWithCues, show: Show, scan: PassageWordScan = {}): Passage[] {
  return [...passagesOf(data, show, scan)];
}

/**
 * The passages of buildPassages one at a time, for an indexer that writes each as it comes:
 * a long recording's passages (its whole text again, with spans) are never all held at once.
 */
export function* passagesOf(
  data: EpisodeWithCues,
  show: Show,
  scan: PassageWordScan = {},
): Generator<Passage> {
  const { episode, cues } = data;
  const units = cueUnits(cues, scan.onWord);
  const hitEpisode = hitEpisodeOf(data, show);
  const language = episode.language ?? show.language ?? null;
  const year = episode.date && /^\d{4}/.test(episode.date) ? Number(episode.date.slice(0, 4)) : null;
  let ordinal = 0;
  // A window starts at unit `first`, leaving out its first `skip` words.
  let first = 0;
  let skip = 0;
  while (first < units.length) {
    // Close the window at PASSAGE_TARGET_WORDS.
    let words = -skip;
    let last = first;
    for (let u = first; u < units.length; u++) {
      const unit = units[u];
      if (unit === undefined) break;
      words += unit.words;
      last = u;
      if (words >= PASSAGE_TARGET_WORDS) break;
    }
    // The next window starts exactly PASSAGE_OVERLAP_WORDS words before this one ends,
    // inside a cue if need be.
    let nextFirst = last;
    let need = PASSAGE_OVERLAP_WORDS;
    while (nextFirst > first && (units[nextFirst]?.words ?? 0) < need) {
      need -= units[nextFirst]?.words ?? 0;
      nextFirst--;
    }
    let nextSkip = Math.max(0, (units[nextFirst]?.words ?? 0) - need);
    // Never inside `d’après`, which would show `après` alone: start a word or two earlier
    // (a longer shared part keeps every query whole all the same).
    const nextUnit = units[nextFirst];
    const nextCue = nextUnit ? cues[nextUnit.cue] : undefined;
    if (nextSkip > 0 && nextUnit && nextCue) {
      const starts = unitWordStarts(nextCue.text, nextUnit);
      while (
        (nextFirst > first || nextSkip - 1 > skip) &&
        nextSkip > 0 &&
        wordRunStart(nextCue.text, starts, nextSkip) === null
      )
        nextSkip--;
    }
    const spans: PassageSpan[] = [];
    const speakers = new Set<string>();
    let pairs: Set<number> | null = null;
    let text = '';
    for (let u = first; u <= last; u++) {
      const whole = units[u];
      const cue = whole ? cues[whole.cue] : undefined;
      if (!whole || !cue) continue;
      const partial = u === first && skip > 0;
      const unit = partial ? { ...whole, from: partialUnitStart(cue.text, whole, skip) } : whole;
      const before = u > first ? (units[u - 1]?.lastKey ?? -1) : -1;
      if (before >= 0 && unit.firstKey >= 0) (pairs ??= new Set()).add(pairId(before, unit.firstKey));
      unit.innerPairs?.forEach((pair, i) => {
        // In a unit entered mid-way, only the pairs of the words kept.
        if (!partial || (unit.innerPairAt?.[i] ?? 0) > skip) (pairs ??= new Set()).add(pair);
      });
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
    yield {
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
      ...(pairs ? { pairs: [...pairs] } : {}),
    };
    ordinal++;
    if (last >= units.length - 1) break;
    if (nextFirst > first || nextSkip > skip) {
      first = nextFirst;
      skip = nextSkip;
    } else {
      first = last + 1;
      skip = 0;
    }
  }
}
