// Sample tokens: each level keeps its share of the passages, spread over every episode and
// every place in an episode, and a set's level keeps about the sample size asked for.
import { describe, expect, it } from 'vitest';
import {
  MAX_SAMPLE_LEVEL,
  sampleLevelFor,
  sampleLevelOf,
  sampleLevelToken,
  sampleLevelTokens,
} from '../../server/search/sqlite/sample-levels.ts';
import { PASSAGE_ROWID_SPAN } from '../../server/search/sqlite/sqlite-search-schema.ts';

const PASSAGES_PER_EPISODE = 80;

function rowidsOf(firstSeq: number, episodes: number): number[] {
  const out: number[] = [];
  for (let seq = firstSeq; seq < firstSeq + episodes; seq++)
    for (let ordinal = 0; ordinal < PASSAGES_PER_EPISODE; ordinal++)
      out.push(seq * PASSAGE_ROWID_SPAN + ordinal);
  return out;
}

describe('sample levels', () => {
  // Sequence numbers past 4,096 put rowids past 2^32: their high bits count too.
  it.each([
    ['the first episodes', 1],
    ['episodes with rowids past 2^32', 5_000],
  ])('level k keeps one passage in 2^k of %s', (_, firstSeq) => {
    const rowids = rowidsOf(firstSeq, 2_000);
    for (let k = 1; k <= 6; k++) {
      const kept = rowids.filter((r) => sampleLevelOf(r) >= k).length;
      expect(kept / rowids.length).toBeGreaterThan(0.9 / 2 ** k);
      expect(kept / rowids.length).toBeLessThan(1.1 / 2 ** k);
    }
  });

  it('keeps passages from every place in an episode and from most episodes', () => {
    const rowids = rowidsOf(1, 2_000);
    const kept = rowids.filter((r) => sampleLevelOf(r) >= 4);
    const ordinals = kept.map((r) => r % PASSAGE_ROWID_SPAN);
    const meanOrdinal = ordinals.reduce((a, b) => a + b, 0) / ordinals.length;
    expect(meanOrdinal).toBeGreaterThan(36);
    expect(meanOrdinal).toBeLessThan(43);
    // Not always the same place: first passages are kept as often as any other.
    const firsts = ordinals.filter((o) => o === 0).length;
    expect(firsts).toBeLessThan((3 * kept.length) / PASSAGES_PER_EPISODE);
    // 80 passages at 1/16: an episode is left out with probability (15/16)^80, about 0.6 %.
    const episodes = new Set(kept.map((r) => Math.floor(r / PASSAGE_ROWID_SPAN)));
    expect(episodes.size).toBeGreaterThan(0.97 * 2_000);
  });

  it('gives a passage every level up to its own, as tokens of the meta column', () => {
    for (const rowid of rowidsOf(7, 50)) {
      const top = sampleLevelOf(rowid);
      const expected = Array.from({ length: top }, (_, i) => ` ${sampleLevelToken(i + 1)}`).join('');
      expect(sampleLevelTokens(rowid)).toBe(expected);
    }
    expect(new Set(Array.from({ length: MAX_SAMPLE_LEVEL }, (_, i) => sampleLevelToken(i + 1))).size).toBe(
      MAX_SAMPLE_LEVEL,
    );
  });

  it('picks the level that keeps about the sample size asked for', () => {
    expect(sampleLevelFor(900, 1_000)).toBe(0);
    expect(sampleLevelFor(1_400, 1_000)).toBe(0);
    for (const size of [1_500, 3_000, 20_000, 227_697, 5_000_000]) {
      const kept = size / 2 ** sampleLevelFor(size, 1_000);
      expect(kept).toBeGreaterThanOrEqual(1_000 / Math.SQRT2);
      expect(kept).toBeLessThan(1_000 * Math.SQRT2);
    }
    expect(sampleLevelFor(1e12, 1_000)).toBe(MAX_SAMPLE_LEVEL);
  });
});
