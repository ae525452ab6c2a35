import { describe, expect, it } from 'vitest';
import { parseChaptersJson } from '../../../server/ingest/parsers/parse-chapters-json.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

describe('parseChaptersJson', () => {
  it('reads Podcasting 2.0 chapters sorted by start, leaving out toc:false art changes', () => {
    expect(parseChaptersJson('ep.chapters.json', readFormatFixture('chapters/chapters.json'))).toEqual([
      { startTime: 0, title: 'Introduction', img: 'https://example.org/intro.jpg' },
      { startTime: 95.5, title: "Le recours devant le Conseil d'État", url: 'https://example.org/recours' },
      { startTime: 180, endTime: 240.25, title: 'Chapter 3' },
    ]);
  });

  it.each([
    ['chapters-bad.json', readFormatFixture('chapters/chapters-bad.json'), /^chapters\[1\]\.startTime: /],
    ['no-list.json', '{"version":"1.2.0"}', /^chapters: missing \(expected an array\)$/],
    ['broken.json', '{"chapters": [\n{"startTime": 0,,}]}', /^not valid JSON/],
  ])('rejects %s naming the field', (name, content, reason) => {
    const error = catchParseError(() => parseChaptersJson(name, content));
    expect(error.file).toBe(name);
    expect(error.reason).toMatch(reason);
    if (name === 'chapters-bad.json') expect(error.line).toBe(5);
  });
});
