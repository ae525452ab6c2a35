import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/errors.ts';
import {
  buildSearchFilter,
  inFilter,
  isoDateToDay,
  joinFilter,
  olderRevisionsFilter,
  quoteFilterValue,
} from '../../../server/search/meilisearch/meili-filter.ts';

/**
 * Reads one double-quoted value the way Meilisearch's filter parser does
 * (crates/filter-parser/src/value.rs): scan to the first quote not escaped by `\`, then
 * unescape `\"`, then unescape backslash sequences (`\\` → `\`). Returns the value and
 * what follows it, so a test sees whether anything leaked out of the quotes.
 */
function readQuotedLikeMeilisearch(input: string): { value: string; rest: string } {
  expect(input[0]).toBe('"');
  let i = 1;
  let escapedQuote = false;
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"') break;
    if (ch === '\\') {
      if (input[i + 1] === '"') escapedQuote = true;
      i += 2;
      continue;
    }
    i++;
  }
  expect(input[i]).toBe('"');
  let raw = input.slice(1, i);
  if (escapedQuote) raw = raw.split('\\"').join('"');
  const value = raw.replace(/\\(.)/g, (_m, c: string) => (c === '\\' ? '\\' : c === '"' ? '"' : `\\${c}`));
  return { value, rest: input.slice(i + 1) };
}

describe('quoting filter values', () => {
  const hostile = [
    'Marc',
    'Inès Dupont',
    'x" OR showId != "y',
    'a\\" OR 1 = 1',
    'trailing backslash \\',
    '\\\\"double',
    "l'invitée",
    'showId = x) OR (showId EXISTS',
    'AND',
    'OR',
    '',
  ];

  it.each(hostile)('keeps %j a single value with nothing after it', (value) => {
    const quoted = quoteFilterValue(value);
    const { value: read, rest } = readQuotedLikeMeilisearch(quoted);
    expect(read).toBe(value);
    expect(rest).toBe('');
  });

  it('keeps a hostile speaker inside one condition of the filter', () => {
    const [condition] = buildSearchFilter({ speakers: ['x" OR showId != "y'] });
    expect(condition?.startsWith('speakers = "')).toBe(true);
    const { value, rest } = readQuotedLikeMeilisearch(condition!.slice('speakers = '.length));
    expect(value).toBe('x" OR showId != "y');
    expect(rest).toBe('');
  });

  it('replaces control characters, which no id or name contains', () => {
    expect(quoteFilterValue('a\nb\u0000c')).toBe('"a b c"');
  });
});

describe('building search filters', () => {
  it('returns no condition when nothing is filtered', () => {
    expect(buildSearchFilter({})).toEqual([]);
  });

  it('turns each filter into its own condition, values quoted', () => {
    const conditions = buildSearchFilter({
      showIds: ['libertes-numeriques'],
      episodeIds: ['a', 'b'],
      speakers: ['Inès'],
      languages: ['fr', 'nl'],
    });
    expect(conditions).toEqual([
      'showId = "libertes-numeriques"',
      'episodeId IN ["a", "b"]',
      'speakers = "Inès"',
      'language IN ["fr", "nl"]',
    ]);
  });

  it('lists a speaker with each apostrophe the name may be stored with', () => {
    const [condition] = buildSearchFilter({ speakers: ["Noël N'Diaye"] });
    expect(condition).toContain('"Noël N’Diaye"');
    expect(condition).toContain('"Noël N\'Diaye"');
    expect(condition).toContain('"Noël NʼDiaye"');
    expect(buildSearchFilter({ speakers: ['Inès'] })).toEqual(['speakers = "Inès"']);
  });

  it('deduplicates repeated values', () => {
    expect(inFilter('showId', ['a', 'a'])).toBe('showId = "a"');
  });

  it('filters a date range on the numeric day field, both ends inclusive', () => {
    expect(buildSearchFilter({ dateFrom: '2023-11-02', dateTo: '2024-03-12' })).toEqual([
      'dateDay >= 20231102',
      'dateDay <= 20240312',
    ]);
    expect(buildSearchFilter({ dateTo: '2024-02-29' })).toEqual(['dateDay <= 20240229']);
  });

  it('rejects dates that are not YYYY-MM-DD or not on the calendar, naming the field', () => {
    expect(() => buildSearchFilter({ dateFrom: '2024-3-1' })).toThrow(ValidationError);
    expect(() => buildSearchFilter({ dateFrom: '2024-3-1' })).toThrow(/dateFrom/);
    expect(() => buildSearchFilter({ dateTo: '2023-02-29' })).toThrow(/dateTo is not a real calendar date/);
    expect(() => buildSearchFilter({ dateFrom: '2024-01-01" OR "1' })).toThrow(ValidationError);
  });

  it('rejects a range whose start is after its end', () => {
    expect(() => buildSearchFilter({ dateFrom: '2024-05-01', dateTo: '2024-01-01' })).toThrow(/after/);
  });

  it('converts ISO dates to comparable day numbers', () => {
    expect(isoDateToDay('1999-12-31')).toBeLessThan(isoDateToDay('2000-01-01'));
  });

  it('joins conditions for delete-by-filter with each one parenthesised', () => {
    expect(joinFilter(['episodeId = "a"', 'revision != "r"'])).toBe(
      '(episodeId = "a") AND (revision != "r")',
    );
  });

  it('selects the old revisions of several episodes at once, and never the current ones', () => {
    expect(olderRevisionsFilter([{ id: 'a', revision: 'r1' }])).toBe(
      '(episodeId = "a") AND (revision != "r1")',
    );
    expect(
      olderRevisionsFilter([
        { id: 'a', revision: 'r1' },
        { id: 'b"x', revision: 'r2' },
      ]),
    ).toBe('((episodeId = "a") AND (revision != "r1")) OR ((episodeId = "b\\"x") AND (revision != "r2"))');
  });
});
