import { describe, expect, it } from 'vitest';
import type { Chapter, Cue } from '../../server/model/types.ts';
import { parseChaptersJson } from '../../server/ingest/parsers/parse-chapters-json.ts';
import { parseTranscript } from '../../server/ingest/parsers/parse-transcript.ts';
import { exportChapters, exportTranscript } from '../../server/transcript-export/export-transcript.ts';

// Every cue has a speaker: SRT and plain text carry speakers as "Name:" labels, and an
// unlabelled line after a labelled one reads back as the same speaker.
const cues: Cue[] = [
  {
    start: 0.5,
    end: 4.25,
    speaker: 'Inès Moreau',
    text: 'Le chiffrement protège les sources des journalistes.',
    words: [
      { text: 'Le', start: 0.5, end: 0.7 },
      { text: 'chiffrement', start: 0.7, end: 1.4 },
      { text: 'protège', start: 1.4, end: 2 },
      { text: 'les', start: 2, end: 2.2 },
      { text: 'sources', start: 2.2, end: 2.9 },
      { text: 'des', start: 2.9, end: 3.1 },
      { text: 'journalistes.', start: 3.1, end: 4.25 },
    ],
  },
  {
    start: 4.25,
    end: 9.1,
    speaker: 'Malik',
    text: 'Une porte dérobée & une clé « pour la police » ? Non merci.',
  },
  { start: 8.9, end: 12.004, speaker: 'Inès Moreau', text: 'Exactement : une faille sert à tout le monde.' },
  { start: 3605.5, end: 3610, speaker: 'Malik', text: 'Merci de nous avoir écoutés.' },
];
const withoutWords = (list: Cue[]) => list.map(({ words: _words, ...rest }) => rest);

describe('exportTranscript round trips', () => {
  it('VTT → parse gives the same cues, word timings included', () => {
    const vtt = exportTranscript('vtt', cues, { title: 'Épisode 7 --> fin' });
    expect(vtt.startsWith('WEBVTT - Épisode 7 → fin\n\n')).toBe(true);
    const back = parseTranscript('x.vtt', vtt);
    expect(withoutWords(back.cues)).toEqual(withoutWords(cues));
    // WebVTT carries word starts; a word ends where the next begins.
    expect(back.cues[0]?.words?.map((w) => [w.text, w.start])).toEqual(
      cues[0]?.words?.map((w) => [w.text, w.start]),
    );
    expect(back.speakers).toEqual(['Inès Moreau', 'Malik']);
  });

  it.each(['srt', 'json'] as const)('%s → parse gives the same cues', (format) => {
    const back = parseTranscript(`x.${format}`, exportTranscript(format, cues));
    expect(back.cues).toEqual(withoutWords(cues));
  });

  it('txt → parse gives the same speakers and text, starts to the second', () => {
    const txt = exportTranscript('txt', cues, { title: 'Épisode 7' });
    expect(txt.split('\n').slice(0, 3)).toEqual([
      '# Épisode 7',
      '',
      '[00:00:00] Inès Moreau: Le chiffrement protège les sources des journalistes.',
    ]);
    expect(txt).toContain('[01:00:05] Malik: Merci de nous avoir écoutés.');
    const back = parseTranscript('x.txt', txt);
    expect(back.cues.map((c) => [c.start, c.speaker, c.text])).toEqual(
      cues.map((c) => [Math.floor(c.start), c.speaker, c.text]),
    );
  });
});

describe('exportTranscript escaping', () => {
  const hostile: Cue[] = [
    {
      start: 1,
      end: 3,
      speaker: 'Ana <admin> & co',
      text: 'Il a tapé <script>alert(1)</script> & --> dans le champ.',
    },
  ];

  it('escapes &, < and > in VTT text and voice names, so nothing becomes markup or a timing line', () => {
    const vtt = exportTranscript('vtt', hostile);
    expect(vtt).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; --&gt; dans le champ.');
    expect(vtt).toContain('<v Ana &lt;admin&gt; &amp; co>');
    expect(vtt).not.toContain('<script>');
    expect(vtt.split('\n').filter((line) => line.includes('-->'))).toHaveLength(1);
    expect(parseTranscript('x.vtt', vtt).cues).toEqual(hostile);
  });

  it('keeps every cue on one line in SRT and VTT even if the text holds line breaks', () => {
    const multiline: Cue[] = [{ start: 0, end: 1, speaker: null, text: 'Première ligne\n\nseconde ligne' }];
    for (const format of ['srt', 'vtt'] as const) {
      const back = parseTranscript(`x.${format}`, exportTranscript(format, multiline));
      expect(back.cues.map((c) => c.text)).toEqual(['Première ligne seconde ligne']);
    }
  });
});

describe('exportTranscript ranges', () => {
  it('keeps cues overlapping the range, clipped to it', () => {
    const json = JSON.parse(exportTranscript('json', cues, { range: { start: 2, end: 10 } })) as {
      segments: Array<{ startTime: number; endTime: number; speaker?: string; body: string }>;
    };
    expect(json.segments.map((s) => [s.startTime, s.endTime, s.speaker])).toEqual([
      [2, 4.25, 'Inès Moreau'],
      [4.25, 9.1, 'Malik'],
      [8.9, 10, 'Inès Moreau'],
    ]);
  });

  it('rebases a clip to zero for clip captions', () => {
    const srt = exportTranscript('srt', cues, { range: { start: 4, end: 10 }, rebaseToZero: true });
    expect(srt).toBe(
      [
        '1',
        '00:00:00,000 --> 00:00:00,250',
        'Inès Moreau: Le chiffrement protège les sources des journalistes.',
        '',
        '2',
        '00:00:00,250 --> 00:00:05,100',
        'Malik: Une porte dérobée & une clé « pour la police » ? Non merci.',
        '',
        '3',
        '00:00:04,900 --> 00:00:06,000',
        'Inès Moreau: Exactement : une faille sert à tout le monde.',
        '',
      ].join('\n'),
    );
  });

  it('rebases word timings with the clip and keeps them inside it', () => {
    const vtt = exportTranscript('vtt', cues, { range: { start: 1, end: 3 }, rebaseToZero: true });
    const [clip] = parseTranscript('clip.vtt', vtt).cues;
    expect(clip).toMatchObject({ start: 0, end: 2 });
    expect(clip?.words?.every((w) => w.start >= 0 && w.end <= 2)).toBe(true);
    expect(clip?.words?.find((w) => w.text === 'protège')?.start).toBe(0.4);
  });

  it('gives an empty transcript for a range with no speech', () => {
    expect(exportTranscript('vtt', cues, { range: { start: 100, end: 200 } })).toBe('WEBVTT\n');
    expect(JSON.parse(exportTranscript('json', cues, { range: { start: 100, end: 200 } }))).toEqual({
      version: '1.0.0',
      segments: [],
    });
  });
});

describe('chapters', () => {
  it('exports Podcasting 2.0 chapters JSON that parses back to the same chapters', () => {
    const chapters: Chapter[] = [
      { startTime: 0, title: 'Ouverture' },
      { startTime: 61.5, endTime: 300, title: 'La surveillance des militants', url: 'https://example.org/a' },
    ];
    const text = exportChapters(chapters);
    expect(JSON.parse(text)).toEqual({ version: '1.2.0', chapters });
    expect(parseChaptersJson('x.chapters.json', text)).toEqual(chapters);
  });
});
