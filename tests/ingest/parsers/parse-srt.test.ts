import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../server/ingest/parsers/parse-transcript.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

const srt = (name: string) => parseTranscript(name, readFormatFixture(`srt/${name}`));

describe('SRT as found in the wild', () => {
  const wild = srt('in-the-wild.srt');
  const byText = (fragment: string) => wild.cues.find((c) => c.text.includes(fragment));

  it('reads every cue despite missing blank lines, a missing index and wrong indices', () => {
    expect(wild.format).toBe('srt');
    expect(wild.cues.map((c) => c.start)).toEqual([
      1, 3.5, 6, 8.25, 10, 12, 13.5, 14.2, 16, 18.5, 20, 21, 23,
    ]);
    // The "3" index glued to the end of cue 2 (no blank line) is not part of its text.
    expect(byText('La loi olympique')?.text).toBe("La loi olympique l'a autorisée à titre expérimental.");
    expect(wild.warnings).toEqual([]);
  });

  it('keeps a cue whose text is only a number', () => {
    expect(wild.cues.find((c) => c.start === 13.5)).toMatchObject({ end: 14.2, text: '185' });
  });

  it('strips <i>/<b>/<font> tags and {\\an8} overrides, decodes entities, keeps [notes]', () => {
    expect(byText('Combien')?.text).toBe('Combien de caméras en tout\u00a0?');
    expect(byText('haut de')?.text).toBe("Ce sous-titre est en haut de l'écran.");
    expect(byText('communes')?.text).toBe('communes équipées. [rires]');
    expect(wild.cues.map((c) => c.text).join(' ')).not.toMatch(/[<>{}\\]/);
  });

  it('reads dot milliseconds and two-digit milliseconds as a decimal fraction (,5 = ,50 = 500 ms)', () => {
    expect(byText('haut de')).toMatchObject({ start: 16, end: 18.5 });
    expect(byText('millisecondes')).toMatchObject({ start: 18.5, end: 20.75 });
  });

  it('keeps overlapping cues (crosstalk) in start order', () => {
    expect(byText('chevauchent')).toMatchObject({ start: 20, end: 23 });
    expect(byText('Pardon')).toMatchObject({ start: 21, end: 22.5, speaker: 'ÉLODIE' });
  });

  it('reads Name: labels, carries them to unlabelled cues and unifies first names', () => {
    expect(wild.speakers).toEqual(['ÉLODIE', 'Thomas Girard']);
    expect(wild.cues[0]).toMatchObject({
      speaker: 'ÉLODIE',
      text: "Bonjour, on parle aujourd'hui de vidéosurveillance algorithmique.",
    });
    expect(wild.cues[1]?.speaker).toBe('ÉLODIE');
    // "Thomas:" is the "Thomas Girard:" named earlier in the file.
    expect(byText('Et sans évaluation')?.speaker).toBe('Thomas Girard');
    // Not labels: a "Note:" prefix and a time of day.
    expect(byText('chevauchent')?.text).toBe('Note: les deux voix se chevauchent ici.');
    expect(byText('10:30')).toMatchObject({ speaker: 'ÉLODIE', text: 'À 10:30, la CNIL publiera son avis.' });
  });

  it.each([
    ['bom-crlf.srt', ['Le chiffrement de bout en bout', 'protège les journalistes et leurs sources.']],
    ['cr-only-and-dot-ms.srt', ['Le droit à l oubli existe depuis 2014.', 'Il reste mal appliqué.']],
    ['utf16le.srt', ['Les données biométriques sont sensibles.']],
  ])('reads %s', (name, texts) => {
    expect(srt(name).cues.map((c) => c.text)).toEqual(texts);
  });

  it('ends a cue at 5.5 s for a one-digit fraction "00:00:05.5"', () => {
    expect(srt('cr-only-and-dot-ms.srt').cues[1]?.end).toBe(5.5);
  });

  it.each([
    ['no-timing.srt', undefined, /not an SRT file: no cue timing line/],
    [
      'broken-timings.srt',
      2,
      /2 of 3 SRT cues are malformed; first: bad cue timing "00:00:01,000 --> 00:00:61,000": seconds must be 00-59/,
    ],
    ['latin1.srt', 3, /not valid UTF-8 \(byte 0xe9 at offset \d+\); save the file as UTF-8/],
    ['binary.srt', 1, /binary data \(NUL byte at offset 4\)/],
  ])('rejects %s with a clear reason', (name, line, reason) => {
    const error = catchParseError(() => srt(name));
    expect(error.file).toBe(name);
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
  });

  it('skips a single malformed timing with a warning naming its line', () => {
    const text =
      '1\n00:00:01,000 --> 00:00:02,000\nUn.\n\n2\n00:00:02 --> 00:0:0x\nDeux.\n\n3\n00:00:03,000 --> 00:00:04,000\nTrois.\n\n4\n00:00:04,000 --> 00:00:05,000\nQuatre.\n';
    const parsed = parseTranscript('one-bad.srt', text);
    expect(parsed.cues.map((c) => c.text)).toEqual(['Un.', 'Trois.', 'Quatre.']);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]?.line).toBe(6);
    expect(parsed.warnings[0]?.message).toBe(
      'skipped cue: bad cue timing "00:00:02 --> 00:0:0x": expected hh:mm:ss,mmm --> hh:mm:ss,mmm',
    );
  });

  it('keeps a bare number as text when it is the only line right after a timing line, even without blank lines', () => {
    const text =
      '1\n00:00:01,000 --> 00:00:02,000\n42\n2\n00:00:02,000 --> 00:00:03,000\narticles du code pénal.\n';
    expect(parseTranscript('numbers.srt', text).cues.map((c) => c.text)).toEqual([
      '42',
      'articles du code pénal.',
    ]);
  });

  it('warns about stray text before the first cue', () => {
    const parsed = parseTranscript(
      'preamble.srt',
      'Sous-titres : Association X\n\n1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n',
    );
    expect(parsed.cues.map((c) => c.text)).toEqual(['Bonjour.']);
    expect(parsed.warnings).toEqual([{ line: 1, message: 'ignored text before the first cue timing line' }]);
  });

  it('reads hourless SRT timings and a <v> voice tag', () => {
    const parsed = parseTranscript('short.srt', '1\n01:02,500 --> 01:04,000\n<v Zoé>Le RGPD a six ans.\n');
    expect(parsed.cues).toEqual([{ start: 62.5, end: 64, speaker: 'Zoé', text: 'Le RGPD a six ans.' }]);
  });

  it('does not carry a lone label over the whole file', () => {
    const text =
      '1\n00:00:01,000 --> 00:00:02,000\nBruxelles: la Commission a tranché.\n\n2\n00:00:02,000 --> 00:00:03,000\nLe texte passe au Parlement.\n';
    expect(parseTranscript('lone.srt', text).cues.map((c) => c.speaker)).toEqual(['Bruxelles', null]);
  });
});
