// Filter expressions for Meilisearch built from SearchFilters. Values are always quoted
// and escaped (`\` → `\\`, `"` → `\"`), so a speaker called `x" OR showId != "y` stays a
// value and can never become syntax. Conditions are returned as an array (Meilisearch
// ANDs the elements), which keeps every condition self-contained.
import { ValidationError } from '../../errors.ts';
import { isCalendarDay } from '../../model/calendar-day.ts';
import type { SearchFilters } from '../search-types.ts';
import { apostropheSpellings } from '../text-fold.ts';

/** Quotes a string for a Meilisearch filter expression. */
export function quoteFilterValue(value: string): string {
  // Control characters have no business in ids or names and confuse the unescaper.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `field IN ["a", "b"]`, or `field = "a"` for one value. */
export function inFilter(field: FilterField, values: readonly string[]): string {
  const unique = [...new Set(values)];
  if (unique.length === 1) return `${field} = ${quoteFilterValue(unique[0] ?? '')}`;
  return `${field} IN [${unique.map(quoteFilterValue).join(', ')}]`;
}

/** Attribute names are ours, never the caller's: only these can appear in a filter. */
export type FilterField =
  | 'showId'
  | 'episodeId'
  | 'speakers'
  | 'language'
  | 'dateDay'
  | 'year'
  | 'revision'
  | 'id'
  | 'source'
  | 'fromId'
  | 'toId';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO date (YYYY-MM-DD) as the integer YYYYMMDD stored in `dateDay`: comparable as a
 * number, readable in the index, and independent of time zones.
 */
export function isoDateToDay(iso: string, field = 'date'): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new ValidationError(`${field} must be an ISO date YYYY-MM-DD, got "${iso}"`, { field });
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDay(year, month, day)) {
    throw new ValidationError(`${field} is not a real calendar date: "${iso}"`, { field });
  }
  return year * 10_000 + month * 100 + day;
}

/** The conditions for a search's filters; an empty array means "no filter". */
export function buildSearchFilter(filters: SearchFilters): string[] {
  const conditions: string[] = [];
  const lists: [FilterField, string[] | undefined][] = [
    ['showId', filters.showIds],
    ['episodeId', filters.episodeIds],
    // Each apostrophe the name may have been stored with: `N'Diaye` typed, `N’Diaye` said.
    ['speakers', filters.speakers?.flatMap(apostropheSpellings)],
    ['language', filters.languages],
  ];
  for (const [field, values] of lists) {
    if (values === undefined) continue;
    // An explicitly empty list selects nothing, as a SQL `IN ()` would.
    if (values.length === 0) {
      conditions.push(`${field} IN []`);
      continue;
    }
    conditions.push(inFilter(field, values));
  }
  const from = filters.dateFrom === undefined ? undefined : isoDateToDay(filters.dateFrom, 'dateFrom');
  const to = filters.dateTo === undefined ? undefined : isoDateToDay(filters.dateTo, 'dateTo');
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError(`dateFrom (${filters.dateFrom}) is after dateTo (${filters.dateTo})`, {
      field: 'dateFrom',
    });
  }
  if (from !== undefined) conditions.push(`dateDay >= ${from}`);
  if (to !== undefined) conditions.push(`dateDay <= ${to}`);
  return conditions;
}

/** Joins conditions into one expression (for APIs that take a string, e.g. delete by filter). */
export function joinFilter(conditions: readonly string[]): string {
  return conditions.map((c) => `(${c})`).join(' AND ');
}

/** Documents of these episodes that belong to any revision but the current one. */
export function olderRevisionsFilter(episodes: readonly { id: string; revision: string }[]): string {
  const each = episodes.map((e) =>
    joinFilter([`episodeId = ${quoteFilterValue(e.id)}`, `revision != ${quoteFilterValue(e.revision)}`]),
  );
  return each.length === 1 ? (each[0] ?? '') : each.map((c) => `(${c})`).join(' OR ');
}
