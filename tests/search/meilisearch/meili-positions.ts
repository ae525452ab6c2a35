// Builds `_matchesPosition` entries the way Meilisearch documents them (start and length
// in UTF-8 bytes), or the way some versions report them (length in characters), for the
// words of a text that a predicate selects.
import { tokenize } from '../../../server/search/text-fold.ts';

export interface Position {
  start: number;
  length: number;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function positionsOf(
  text: string,
  matches: (folded: string) => boolean,
  unit: 'bytes' | 'chars-length' | 'chars' = 'bytes',
): Position[] {
  return tokenize(text)
    .filter((t) => matches(t.term))
    .map((t) => {
      const word = text.slice(t.start, t.end);
      if (unit === 'chars') return { start: t.start, length: word.length };
      const start = byteLength(text.slice(0, t.start));
      return { start, length: unit === 'bytes' ? byteLength(word) : word.length };
    });
}
