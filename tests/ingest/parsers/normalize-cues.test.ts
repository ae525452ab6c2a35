import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../server/model/types.ts';
import { normalizeCues } from '../../../server/ingest/normalize-cues.ts';

const cue = (start: number, end: number, text: string, speaker: string | null = null): Cue => ({
  start,
  end,
  speaker,
  text,
});

describe('normalizeCues', () => {
  it('sorts by start, stably for equal starts', () => {
    const { cues } = normalizeCues([cue(5, 6, 'c'), cue(1, 2, 'a'), cue(5, 7, 'd'), cue(3, 4, 'b')]);
    expect(cues.map((c) => c.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('collapses identical consecutive cues that touch or overlap into one spanning cue', () => {
    const { cues, warnings } = normalizeCues([
      cue(0, 1, 'Yeah.'),
      cue(1, 2, 'Yeah.'),
      cue(2.1, 3, 'Yeah.'),
      cue(3, 4, 'Next.'),
    ]);
    expect(cues).toEqual([cue(0, 3, 'Yeah.'), cue(3, 4, 'Next.')]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/collapsed 3 repeated cues "Yeah\." at 00:00:00\.000/);
  });

  it.each([
    ['a pause between them', [cue(0, 1, 'Non.'), cue(3, 4, 'Non.')]],
    ['different speakers', [cue(0, 1, 'Non.', 'Ana'), cue(1, 2, 'Non.', 'Léo')]],
    ['different text', [cue(0, 1, 'Non.'), cue(1, 2, 'Non !')]],
  ])('keeps repeated text apart when there is %s', (_why, input) => {
    expect(normalizeCues(input).cues).toHaveLength(2);
  });

  it('keeps crosstalk: overlapping cues with different text', () => {
    const input = [cue(0, 5, 'Je disais que…', 'Ana'), cue(2, 3, 'Pardon !', 'Léo')];
    // A fresh copy to compare with: the cues are normalised in place.
    expect(normalizeCues(input).cues).toEqual([
      cue(0, 5, 'Je disais que…', 'Ana'),
      cue(2, 3, 'Pardon !', 'Léo'),
    ]);
  });

  it('repairs zero and negative durations: next cue start, capped by a reading-time estimate', () => {
    const { cues, warnings } = normalizeCues([
      cue(10, 10, 'euh,'),
      cue(10.3, 12, 'la suite.'),
      cue(20, 19, 'Un cue à l’envers, six mots.'),
      cue(30, 30, 'fin'),
    ]);
    expect(cues.map((c) => [c.start, c.end])).toEqual([
      [10, 10.3],
      [10.3, 12],
      [20, 22.4], // 6 words × 0.4 s, well before the next cue at 30 s
      [30, 30.5], // last cue: the minimum repaired duration
    ]);
    expect(warnings.map((w) => w.message)).toEqual(['repaired 3 cue(s) with zero or negative duration']);
  });

  it('uses the last word end to repair a cue that has word timings', () => {
    const { cues } = normalizeCues([
      {
        ...cue(1, 1, 'deux mots'),
        words: [
          { text: 'deux', start: 1, end: 1.4 },
          { text: 'mots', start: 1.4, end: 1.9 },
        ],
      },
    ]);
    expect(cues[0]?.end).toBe(1.9);
  });

  it('rounds times to the millisecond, collapses whitespace and drops empty cues', () => {
    const { cues, warnings } = normalizeCues([
      { ...cue(0.1 + 0.2, 1.00049, '  Les   données\n\tpersonnelles  '), speaker: '  Ana   B. ' },
      cue(2, 3, '   '),
      { ...cue(3, 4, 'mot'), words: [{ text: ' mot ', start: 3.00001, end: 3.99999 }] },
    ]);
    expect(cues).toEqual([
      { start: 0.3, end: 1, speaker: 'Ana B.', text: 'Les données personnelles' },
      { start: 3, end: 4, speaker: null, text: 'mot', words: [{ text: 'mot', start: 3, end: 4 }] },
    ]);
    expect(warnings.map((w) => w.message)).toContain('dropped 1 cue(s) without text');
  });
});
