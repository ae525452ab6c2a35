// The search page's state lives in the URL (shareable, back-button friendly); these
// functions are the only place that reads or writes it.
import type { SearchSort } from '../../../shared/api/index.ts';

export interface SearchParams {
  q: string;
  shows: string[];
  speakers: string[];
  languages: string[];
  /** Inclusive, YYYY or YYYY-MM or YYYY-MM-DD as the API accepts. */
  from: string;
  to: string;
  sort: SearchSort;
}

export const EMPTY_PARAMS: SearchParams = {
  q: '',
  shows: [],
  speakers: [],
  languages: [],
  from: '',
  to: '',
  sort: 'relevance',
};

const SORTS: readonly SearchSort[] = ['relevance', 'newest', 'oldest'];

export function readSearchParams(search: string): SearchParams {
  const url = new URLSearchParams(search);
  const sort = url.get('sort') as SearchSort | null;
  return {
    q: url.get('q') ?? '',
    shows: url.getAll('show'),
    speakers: url.getAll('speaker'),
    languages: url.getAll('lang'),
    from: url.get('from') ?? '',
    to: url.get('to') ?? '',
    sort: sort && SORTS.includes(sort) ? sort : 'relevance',
  };
}

/** `/search?q=…` for these params (`/` when there is nothing to search). */
export function searchUrl(params: SearchParams): string {
  const url = new URLSearchParams();
  if (params.q) url.set('q', params.q);
  for (const show of params.shows) url.append('show', show);
  for (const speaker of params.speakers) url.append('speaker', speaker);
  for (const language of params.languages) url.append('lang', language);
  if (params.from) url.set('from', params.from);
  if (params.to) url.set('to', params.to);
  if (params.sort !== 'relevance') url.set('sort', params.sort);
  const query = url.toString();
  return query ? `/search?${query}` : '/';
}

export function hasFilters(params: SearchParams): boolean {
  return activeFilterCount(params) > 0;
}

/** Filters narrowing the results: each show, speaker and language ticked, and a date range. */
export function activeFilterCount(params: SearchParams): number {
  return (
    params.shows.length +
    params.speakers.length +
    params.languages.length +
    (params.from !== '' || params.to !== '' ? 1 : 0)
  );
}

/** Where a hit plays: the episode page at the hit's start (no pre-roll), carrying the query. */
export function hitUrl(episodeId: string, start: number, q: string): string {
  const url = new URLSearchParams({ t: String(Math.round(start * 1000) / 1000) });
  if (q) url.set('q', q);
  return `/episodes/${encodeURIComponent(episodeId)}?${url.toString()}`;
}

export function episodeUrl(episodeId: string, q: string): string {
  const base = `/episodes/${encodeURIComponent(episodeId)}`;
  return q ? `${base}?${new URLSearchParams({ q }).toString()}` : base;
}

/**
 * A date bound as a date picker shows it: `YYYY` or `YYYY-MM` (as links and the API take
 * them) widened to the day they stand for, the first for `from`, the last for `to`, so an
 * active year or month filter is visible. '' when the value is not a date.
 */
export function dateBoundForPicker(value: string, bound: 'from' | 'to'): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return '';
  const [, year, month, day] = match;
  if (day !== undefined) return value;
  if (month === undefined) return bound === 'from' ? `${year}-01-01` : `${year}-12-31`;
  if (bound === 'from') return `${year}-${month}-01`;
  const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return `${year}-${month}-${String(last).padStart(2, '0')}`;
}
