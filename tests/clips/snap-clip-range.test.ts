import { describe, expect, it } from 'vitest';
import { retimeCuesToRange } from '../../server/clips/clip-captions.ts';
import { snapClipRange } from '../../server/clips/snap-clip-range.ts';
import type { Cue } from '../../server/model/types.ts';
import { boundaryTimes, previewClip, stepToBoundary } from '../../web/src/features/clips/lib/clip-range.ts';

const cues: Cue[] = [
  { start: 0, end: 4, speaker: 'A', text: 'La vie privée est un droit.' },
  { start: 4, end: 9.5, speaker: 'B', text: 'Et la surveillance de masse le menace.' },
  { start: 11, end: 15, speaker: 'A', text: 'Il faut des garde-fous.' },
];

const withWords: Cue[] = [
  {
    start: 10,
    end: 12,
    speaker: null,
    text: 'Chiffrer protège les sources',
    words: [
      { text: 'Chiffrer', start: 10, end: 10.6 },
      { text: 'protège', start: 10.6, end: 11.1 },
      { text: 'les', start: 11.1, end: 11.3 },
      { text: 'sources', start: 11.3, end: 12 },
    ],
  },
];

describe('snapClipRange', () => {
  it('moves an end inside a cue out to that cue’s edge, keeps an end in a silence, and quotes the cues inside', () => {
    // Before: 4–9.5, the nearest boundaries, which lost 3.6–4 s of the range asked for.
    expect(snapClipRange(cues, 3.6, 9.9)).toEqual({
      start: 0,
      end: 9.9,
      quote: 'La vie privée est un droit. Et la surveillance de masse le menace.',
      snappedTo: 'cues',
    });
  });

  it('never saves less than the range asked for without word timings (before: 44–50 s became 46–48 s)', () => {
    const untimed: Cue[] = [
      { start: 34, end: 46, speaker: 'Paul', text: 'Les caméras filment la place jour et nuit.' },
      { start: 46, end: 48, speaker: 'Inès', text: 'Qui regarde ?' },
      { start: 48, end: 62, speaker: 'Paul', text: 'Un logiciel, et personne ne le contrôle.' },
    ];
    const snapped = snapClipRange(untimed, 44, 50);
    expect([snapped.start, snapped.end]).toEqual([34, 62]);
    expect(snapped.quote).toBe(untimed.map((c) => c.text).join(' '));
    // A range already on cue boundaries is kept as it is.
    expect(snapClipRange(untimed, 46, 48)).toMatchObject({ start: 46, end: 48, quote: 'Qui regarde ?' });
  });

  it('with word timings, moves an end inside a word out to that word’s edge (before: the nearest, dropping “les”)', () => {
    expect(snapClipRange(withWords, 10.2, 11.2)).toEqual({
      start: 10,
      end: 11.3,
      quote: 'Chiffrer protège les',
      snappedTo: 'words',
    });
    // A short range keeps its length: the one word it cuts into, not the whole cue.
    expect(snapClipRange(withWords, 10, 10.5)).toMatchObject({ start: 10, end: 10.6, quote: 'Chiffrer' });
  });

  it('widens to the containing cue when a selection sits inside one long cue', () => {
    const snapped = snapClipRange(cues, 5, 6);
    expect([snapped.start, snapped.end]).toEqual([4, 9.5]);
  });

  it('snaps to word boundaries when words are timed', () => {
    const snapped = snapClipRange(withWords, 10.65, 11.25);
    expect(snapped).toEqual({ start: 10.6, end: 11.3, quote: 'protège les', snappedTo: 'words' });
  });

  it('leaves a range alone when the transcript has no cues there', () => {
    expect(snapClipRange(cues, 100, 110)).toMatchObject({
      start: 100,
      end: 110,
      quote: '',
      snappedTo: 'none',
    });
  });
});

describe('retimeCuesToRange', () => {
  it('cuts cues to the range, shifts them to 0 and keeps only the words inside', () => {
    expect(retimeCuesToRange(withWords, 10.6, 11.3)).toEqual([
      {
        start: 0,
        end: 0.7,
        speaker: null,
        text: 'protège les',
        words: [
          { text: 'protège', start: 0, end: 0.5 },
          { text: 'les', start: 0.5, end: 0.7 },
        ],
      },
    ]);
    expect(retimeCuesToRange(cues, 4, 15).map((c) => [c.start, c.end])).toEqual([
      [0, 5.5],
      [7, 11],
    ]);
  });
});

describe('nudging in/out points (web)', () => {
  it('steps to the previous/next word start or end', () => {
    const starts = boundaryTimes(withWords, 'start');
    expect(stepToBoundary(starts, 10.6, 1)).toBe(11.1);
    expect(stepToBoundary(starts, 10.6, -1)).toBe(10);
    expect(stepToBoundary(starts, 10, -1)).toBe(10);
    expect(stepToBoundary(boundaryTimes(cues, 'end'), 9.5, 1)).toBe(15);
  });
});

// A timestamped-text transcript: one cue per turn between markers, minutes long, no word
// timings; two paragraphs under one marker are two cues spanning the same interval.
const coarse: Cue[] = [
  {
    start: 0,
    end: 180,
    speaker: 'Nadia',
    text: 'Premier point : les boîtes noires lisent nos métadonnées. Deuxième point : aucun juge ne les contrôle. Troisième point : personne ne sait qu’il est surveillé.',
  },
  {
    start: 180,
    end: 240,
    speaker: 'Hugo',
    text: 'Le chiffrement protège les sources.',
  },
  { start: 180, end: 240, speaker: 'Hugo', text: 'Le contrôle des algorithmes reste à inventer.' },
  { start: 240, end: 244, speaker: 'Nadia', text: 'Merci beaucoup.' },
];

describe('snapClipRange on long lines without word timings', () => {
  it('keeps a 20 s range inside a 3 min turn and quotes the words estimated inside it (before: 0–180 s, the whole turn)', () => {
    const snapped = snapClipRange(coarse, 65, 115);
    expect([snapped.start, snapped.end]).toEqual([65, 115]);
    expect(snapped.snappedTo).toBe('estimated');
    // Words spread over the turn by length: the middle third is the second point.
    expect(snapped.quote).toContain('Deuxième point : aucun juge');
    expect(snapped.quote).not.toContain('Premier');
    expect(snapped.quote).not.toContain('Troisième');
  });

  it('still goes out to a long line’s edge within 3 s of it, and to a short line’s edge', () => {
    expect(snapClipRange(coarse, 2, 30)).toMatchObject({ start: 0, end: 30, snappedTo: 'estimated' });
    expect(snapClipRange(coarse, 241, 243)).toMatchObject({
      start: 240,
      end: 244,
      quote: 'Merci beaucoup.',
      snappedTo: 'cues',
    });
  });

  it('reads paragraphs sharing one marker’s interval one after the other', () => {
    // The second paragraph is said in the last 34 s of 180–240 s (45 of its 80 letters and
    // gaps), not all over it: a range from 205 s quotes it alone.
    const snapped = snapClipRange(coarse, 205, 240);
    expect(snapped.quote).toBe('Le contrôle des algorithmes reste à inventer.');
    expect(snapped.snappedTo).toBe('estimated');
  });

  it('the clip maker’s preview shows the same range and quote, and that the quote is estimated', () => {
    for (const [start, end] of [
      [65, 115],
      [2, 30],
      [205, 240],
      [170, 200],
      [241, 243],
    ] as const) {
      const server = snapClipRange(coarse, start, end);
      const preview = previewClip(coarse, start, end);
      expect({ ...preview, at: [start, end] }).toEqual({
        start: server.start,
        end: server.end,
        quote: server.quote,
        widenedToLines: server.snappedTo === 'cues' && (server.start < start || server.end > end),
        estimated: server.snappedTo === 'estimated',
        at: [start, end],
      });
    }
  });
});

describe('nudging by a word inside a long line without word timings (web)', () => {
  it('steps to the next or previous estimated word, not minutes away to the line’s edge', () => {
    // Before: a word later from 1:05 was 3:00, the end of the turn; a word earlier, 0:00.
    const later = stepToBoundary(boundaryTimes(coarse, 'start'), 65, 1);
    const earlier = stepToBoundary(boundaryTimes(coarse, 'end'), 65, -1);
    // This turn has 26 words (colons included) in 3 minutes: a word lasts a few seconds.
    expect(later).toBeGreaterThan(65);
    expect(later - 65).toBeLessThan(15);
    expect(earlier).toBeLessThan(65);
    expect(65 - earlier).toBeLessThan(15);
    // Short lines still step line by line.
    expect(stepToBoundary(boundaryTimes(cues, 'end'), 9.5, 1)).toBe(15);
  });
});

describe('captions of a clip inside a long line without word timings', () => {
  it('give the words estimated inside the range, each paragraph over its own words’ time (before: the whole turn)', () => {
    const captions = retimeCuesToRange(coarse, 200, 240);
    expect(captions.map((c) => c.text)).toEqual([
      'sources.',
      'Le contrôle des algorithmes reste à inventer.',
    ]);
    expect(captions[0]!.end).toBeLessThanOrEqual(captions[1]!.start);
    expect(captions[1]!.end).toBe(40);
    expect(captions.some((c) => c.words)).toBe(false);
  });
});
