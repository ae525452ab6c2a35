import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../server/ingest/parsers/parse-transcript.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

const json = (name: string) => parseTranscript(name, readFormatFixture(`json/${name}`));

describe('JSON transcripts', () => {
  it('reads Podcasting 2.0 segments with and without speakers', () => {
    const parsed = json('podcast.json');
    expect(parsed.format).toBe('podcast-json');
    expect(parsed.speakers).toEqual(['Nadia', 'Hugo']);
    expect(parsed.cues[1]).toEqual({
      start: 4.25,
      end: 8.1,
      speaker: 'Hugo',
      text: 'Et la police peut y lancer une recherche par reconnaissance faciale.',
    });
    expect(parsed.cues[2]?.speaker).toBeNull();
  });

  it('regroups word-per-segment Podcasting 2.0 files into sentence cues with word timings', () => {
    const parsed = json('podcast-word-level.json');
    expect(parsed.cues.map((c) => [c.speaker, c.text])).toEqual([
      [
        'Chloé',
        'Les plaintes collectives permettent aux associations de défendre des milliers de personnes à la fois.',
      ],
      ['Bastien', 'Elles ont fait reculer plusieurs géants du numérique'],
    ]);
    const first = parsed.cues[0];
    expect(first?.words?.length).toBe(15);
    expect(first?.words?.[0]).toEqual({ text: 'Les', start: 2, end: 2.3 });
    expect(first?.start).toBe(2);
    expect(first?.end).toBe(first?.words?.at(-1)?.end);
  });

  it('reads openai-whisper segments with word timings (leading spaces removed)', () => {
    const parsed = json('whisper.json');
    expect(parsed.format).toBe('whisper-json');
    expect(parsed.cues[0]).toEqual({
      start: 0,
      end: 2.4,
      speaker: null,
      text: 'Encryption protects dissidents.',
      words: [
        { text: 'Encryption', start: 0, end: 0.9 },
        { text: 'protects', start: 0.9, end: 1.5 },
        { text: 'dissidents.', start: 1.5, end: 2.4 },
      ],
    });
    // The repeated "Thank you." segments are a recogniser loop: one cue spans both.
    expect(parsed.cues.at(-1)).toEqual({ start: 4.6, end: 7, speaker: null, text: 'Thank you.' });
  });

  it('reads whisperX speakers and times a word the aligner left untimed from its neighbours', () => {
    const parsed = json('whisperx.json');
    expect(parsed.speakers).toEqual(['SPEAKER_00', 'SPEAKER_01']);
    const words = parsed.cues[0]?.words ?? [];
    expect(words.map((w) => w.text).join(' ')).toBe('Article 9 du RGPD protège ces données.');
    expect(words[1]).toEqual({ text: '9', start: 1.5, end: 1.9 });
    expect(parsed.cues[1]?.words).toBeUndefined();
  });

  it('reads whisper.cpp offsets in milliseconds, word timings from tokens, and drops [BLANK_AUDIO]', () => {
    const parsed = json('whisper-cpp.json');
    expect(parsed.format).toBe('whisper-cpp-json');
    expect(parsed.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 3.12, 'Les lycées de Nice ont testé des portiques biométriques.'],
      [5, 8.4, "La CNIL a jugé l'expérience illégale."],
    ]);
    expect(parsed.cues[0]?.words?.map((w) => w.text)).toEqual([
      'Les',
      'lycées',
      'de',
      'Nice',
      'ont',
      'testé',
      'des',
      'portiques',
      'biométriques.',
    ]);
    expect(parsed.cues[0]?.words?.[1]).toEqual({ text: 'lycées', start: 0.3, end: 0.7 });
    expect(parsed.warnings.map((w) => w.message)).toContain(
      'dropped 1 non-speech segment(s) such as [BLANK_AUDIO]',
    );
  });

  it('accepts a UTF-8 BOM before the JSON', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFormatFixture('json/podcast.json')]);
    expect(parseTranscript('bom.json', bytes).cues).toHaveLength(4);
  });

  it.each([
    ['podcast-bad-field.json', 7, 'segments[3].startTime: expected a number, got string'],
    ['unknown-shape.json', undefined, /^unrecognised JSON transcript: expected Podcasting 2\.0/],
    [
      'chapters-as-transcript.json',
      undefined,
      /chapters file, not a transcript: name it <episode>\.chapters\.json/,
    ],
  ])('rejects %s naming the field or the shape expected', (name, line, reason) => {
    const error = catchParseError(() => json(name));
    expect(error.file).toBe(name);
    expect(error.line).toBe(line);
    if (typeof reason === 'string') expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
  });

  it.each([
    ['{"segments": [{"start": 0, "end": 1}]}', 'segments[0].text: missing (expected a string)'],
    ['{"segments": [{"startTime": 0, "endTime": -1, "body": "x"}]}', /^segments\[0\]\.endTime: /],
    [
      '{"transcription": [{"offsets": {"from": 0}, "text": "x"}]}',
      'transcription[0].offsets.to: missing (expected a number)',
    ],
    [
      '{"segments": [{"start": 0, "end": 1, "text": "x", "words": [{"start": 0}]}]}',
      /^segments\[0\]\.words\[0\]: expected a "word" string/,
    ],
  ])('names the field path for %s', (content, reason) => {
    const error = catchParseError(() => parseTranscript('t.json', content));
    if (typeof reason === 'string') expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
  });

  it('names the line of the faulty field, or of its object when the field is missing', () => {
    const text = [
      '{',
      '  "segments": [',
      '    { "start": 0, "end": 2, "text": "Un." },',
      '    {',
      '      "start": 2,',
      '      "end": "3",',
      '      "text": "Deux."',
      '    },',
      '    { "start": 3, "end": 4 }',
      '  ]',
      '}',
    ].join('\n');
    const wrongType = catchParseError(() => parseTranscript('lines.json', text));
    expect(wrongType.message).toBe('lines.json:6: segments[1].end: expected a number, got string');
    const missing = catchParseError(() =>
      parseTranscript('lines.json', text.replace('"end": "3"', '"end": 3')),
    );
    expect(missing.message).toBe('lines.json:9: segments[2].text: missing (expected a string)');
    // A bare array of whisper segments is located too.
    const bare = catchParseError(() =>
      parseTranscript('bare.json', '[\n {"start": 0, "end": 1, "text": "a"},\n {"start": "x"}\n]'),
    );
    expect(bare.message).toBe('bare.json:3: segments[1].start: expected a number, got string');
  });

  it('reports a JSON syntax error with its line', () => {
    const error = catchParseError(() =>
      parseTranscript('t.json', '{\n  "segments": [\n    {"start": 0,}\n  ]\n}'),
    );
    expect(error.reason).toMatch(/^not valid JSON: /);
    expect(error.line).toBe(3);
  });

  it('rejects a transcript with no segments at all', () => {
    expect(
      catchParseError(() => parseTranscript('t.json', '{"version":"1.0.0","segments":[]}')).reason,
    ).toMatch(/^no cues/);
  });
});
