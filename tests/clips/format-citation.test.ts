// Citations checked against strings worked out by hand from the style guides
// (APA 7 §10.13 podcast episode; MLA 9 podcast + time stamps; Chicago 17 14.267).
import { describe, expect, it, vi } from 'vitest';
import { formatCitation, type CitationSource } from '../../server/clips/format-citation.ts';
import { formatTimeRange } from '../../server/clips/format-timecode.ts';
import type { Episode } from '../../server/model/types.ts';
import { fixtureShow } from '../fixtures/clips/clip-fixtures.ts';

// citation-js, ffmpeg and espeak-ng are slow to start on a busy two-core machine.
vi.setConfig({ testTimeout: 60000 });

const episode: Episode = {
  id: 'libertes-numeriques--reconnaissance-faciale',
  showId: 'libertes-numeriques',
  title: 'La reconnaissance faciale au lycée',
  date: '2024-03-05',
  language: 'fr',
  speakers: ['Camille Rousseau', 'Thomas Lefèvre'],
  media: 'libertes-numeriques/reconnaissance-faciale.opus',
  mediaType: 'audio/ogg',
  url: 'https://libertes.example.org/episodes/reconnaissance-faciale',
  license: null,
  tags: [],
  chapters: [],
  duration: 1800,
  source: 'libertes-numeriques/reconnaissance-faciale.vtt',
  format: 'vtt',
  revision: 'abc123',
  cueCount: 300,
};

const source: CitationSource = {
  clip: {
    id: 'k7Hq2mWx9P',
    episodeId: episode.id,
    start: 41.2,
    end: 86.4,
    title: null,
    note: null,
    quote: 'Nous avons saisi la justice',
    revision: 'abc123',
    createdAt: '2026-11-22T10:00:00.000Z',
    episodeAtCut: null,
  },
  episode,
  show: fixtureShow,
  episodeUrl: episode.url ?? '',
};

const url = 'https://libertes.example.org/episodes/reconnaissance-faciale';

describe('timecode ranges', () => {
  it('covers the clip: start rounded down, end rounded up, m:ss under an hour', () => {
    expect(formatTimeRange(41.2, 86.4)).toBe('0:41–1:27');
    expect(formatTimeRange(41, 87)).toBe('0:41–1:27');
    expect(formatTimeRange(3723.4, 3781)).toBe('1:02:03–1:03:01');
    expect(formatTimeRange(41.2, 86.4, true)).toBe('00:00:41–00:01:27');
  });
});

describe('formatCitation', () => {
  it('APA 7: podcast episode with the show as group author, timestamp in the in-text citation', () => {
    const apa = formatCitation(source, 'apa');
    expect(apa.text).toBe(
      `Libertés numériques. (2024, March 5). La reconnaissance faciale au lycée [Audio podcast episode]. In Libertés numériques. ${url}`,
    );
    expect(apa.markdown).toBe(
      `Libertés numériques. (2024, March 5). La reconnaissance faciale au lycée [Audio podcast episode]. In *Libertés numériques*. ${url}`,
    );
    expect(apa.inText).toBe('(Libertés numériques, 2024, 0:41–1:27)');
    expect(apa.range).toBe('0:41–1:27');
  });

  it('MLA 9: title in quotes, abbreviated month, URL without scheme, hh:mm:ss time stamps', () => {
    const mla = formatCitation(source, 'mla');
    expect(mla.text).toBe(
      '“La reconnaissance faciale au lycée.” Libertés numériques, 5 Mar. 2024, libertes.example.org/episodes/reconnaissance-faciale.',
    );
    expect(mla.markdown).toBe(
      '“La reconnaissance faciale au lycée.” *Libertés numériques*, 5 Mar. 2024, libertes.example.org/episodes/reconnaissance-faciale.',
    );
    expect(mla.inText).toBe('(“La reconnaissance faciale au lycée” 00:00:41–00:01:27)');
  });

  it('MLA keeps a title’s own question mark instead of adding a period', () => {
    const mla = formatCitation(
      { ...source, episode: { ...episode, title: 'Qui surveille ?', date: '2024-09-30' } },
      'mla',
    );
    expect(mla.text).toBe(
      '“Qui surveille ?” Libertés numériques, 30 Sept. 2024, libertes.example.org/episodes/reconnaissance-faciale.',
    );
  });

  it('Chicago 17: bibliography entry, and a note carrying the time range', () => {
    const chicago = formatCitation(source, 'chicago');
    expect(chicago.text).toBe(
      `“La reconnaissance faciale au lycée.” Libertés numériques. Podcast audio, March 5, 2024. ${url}.`,
    );
    expect(chicago.inText).toBe(
      `“La reconnaissance faciale au lycée,” Libertés numériques, podcast audio, March 5, 2024, 0:41–1:27, ${url}.`,
    );
  });

  it('BibTeX: @misc with the range as a note and special characters escaped', () => {
    expect(formatCitation(source, 'bibtex').text).toBe(
      [
        '@misc{verbatim-k7Hq2mWx9P,',
        '  title = {{La reconnaissance faciale au lycée}},',
        '  author = {{Libertés numériques}},',
        '  howpublished = {Audio podcast episode, \\emph{Libertés numériques}},',
        '  year = {2024},',
        '  month = mar,',
        '  date = {2024-03-05},',
        '  note = {Clip 0:41--1:27},',
        `  url = {${url}},`,
        '  language = {fr},',
        '}',
      ].join('\n'),
    );
    const tricky = formatCitation(
      { ...source, episode: { ...episode, title: 'Données & vie privée: 100% {libres}_ok' } },
      'bibtex',
    );
    expect(tricky.text).toContain('title = {{Données \\& vie privée: 100\\% \\{libres\\}\\_ok}},');
  });

  it('BibTeX: the title keeps its capitals (styles such as plain lower-case an unbraced title)', () => {
    const cnil = formatCitation(
      { ...source, episode: { ...episode, title: 'Ce que la CNIL a dit au Conseil d’État' } },
      'bibtex',
    );
    // Braced whole, “CNIL” and “Conseil d’État” are printed as written, not “cnil”, “conseil”.
    expect(cnil.text).toContain('  title = {{Ce que la CNIL a dit au Conseil d’État}},\n');
  });

  it('CSL-JSON: one broadcast item with the range in its note', () => {
    const csl = formatCitation(source, 'csl');
    expect(JSON.parse(csl.text)).toEqual([
      {
        id: 'verbatim-k7Hq2mWx9P',
        type: 'broadcast',
        genre: 'Audio podcast episode',
        title: 'La reconnaissance faciale au lycée',
        'container-title': 'Libertés numériques',
        author: [{ literal: 'Libertés numériques' }],
        issued: { 'date-parts': [[2024, 3, 5]] },
        URL: url,
        language: 'fr',
        note: 'Clip 0:41–1:27',
      },
    ]);
    expect(csl.inText).toBeNull();
  });

  it('video episodes are cited as video', () => {
    const video = { ...source, episode: { ...episode, mediaType: 'video/mp4' } };
    expect(formatCitation(video, 'apa').text).toContain('[Video podcast episode]');
    expect(formatCitation(video, 'chicago').inText).toContain('podcast video, March 5, 2024');
  });
});

describe('formatCitation in French (a reader of the French pages cites in French)', () => {
  it('APA 7: day before month, « Dans », the genre in French (before: “(2024, March 5)”, “In”)', () => {
    const apa = formatCitation(source, 'apa', 'fr');
    expect(apa.text).toBe(
      `Libertés numériques. (2024, 5 mars). La reconnaissance faciale au lycée [Épisode de podcast audio]. Dans Libertés numériques. ${url}`,
    );
    expect(apa.markdown).toBe(
      `Libertés numériques. (2024, 5 mars). La reconnaissance faciale au lycée [Épisode de podcast audio]. Dans *Libertés numériques*. ${url}`,
    );
    expect(apa.inText).toBe('(Libertés numériques, 2024, 0:41–1:27)');
  });

  it('APA 7: the first of the month is “1er”, and an undated episode is “s. d.”', () => {
    const first = formatCitation({ ...source, episode: { ...episode, date: '2024-10-01' } }, 'apa', 'fr');
    expect(first.text).toContain('(2024, 1er octobre)');
    const undated = formatCitation({ ...source, episode: { ...episode, date: null } }, 'apa', 'fr');
    expect(undated.text).toContain('Libertés numériques. (s. d.). La reconnaissance');
    expect(undated.inText).toBe('(Libertés numériques, s. d., 0:41–1:27)');
  });

  it('MLA 9: title in guillemets, the month in French (before: “5 Mar. 2024”)', () => {
    const mla = formatCitation(source, 'mla', 'fr');
    expect(mla.text).toBe(
      '«\u00a0La reconnaissance faciale au lycée\u00a0». Libertés numériques, 5 mars 2024, libertes.example.org/episodes/reconnaissance-faciale.',
    );
    expect(mla.markdown).toBe(
      '«\u00a0La reconnaissance faciale au lycée\u00a0». *Libertés numériques*, 5 mars 2024, libertes.example.org/episodes/reconnaissance-faciale.',
    );
    expect(mla.inText).toBe('(«\u00a0La reconnaissance faciale au lycée\u00a0» 00:00:41–00:01:27)');
    const question = formatCitation(
      { ...source, episode: { ...episode, title: 'Qui surveille ?', date: '2024-09-30' } },
      'mla',
      'fr',
    );
    expect(
      question.text.startsWith('«\u00a0Qui surveille ?\u00a0» Libertés numériques, 30 septembre 2024, '),
    ).toBe(true);
  });

  it('Chicago 17: bibliography entry and note in French (before: “Podcast audio, March 5, 2024”)', () => {
    const chicago = formatCitation(source, 'chicago', 'fr');
    expect(chicago.text).toBe(
      `«\u00a0La reconnaissance faciale au lycée\u00a0». Libertés numériques. Podcast audio, 5 mars 2024. ${url}.`,
    );
    expect(chicago.inText).toBe(
      `«\u00a0La reconnaissance faciale au lycée\u00a0», Libertés numériques, podcast audio, 5 mars 2024, 0:41–1:27, ${url}.`,
    );
  });

  it('BibTeX and CSL-JSON: the genre and the clip’s note in French (before: “Clip 0:41–1:27”)', () => {
    const bibtex = formatCitation(source, 'bibtex', 'fr').text;
    expect(bibtex).toContain('  howpublished = {Épisode de podcast audio, \\emph{Libertés numériques}},\n');
    expect(bibtex).toContain('  note = {Extrait 0:41--1:27},\n');
    const [item] = JSON.parse(formatCitation(source, 'csl', 'fr').text) as { genre: string; note: string }[];
    expect(item).toMatchObject({ genre: 'Épisode de podcast audio', note: 'Extrait 0:41–1:27' });
  });

  it('a video episode is a video podcast', () => {
    const video = { ...source, episode: { ...episode, mediaType: 'video/mp4' } };
    expect(formatCitation(video, 'apa', 'fr').text).toContain('[Épisode de podcast vidéo]');
    expect(formatCitation(video, 'chicago', 'fr').inText).toContain('podcast vidéo, 5 mars 2024');
  });
});
