// Where a JSON text stops being JSON, checked against V8 wherever V8 gives a position, on
// thousands of one-character mutations of a document with every kind of JSON value.
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset } from '../../../server/ingest/parsers/json-error-position.ts';
import { seededRandom } from '../../fixtures/ingest/transcript-files.ts';

const DOCUMENT = JSON.stringify(
  {
    titre: 'Écoute « citoyenne »',
    n: [0, -12.5e-3, 7],
    vrai: true,
    faux: false,
    rien: null,
    s: 'a"b\\c\u00e9\n',
  },
  null,
  2,
);

describe('jsonErrorOffset', () => {
  it('agrees with V8 on every mutation V8 gives a position for, and accepts what V8 accepts', () => {
    const rand = seededRandom(7);
    const characters = '{}[],:"\\ 0-e.+tnfu';
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      const at = Math.floor(rand() * DOCUMENT.length);
      const pick = rand();
      const text =
        pick < 0.4
          ? DOCUMENT.slice(0, at) + DOCUMENT.slice(at + 1)
          : pick < 0.8
            ? DOCUMENT.slice(0, at) + characters[Math.floor(rand() * characters.length)]! + DOCUMENT.slice(at)
            : DOCUMENT.slice(0, at);
      let v8: string | null = null;
      try {
        JSON.parse(text);
      } catch (error) {
        v8 = (error as Error).message;
      }
      if (v8 === null) {
        expect(jsonErrorOffset(text), text).toBe(text.length);
        continue;
      }
      const position = /at position (\d+)/.exec(v8)?.[1];
      if (position === undefined) continue;
      compared++;
      expect(jsonErrorOffset(text), `${v8}\n${text}`).toBe(Number(position));
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('reports a line and what was found, for mistakes V8 gives no position for', () => {
    expect(describeJsonError('{\n  "a": 1,\n  oups\n}')).toEqual({
      line: 3,
      reason: 'not valid JSON: unexpected "oups\\n}"',
    });
    expect(describeJsonError('{"a": [1, 2')).toEqual({
      line: 1,
      reason: 'not valid JSON: the file ends too soon',
    });
  });
});
