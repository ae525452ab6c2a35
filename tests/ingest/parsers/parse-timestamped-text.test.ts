import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../server/ingest/parsers/parse-transcript.ts';
import { parseMarkerClock, WORDS_PER_SECOND } from '../../../server/ingest/parsers/parse-timestamped-text.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

describe('timestamp markers', () => {
  it.each([
    ['12:34', 754],
    ['2:05', 125],
    ['75:30', 4530], // [mmm:ss]: minutes past 59
    ['123:04', 7384],
    ['1:02:03', 3723],
    ['01:02:03.45', 3723.45], // [hh:mm:ss.cc]
    ['01:02:03.5', 3723.5],
    ['00:44:03:15', 2643.5], // [hh:mm:ss:ff] at 30 fps
    ['12:34.250', 754.25],
  ])('[%s] is %f s', (clock, seconds) => {
    expect(parseMarkerClock(clock)).toBeCloseTo(seconds, 6);
  });

  it.each(['12:75', '1:99:00', '01:02:03:04.5'])('[%s] is rejected', (clock) => {
    expect(typeof parseMarkerClock(clock)).toBe('string');
  });
});

describe('timestamped Markdown', () => {
  const parsed = parseTranscript('episode-42.md', readFormatFixture('md/podcast-transcript.md'));
  const find = (fragment: string) => parsed.cues.find((c) => c.text.includes(fragment));

  it('reads **Name:** turns; unlabelled paragraphs continue the turn', () => {
    expect(parsed.format).toBe('markdown');
    expect(parsed.speakers).toEqual(['Léa Fontaine', 'Karim Benali']);
    expect(find('Le texte prévoyait')?.speaker).toBe('Karim Benali');
    expect(find('Mais rien')?.speaker).toBe('Karim Benali');
  });

  it('times each piece by the last marker seen and ends it at the next marker', () => {
    // Before any marker, the file's start is the only known time.
    expect(find('Bonjour à toutes')).toMatchObject({ start: 0, end: 12 });
    expect(find('Merci de l')).toMatchObject({ start: 12, end: 125 });
    expect(find('Le texte prévoyait')).toMatchObject({ start: 12, end: 125 });
    // A marker inside a paragraph splits it.
    expect(find('Ce bilan')).toMatchObject({ start: 125, end: 220 });
    expect(find('Huit')).toMatchObject({ start: 220, end: 310.5 });
  });

  it('reads escaped markers in every form: [hh:mm:ss:ff], [hh:mm:ss.cc], [hh:mm:ss], [mmm:ss]', () => {
    // The **Break:** paragraph's markers (00:05:10:15, 00:06:02:00) bound the pieces around it.
    expect(find('Huit')?.end).toBe(310.5);
    expect(find('reconnaissance faciale, elle')).toMatchObject({ start: 362.5, end: 3480 });
    expect(find('Sur le papier')).toMatchObject({ start: 3480, end: 4530 });
    expect(find('Mais rien')).toMatchObject({ start: 4530, end: 4562.5 });
  });

  it('ignores a marker that goes back in time, with a warning naming its line', () => {
    expect(find('recule dans le temps')?.start).toBe(4530);
    expect(parsed.warnings).toEqual([
      { line: 30, message: 'ignored timestamp [01:10:00]: earlier than the previous one' },
    ]);
  });

  it("estimates only the last piece's end, from its word count", () => {
    const last = parsed.cues.at(-1);
    expect(last?.text).toBe("Merci Karim, on s'arrête là pour aujourd'hui.");
    expect(last?.end).toBeCloseTo(4562.5 + 7 / WORDS_PER_SECOND, 3);
  });

  it('skips front matter, headings, comments, rules and non-speech paragraphs; cleans inline Markdown', () => {
    const all = parsed.cues.map((c) => c.text).join('\n');
    expect(all).not.toMatch(/title:|Libertés connectées|Transcription publiée|Break|\* \* \*|\\|\*\*|\[|\]/);
    expect(find('Ce bilan')?.text).toBe("Ce bilan n'est jamais arrivé — du moins pas sous la forme promise.");
    expect(find('Huit')?.text).toContain('Voir le décret pour la liste complète.');
    expect(find('Mais rien')?.text).toBe(
      "Mais rien n'empêche un fournisseur de proposer l'option, désactivée par défaut.",
    );
    expect(find('concrètement')?.text).toBe("Qu'est-ce que ces caméras détectent, concrètement\u00a0?");
  });

  it.each([
    [
      'md/untimed.md',
      'untimed: no timestamp markers found (expected markers such as [12:34] or [01:02:03] in the text)',
      undefined,
    ],
    [
      'txt/untimed.txt',
      'untimed: no timestamp markers found (expected markers such as [12:34] or [01:02:03] in the text)',
      undefined,
    ],
    [
      'md/bad-markers-only.md',
      'untimed: no valid timestamp marker found (2 malformed; first: ignored timestamp: seconds must be 00-59 in [12:75])',
      1,
    ],
  ])('rejects %s as untimed instead of inventing times', (path, reason, line) => {
    const name = path.split('/')[1] ?? path;
    const error = catchParseError(() => parseTranscript(name, readFormatFixture(path)));
    expect(error.reason).toBe(reason);
    expect(error.line).toBe(line);
    expect(error.message.startsWith(name)).toBe(true);
  });
});

describe('timestamped plain text', () => {
  it('reads one "[hh:mm:ss] Name: text" turn per line', () => {
    const parsed = parseTranscript('turns.txt', readFormatFixture('txt/one-turn-per-line.txt'));
    expect(parsed.format).toBe('text');
    expect(parsed.cues.map((c) => [c.start, c.end, c.speaker])).toEqual([
      [2, 9, 'Inès Moreau'],
      [9, 12, 'Malik'],
      [12, 20, 'Inès Moreau'],
      [20, expect.any(Number), 'Inès Moreau'],
    ]);
    expect(parsed.cues[3]?.text).toBe("Ils n'ont fait l'objet d'aucun débat parlementaire.");
  });

  it('reads Rev "Name (mm:ss):" and Otter "Name  m:ss" headers with text on the next lines', () => {
    const parsed = parseTranscript('rev.txt', readFormatFixture('txt/rev-and-otter.txt'));
    expect(parsed.cues.map((c) => [c.start, c.speaker, c.text])).toEqual([
      [4, 'Camille Roux', 'Les données de connexion sont conservées un an.'],
      [11, 'Yanis', "Même quand on n'est soupçonné de rien ?"],
      [17, 'Camille Roux', "Oui, c'est tout le problème de la conservation généralisée."],
    ]);
  });

  it('parses a .txt that is really SRT as SRT', () => {
    const parsed = parseTranscript('feed.txt', readFormatFixture('txt/captions-saved-as-text.txt'));
    expect(parsed.format).toBe('srt');
    expect(parsed.cues.map((c) => c.start)).toEqual([0, 3]);
  });

  it('parses a .txt that is really WebVTT as WebVTT', () => {
    const parsed = parseTranscript('feed.txt', 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Oui.\n');
    expect(parsed.format).toBe('vtt');
    expect(parsed.cues[0]?.speaker).toBe('Ana');
  });

  it('reads markdown links as markers: [12:34](url)', () => {
    const parsed = parseTranscript(
      'links.md',
      '[00:10](https://example.org/a#t=10) **Ana:** Le chiffrement.\n',
    );
    expect(parsed.cues[0]).toMatchObject({ start: 10, speaker: 'Ana', text: 'Le chiffrement.' });
  });
});
