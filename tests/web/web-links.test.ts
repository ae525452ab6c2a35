import { describe, expect, it } from 'vitest';
import {
  formatTimeRange,
  parseMediaFragment,
  parseTimecode,
  formatTimecode,
} from '../../web/src/shared/time/index.ts';
import { formatTimeRange as apiTimeRange } from '../../server/clips/format-timecode.ts';
import { fitEpisodeStart, readEpisodeStart } from '../../web/src/features/episode/lib/episode-start.ts';
import { findActiveCueIndex } from '../../web/src/features/transcript/index.ts';
import { hitUrl, readSearchParams, searchUrl } from '../../web/src/features/search/index.ts';
import { chaptersToVtt } from '../../web/src/features/player/lib/chapters-vtt.ts';
import { detectLocale, createTranslate } from '../../web/src/shared/i18n/index.ts';

describe('deep links', () => {
  it('reads ?t= as seconds or clock time, and refuses what it cannot read', () => {
    expect(parseTimecode('83.5')).toBe(83.5);
    expect(parseTimecode('1:23')).toBe(83);
    expect(parseTimecode('1:02:03.5')).toBe(3723.5);
    expect(parseTimecode('1m23s')).toBe(83);
    expect(parseTimecode('abc')).toBeNull();
    expect(parseTimecode('')).toBeNull();
  });

  it('reads the media fragment #t=start[,end]', () => {
    expect(parseMediaFragment('#t=41.2,87')).toEqual({ start: 41.2, end: 87 });
    expect(parseMediaFragment('#t=90')).toEqual({ start: 90, end: null });
    expect(parseMediaFragment('#t=npt:0:41,1:27')).toEqual({ start: 41, end: 87 });
    expect(parseMediaFragment('#t=50,40')).toBeNull();
    expect(parseMediaFragment('#chapitre-2')).toBeNull();
  });

  it('starts an empty range #t=30,30 at 30 instead of dropping it', () => {
    expect(parseMediaFragment('#t=30,30')).toEqual({ start: 30, end: null });
    expect(readEpisodeStart('', '#t=30,30', null)).toMatchObject({
      startAt: 30,
      range: null,
      autoPlay: true,
    });
  });

  it('fits a link to the episode: a time past the end starts near it, a range ends at the end', () => {
    // A 1:34 episode.
    const duration = 94.6;
    const late = fitEpisodeStart(readEpisodeStart('?t=9999', '', null), duration);
    expect(late.startAt).toBeGreaterThan(duration - 10);
    expect(late.startAt).toBeLessThan(duration);
    expect(late.pastEnd).toBe(9999);
    const long = fitEpisodeStart(readEpisodeStart('', '#t=90,200', null), duration);
    expect(long.range).toEqual({ start: 90, end: duration });
    expect(long.pastEnd).toBeNull();
    const inside = readEpisodeStart('?t=30', '', null);
    expect(fitEpisodeStart(inside, duration)).toEqual(inside);
  });

  it('writes a clip’s range as the API does (start rounded down, end up)', () => {
    for (const [start, end] of [
      [9.5, 14.014],
      [41.2, 86.4],
      [12, 19],
      [3599.2, 3725.001],
    ] as const) {
      expect(formatTimeRange(start, end), `${start}–${end}`).toBe(apiTimeRange(start, end));
    }
    expect(formatTimeRange(9.5, 14.014)).toBe('0:09–0:15');
  });

  it('formats timecodes the way the transcript shows them', () => {
    expect(formatTimecode(0)).toBe('0:00');
    expect(formatTimecode(83.9)).toBe('1:23');
    expect(formatTimecode(3723)).toBe('1:02:03');
  });

  it('keeps the search in the URL and sends hits to the exact second', () => {
    const url = searchUrl({
      q: 'reconnaissance faciale',
      shows: ['ecoute-citoyenne'],
      speakers: ['Claire Vasseur'],
      languages: [],
      from: '2021',
      to: '2021',
      sort: 'newest',
    });
    expect(readSearchParams(url.slice(url.indexOf('?')))).toEqual({
      q: 'reconnaissance faciale',
      shows: ['ecoute-citoyenne'],
      speakers: ['Claire Vasseur'],
      languages: [],
      from: '2021',
      to: '2021',
      sort: 'newest',
    });
    expect(hitUrl('show--épisode 1', 41.2004, 'portiques')).toBe(
      '/episodes/show--%C3%A9pisode%201?t=41.2&q=portiques',
    );
  });
});

describe('the cue being spoken', () => {
  const cues = [
    { start: 0, end: 2 },
    { start: 2.5, end: 5 },
    { start: 4.8, end: 7 }, // crosstalk: overlaps the previous cue
  ];
  it('is the last cue started, tolerating a seek landing just before a cue start', () => {
    expect(findActiveCueIndex(cues, 0)).toBe(0);
    expect(findActiveCueIndex(cues, 2.2)).toBe(0);
    expect(findActiveCueIndex(cues, 2.47)).toBe(1);
    expect(findActiveCueIndex(cues, 4.9)).toBe(2);
    expect(findActiveCueIndex([], 3)).toBe(-1);
  });
});

describe('chapters track', () => {
  it('is valid WebVTT whose titles cannot break the cue format', () => {
    const vtt = chaptersToVtt([
      { start: 0, end: 21, title: 'Introduction' },
      { start: 21, end: 3723.5, title: 'Portiques --> et\nconsentement' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:21.000\nIntroduction\n\n2\n00:00:21.000 --> 01:02:03.500\nPortiques → et consentement\n',
    );
  });
});

describe('interface language', () => {
  it('follows the saved choice, then the browser, else English', () => {
    expect(detectLocale('en', ['fr-FR'])).toBe('en');
    expect(detectLocale(null, ['fr-CA', 'en'])).toBe('fr');
    expect(detectLocale('de', ['de-DE'])).toBe('en');
  });

  it('fills placeholders in French', () => {
    expect(createTranslate('fr')('search.results', { count: 3, episodes: 2 })).toBe(
      '3 passages dans 2 épisodes',
    );
  });
});
