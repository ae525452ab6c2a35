// Find in transcript on a long episode: the moments of a common word are placed on the
// cues the reader sees, not all at once before the first highlight can be drawn.
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../server/model/types.ts';
import { matchesFromMoments } from '../../web/src/features/transcript/index.ts';

const WORD = 'données';
const CUE_COUNT = 2_000;

/** Cues saying WORD once each, with a counter of how often their texts are read. */
function countedCues(): { cues: Cue[]; reads: () => number } {
  let reads = 0;
  const cues = Array.from({ length: CUE_COUNT }, (_, i): Cue => {
    const text = `Vos ${WORD} de santé restent chez le médecin, passage ${i}.`;
    return {
      start: i * 4,
      end: i * 4 + 3.5,
      speaker: 'Capucine Roy',
      get text() {
        reads++;
        return text;
      },
    };
  });
  return { cues, reads: () => reads };
}

function momentsOf(cues: readonly Cue[]) {
  return cues.map((cue) => {
    const at = cue.text.indexOf(WORD);
    return { start: cue.start, snippet: cue.text, highlights: [{ start: at, end: at + WORD.length }] };
  });
}

describe('matches of a word said in 2,000 cues', () => {
  it('are counted at once, and placed in a cue only when that cue is shown', () => {
    const { cues, reads } = countedCues();
    const moments = momentsOf(cues);
    const before = reads();
    const matches = matchesFromMoments(cues, moments);
    expect(matches.cueIndexes).toHaveLength(CUE_COUNT);
    expect(matches.starts[1_500]).toBe(6_000);
    // Placing every moment read ~13 cue texts for each of the 2,000 (26,000 reads) first.
    expect(reads() - before).toBe(0);

    // A screenful of rows asks for its own ranges, which read only the cues around them.
    const at = cues[1_500]!.text.indexOf(WORD);
    for (let row = 1_495; row < 1_510; row++)
      expect(matches.rangesOf(row)).toEqual([{ start: at, end: at + WORD.length }]);
    expect(reads() - before).toBeLessThan(15 * 13 * 13);
    // The same array each time: a row not otherwise changed is not drawn again.
    expect(matches.rangesOf(1_500)).toBe(matches.rangesOf(1_500));
  });

  it('cuts a phrase said across two cues at the cue boundary', () => {
    const cues: Cue[] = [
      { start: 0, end: 3, speaker: null, text: 'Le fichier garde vos' },
      { start: 3, end: 6, speaker: null, text: 'données de santé dix ans.' },
      { start: 6, end: 9, speaker: null, text: 'Personne ne le savait.' },
    ];
    const snippet = 'Le fichier garde vos données de santé dix ans.';
    const phrase = snippet.indexOf('vos données');
    const matches = matchesFromMoments(cues, [
      { start: 0, snippet, highlights: [{ start: phrase, end: phrase + 'vos données'.length }] },
    ]);
    expect(matches.cueIndexes).toEqual([0]);
    expect(matches.rangesOf(0)).toEqual([{ start: 17, end: 20 }]);
    expect(matches.rangesOf(1)).toEqual([{ start: 0, end: 7 }]);
    expect(matches.rangesOf(2)).toBeUndefined();
  });
});
