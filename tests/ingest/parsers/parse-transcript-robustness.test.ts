// Damaged files must never crash ingest with anything but a TranscriptParseError, and
// whatever is accepted must satisfy the model's invariants.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TranscriptParseError } from '../../../server/errors.ts';
import { parseTranscript } from '../../../server/ingest/parsers/parse-transcript.ts';
import { readFormatFixture } from './read-format-fixture.ts';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '\n',
  '\r\n',
  '-->',
  ' --> ',
  ':',
  '<',
  '>',
  '&',
  '<v ',
  '</v>',
  '\\[',
  '[12:',
  '99',
  ',',
  '.',
  '"',
  '{',
  '}',
  '\uFEFF',
  '**',
];

function mutate(text: string, rand: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const choice = rand();
    if (choice < 0.4)
      out = out.slice(0, at) + (NASTY[Math.floor(rand() * NASTY.length)] ?? '') + out.slice(at);
    else if (choice < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 12));
    else
      out =
        out.slice(0, at) +
        out.slice(Math.floor(rand() * out.length), Math.floor(rand() * out.length)) +
        out.slice(at);
  }
  return out;
}

const fixtureDir = new URL('../../fixtures/formats/', import.meta.url);
const textFixtures = ['vtt', 'srt', 'json', 'md', 'txt'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, fixtureDir))
    .filter((name) => !/binary|latin1|utf16/.test(name))
    .map((name) => `${dir}/${name}`),
);

describe('parseTranscript on damaged input', () => {
  it.each(textFixtures)(
    '%s: 120 mutations either parse to valid cues or fail with a TranscriptParseError',
    (path) => {
      const original = readFormatFixture(path).toString('utf8');
      const name = path.split('/')[1] ?? path;
      const rand = random(path.length * 7919);
      let accepted = 0;
      for (let round = 0; round < 120; round++) {
        const damaged = mutate(original, rand);
        let parsed;
        try {
          parsed = parseTranscript(name, damaged);
        } catch (error) {
          expect(error, `round ${round}`).toBeInstanceOf(TranscriptParseError);
          expect((error as TranscriptParseError).message.startsWith(name)).toBe(true);
          continue;
        }
        accepted++;
        expect(parsed.cues.length).toBeGreaterThan(0);
        let previousStart = 0;
        for (const cue of parsed.cues) {
          expect(cue.end).toBeGreaterThan(cue.start);
          expect(cue.start).toBeGreaterThanOrEqual(previousStart);
          expect(cue.text.trim()).toBe(cue.text);
          expect(cue.text).not.toBe('');
          expect(Number.isInteger(Math.round(cue.start * 1000))).toBe(true);
          previousStart = cue.start;
        }
      }
      // The mutations are small: most files stay readable, so this exercises the happy path too.
      if (!/no-|untimed|bad|broken|disguise|unknown|chapters-as/.test(path))
        expect(accepted).toBeGreaterThan(0);
    },
  );
});
