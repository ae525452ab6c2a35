import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../server/ingest/parsers/parse-transcript.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

const vtt = (name: string) => parseTranscript(name, readFormatFixture(`vtt/${name}`));

describe('WebVTT', () => {
  it('reads voices, settings, cue ids and skips NOTE/STYLE/REGION blocks', () => {
    const parsed = vtt('voices-and-settings.vtt');
    expect(parsed.format).toBe('vtt');
    expect(parsed.cues.map((c) => [c.start, c.end, c.speaker])).toEqual([
      [1, 4.5, 'Inès Moreau'],
      [4.5, 9, 'Malik'],
      [9, 13.25, 'Inès Moreau'],
      [13.25, 17, 'Malik'],
    ]);
    expect(parsed.speakers).toEqual(['Inès Moreau', 'Malik']);
    // Nothing from the header, NOTE, STYLE or REGION blocks leaks into the text or warnings.
    expect(parsed.cues.map((c) => c.text).join(' ')).not.toMatch(/Kind|NOTE|cue\(|width|intro-1/);
    expect(parsed.warnings).toEqual([]);
  });

  it('strips tags and decodes entities (&amp; &lt; &gt; &nbsp; numeric)', () => {
    const texts = vtt('voices-and-settings.vtt').cues.map((c) => c.text);
    expect(texts[1]).toBe("La reconnaissance faciale arrive dans les lycées & personne n'a été consulté.");
    expect(texts[2]).toBe('Les caméras <intelligentes> promettent la sécurité, mais à quel prix\u00a0?');
    expect(texts[3]).toBe('Le règlement européen encadre déjà ces traitements.');
  });

  it.each([
    ['LF', (s: string) => s],
    ['CRLF', (s: string) => s.replace(/\n/g, '\r\n')],
    ['CR', (s: string) => s.replace(/\n/g, '\r')],
    ['BOM + CRLF', (s: string) => `\uFEFF${s.replace(/\n/g, '\r\n')}`],
  ])('gives the same cues with %s line endings', (_label, transform) => {
    const original = readFormatFixture('vtt/voices-and-settings.vtt').toString('utf8');
    const reference = parseTranscript('a.vtt', original).cues;
    expect(parseTranscript('b.vtt', Buffer.from(transform(original), 'utf8')).cues).toEqual(reference);
  });

  it('reads hourless mm:ss.mmm timestamps and the hourless/hour-ful mix across the hour', () => {
    const cues = vtt('hourless-and-mixed.vtt').cues;
    expect(cues.map((c) => [c.start, c.end])).toEqual([
      [0, 4.2],
      [3595.1, 3599.32],
      [3599.32, 3602.84],
      [3602.84, 3606],
    ]);
  });

  it('turns inline timestamps into word timings (words between timestamps)', () => {
    const [first, second] = vtt('word-timings.vtt').cues;
    expect(first?.speaker).toBe('Camille');
    expect(first?.text).toBe('Chiffrer ses messages protège.');
    expect(first?.words?.map((w) => [w.text, w.start, w.end])).toEqual([
      ['Chiffrer', 10, 10.6],
      ['ses', 10.6, 10.9],
      ['messages', 10.9, 11.5],
      ['protège.', 11.5, 12],
    ]);
    // Text before the first timestamp starts with the cue; words sharing an interval split it.
    const words = second?.words ?? [];
    expect(words.map((w) => w.text)).toEqual(['Nos', 'données', 'de', 'santé', 'restent', 'privées.']);
    expect(words[0]?.start).toBe(12);
    expect(words[1]?.start).toBe(13);
    expect(words[4]?.start).toBe(14.5);
    for (const [i, w] of words.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(words[i - 1]?.end ?? 0);
    }
  });

  it('ignores inline timestamps outside the cue or out of order', () => {
    const [cue] = vtt('bad-inline-timestamps.vtt').cues;
    expect(cue?.text).toBe('Les métadonnées parlent.');
    expect(cue?.words?.at(-1)).toMatchObject({ text: 'parlent.', start: 21, end: 22 });
    expect(cue?.words?.every((w) => w.start >= 20 && w.end <= 22)).toBe(true);
  });

  it('skips a cue the algorithm rejects, with a warning naming its line', () => {
    const parsed = vtt('one-broken-cue.vtt');
    expect(parsed.cues.map((c) => c.text)).toEqual([
      'Surveillance exports need democratic control.',
      'Export licences should be published in full.',
      'Parliament must see who buys spyware.',
    ]);
    expect(parsed.warnings).toEqual([
      {
        line: 8,
        message:
          'skipped cue: bad cue timing "00:00:03,000 --> 00:00:06,000": No decimal separator (".") found.',
      },
    ]);
  });

  it.each([
    ['no-header.vtt', 1, /not a WebVTT file: the first line must be "WEBVTT"/],
    ['srt-in-disguise.vtt', 4, /no valid WebVTT cue: bad cue timing "00:00:00,000 --> 00:00:02,500"/],
  ])('rejects %s, naming file and line', (name, line, reason) => {
    const error = catchParseError(() => vtt(name));
    expect(error.file).toBe(name);
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`${name}:${line}: `);
  });

  it('rejects a file where most cues are broken instead of importing the rest', () => {
    const text =
      'WEBVTT\n\n00:00.000 --> 00:01.000\nbon\n\n00:01,000 --> 00:02,000\nmauvais\n\n00:02,000 --> 00:03,000\nmauvais\n';
    const error = catchParseError(() => parseTranscript('mostly-broken.vtt', text));
    expect(error.line).toBe(6);
    expect(error.reason).toMatch(/2 of 3 WebVTT cues are malformed/);
  });

  it('rejects timestamps the algorithm forbids (75 minutes without hours, seconds over 59)', () => {
    for (const timing of [
      '75:00.000 --> 75:02.000',
      '00:00:61.000 --> 00:01:02.000',
      '00:01.5 --> 00:02.000',
    ]) {
      const error = catchParseError(() => parseTranscript('bad.vtt', `WEBVTT\n\n${timing}\ntexte\n`));
      expect(error.line).toBe(3);
    }
  });

  it('keeps a multi-voice cue as one cue per voice with the same timing', () => {
    const text =
      'WEBVTT\n\n00:00:05.000 --> 00:00:07.000\n<v Inès>On coupe ?</v>\n<v Malik>Non, on continue.</v>\n';
    const cues = parseTranscript('crosstalk.vtt', text).cues;
    expect(cues).toEqual([
      { start: 5, end: 7, speaker: 'Inès', text: 'On coupe ?' },
      { start: 5, end: 7, speaker: 'Malik', text: 'Non, on continue.' },
    ]);
  });

  it('reads a voice annotation with entities and a cue that starts a new block without a blank line', () => {
    const text =
      'WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ana &amp; Léo>Ensemble.\n00:02.000 --> 00:04.000\nSuite.\n';
    const cues = parseTranscript('compact.vtt', text).cues;
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Ana & Léo', 'Ensemble.'],
      [null, 'Suite.'],
    ]);
  });

  it('collapses recogniser repetition loops and repairs zero-length cues, keeping crosstalk', () => {
    const parsed = vtt('repetition-loop.vtt');
    expect(parsed.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 4, 'Data retention laws keep every call record for a year.'],
      [4, 7, 'Right.'],
      [7, 7.5, 'uh,'],
      [7.5, 11, 'And the court struck that down in 2014.'],
      [9, 10.5, '[crosstalk] No, it was 2016.'],
    ]);
    expect(parsed.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/collapsed 3 repeated cues "Right\." at 00:00:04\.000/),
      'repaired 1 cue(s) with zero or negative duration',
    ]);
  });

  it('reads "Name:" labels in cue text when there is no <v> voice, and carries them to the next cues', () => {
    const text = [
      'WEBVTT',
      '',
      '00:01.000 --> 00:03.000\nZoé Martin: Les données de santé',
      '00:03.000 --> 00:05.000\nsont les plus convoitées.',
      '00:05.000 --> 00:07.000\n<v Paul>Et les mieux protégées ?',
      '00:07.000 --> 00:08.000\nPourquoi ?',
      '00:08.000 --> 00:09.000\nZoé Martin: En théorie.',
      '00:09.000 --> 00:10.000\nSeulement en théorie.',
    ].join('\n\n');
    expect(parseTranscript('labels.vtt', text).cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Zoé Martin', 'Les données de santé'],
      ['Zoé Martin', 'sont les plus convoitées.'],
      ['Paul', 'Et les mieux protégées ?'],
      [null, 'Pourquoi ?'],
      ['Zoé Martin', 'En théorie.'],
      ['Zoé Martin', 'Seulement en théorie.'],
    ]);
  });
});
