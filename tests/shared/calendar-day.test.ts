import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../server/model/calendar-day.ts';
import { isoDateToDay } from '../../server/search/meilisearch/meili-filter.ts';
import { EpisodeMetadataSchema } from '../../server/ingest/sidecar-metadata.ts';

describe('calendar days', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2024-02-30', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-1-01', false],
  ])('%s is a real day: %s', (iso, real) => {
    expect(isCalendarDate(iso)).toBe(real);
    // The sidecar files and the Meilisearch filter say the same.
    expect(EpisodeMetadataSchema.safeParse({ date: iso }).success).toBe(real);
    if (real) expect(isoDateToDay(iso)).toBe(Number(iso.replaceAll('-', '')));
    else expect(() => isoDateToDay(iso)).toThrow(/date/);
  });

  it('keeps the day of a timestamp with a time zone', () => {
    expect(EpisodeMetadataSchema.parse({ date: '2024-02-29T23:30:00+02:00' }).date).toBe('2024-02-29');
    expect(EpisodeMetadataSchema.safeParse({ date: '2023-02-29T10:00:00Z' }).success).toBe(false);
  });
});
