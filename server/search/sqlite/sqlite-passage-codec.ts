// Compact storage of a passage's cue/word map, and the hashed filter tokens of the FTS5
// `meta` column. Kept small: at a million cues there are ~600k passages.
import { foldWord } from '../text-fold.ts';
import type { PassageSpan } from '../passages.ts';

/** [cue, charStart, charEnd, cueTextOffset, startMs, endMs, speakerIndex, words?] */
type EncodedSpan = [number, number, number, number, number, number, number, number[]?];

const ms = (s: number) => Math.round(s * 1000);

export function encodeSpans(spans: PassageSpan[], speakers: string[]): string {
  const out: EncodedSpan[] = spans.map((s) => {
    const row: EncodedSpan = [
      s.cue,
      s.charStart,
      s.charEnd,
      s.cueTextOffset,
      ms(s.start),
      ms(s.end),
      s.speaker === null ? -1 : speakers.indexOf(s.speaker),
    ];
    if (s.words) row.push(s.words.flatMap((w) => [w.charStart, w.charEnd, ms(w.start), ms(w.end)]));
    return row;
  });
  return JSON.stringify(out);
}

export function decodeSpans(json: string, speakers: string[]): PassageSpan[] {
  return (JSON.parse(json) as EncodedSpan[]).map((r) => {
    const span: PassageSpan = {
      cue: r[0],
      charStart: r[1],
      charEnd: r[2],
      cueTextOffset: r[3],
      start: r[4] / 1000,
      end: r[5] / 1000,
      speaker: r[6] >= 0 ? (speakers[r[6]] ?? null) : null,
    };
    const w = r[7];
    if (w) {
      span.words = [];
      for (let i = 0; i + 3 < w.length; i += 4) {
        span.words.push({
          charStart: w[i] ?? 0,
          charEnd: w[i + 1] ?? 0,
          start: (w[i + 2] ?? 0) / 1000,
          end: (w[i + 3] ?? 0) / 1000,
        });
      }
    }
    return span;
  });
}

function fnv1a(value: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export type MetaKind = 'show' | 'episode' | 'speaker' | 'language' | 'year';

const KIND_LETTER: Record<MetaKind, string> = {
  show: 's',
  episode: 'e',
  speaker: 'p',
  language: 'l',
  year: 'y',
};

/**
 * Filter tokens start with this private-use character: unicode61 keeps it inside a token,
 * and no query word contains it (the parser drops it), so filter tokens can never match
 * a searched word and searches need no column filter (which costs FTS5 3× on phrases).
 */
export const META_TOKEN_MARK = '\ue000';

/**
 * A filter token for the `meta` column: the mark + kind letter + a 64-bit hash in base 36,
 * so the tokenizer keeps it whole. Speakers and languages are folded first so filters are
 * case- and accent-insensitive.
 */
export function metaToken(kind: MetaKind, value: string | number): string {
  const v = kind === 'speaker' || kind === 'language' ? foldWord(String(value).trim()) : String(value);
  if (kind === 'year') return `${META_TOKEN_MARK}y${v}`;
  return `${META_TOKEN_MARK}${KIND_LETTER[kind]}${fnv1a(v, 0x811c9dc5).toString(36)}x${fnv1a(v, 0x01234567).toString(36)}`;
}
