// The single-voice fast path of the WebVTT reader must read every cue text exactly as the
// library tokenizer does: generated shapes around `<v …>` (classes, whitespace, entities,
// closing tags, nested tags, several voices) are read both ways and compared.
import { describe, expect, it } from 'vitest';
import {
  cueTextToCues,
  cueTextToCuesByTokenizer,
  type RawVttCue,
} from '../../../server/ingest/parsers/parse-webvtt.ts';
import { seededRandom } from '../../fixtures/ingest/transcript-files.ts';

const raw = (text: string): RawVttCue => ({ line: 3, start: 10, end: 14.5, text });

const FRAGMENTS = [
  '<v',
  '<v.loud',
  '<v.a.b',
  '<v..x',
  '<vv',
  '<v>',
  ' ',
  '  ',
  '\t',
  '\n',
  '\f',
  '\u00a0',
  'Claire',
  'Inès Dupont',
  '>',
  '</v>',
  '</i>',
  '<i>',
  '<c.x>',
  '<00:00:11.000>',
  'Bonjour',
  'la caméra',
  '&amp;',
  '&',
  '.',
  '<',
];

function generatedText(random: () => number): string {
  // Most shapes start like a voice tag, so the fast path's edges are what is compared.
  let text = random() < 0.8 ? '<v' : '';
  const pieces = 1 + Math.floor(random() * 7);
  for (let i = 0; i < pieces; i++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? '';
  return text;
}

describe('WebVTT single-voice fast path', () => {
  it('reads the common shapes as a speaker and a text', () => {
    expect(cueTextToCues(raw('<v Claire>Bonjour à tous'))).toEqual([
      { start: 10, end: 14.5, speaker: 'Claire', text: 'Bonjour à tous' },
    ]);
    expect(cueTextToCues(raw('<v.loud.fr  Inès \t Dupont >Non.</v>'))).toEqual([
      { start: 10, end: 14.5, speaker: 'Inès Dupont', text: 'Non.' },
    ]);
    expect(cueTextToCues(raw('<v Claire></v>'))).toEqual([]);
    expect(cueTextToCues(raw('<v  >Sans nom'))).toEqual([
      { start: 10, end: 14.5, speaker: null, text: 'Sans nom' },
    ]);
  });

  it('agrees with the library tokenizer on 20,000 generated cue texts', () => {
    const random = seededRandom(31);
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = generatedText(random);
      const fast = cueTextToCues(raw(text));
      const reference = cueTextToCuesByTokenizer(raw(text));
      if (JSON.stringify(fast) !== JSON.stringify(reference)) disagreements.push(JSON.stringify(text));
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});
