import { useId, useState } from 'react';
import type { FacetCounts } from '../../../shared/api/index.ts';
import { formatCount, useI18n, type Translate } from '../../../shared/i18n/index.ts';
import { NARROW_SCREEN_QUERY, useMediaQuery } from '../../../shared/layout/index.ts';
import { useShowTitles } from '../hooks/use-search-shows.ts';
import {
  activeFilterCount,
  dateBoundForPicker,
  EMPTY_PARAMS,
  hasFilters,
  type SearchParams,
} from '../lib/search-params.ts';
import { ShowAllButton } from './show-all-button.tsx';

interface FacetFiltersProps {
  params: SearchParams;
  facets: FacetCounts | undefined;
  /** The counts were estimated from a sample (a very common word): shown as such. */
  estimated?: boolean;
  onChange: (next: SearchParams) => void;
}

type ListKey = 'shows' | 'speakers' | 'languages';

function toggle(values: readonly string[], value: string): string[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function FacetFilters({ params, facets, estimated = false, onChange }: FacetFiltersProps) {
  const { t, locale } = useI18n();
  const showTitles = useShowTitles();
  const headingId = useId();
  const bodyId = useId();
  // On a phone the filters sit above the results: folded, so the results come first.
  const narrow = useMediaQuery(NARROW_SCREEN_QUERY);
  const [unfolded, setUnfolded] = useState(false);
  const active = activeFilterCount(params);
  const year = params.from.length === 4 && params.from === params.to ? params.from : '';
  const setList = (key: ListKey, value: string) => onChange({ ...params, [key]: toggle(params[key], value) });

  return (
    <aside className="facets" aria-labelledby={headingId}>
      <h2 id={headingId} className="facets-title">
        {narrow ? (
          <button
            type="button"
            className="facets-toggle"
            aria-expanded={unfolded}
            aria-controls={bodyId}
            onClick={() => setUnfolded((open) => !open)}
          >
            {active > 0 ? t('facets.titleActive', { count: active }) : t('facets.title')}{' '}
            <span className="facets-chevron" aria-hidden="true">
              ▾
            </span>
          </button>
        ) : (
          t('facets.title')
        )}
      </h2>
      <div id={bodyId} className="facets-body" hidden={narrow && !unfolded}>
        <label className="facet-field">
          <span>{t('facets.sort')}</span>
          <select
            value={params.sort}
            onChange={(event) => onChange({ ...params, sort: event.target.value as SearchParams['sort'] })}
          >
            <option value="relevance">{t('sort.relevance')}</option>
            <option value="newest">{t('sort.newest')}</option>
            <option value="oldest">{t('sort.oldest')}</option>
          </select>
        </label>
        <FacetGroup
          legend={t('facets.show')}
          counts={facets?.show}
          selected={params.shows}
          estimated={estimated}
          label={(id) => showTitles.get(id) ?? id}
          onToggle={(value) => setList('shows', value)}
        />
        <FacetGroup
          legend={t('facets.speaker')}
          counts={facets?.speaker}
          selected={params.speakers}
          estimated={estimated}
          label={(name) => name}
          onToggle={(value) => setList('speakers', value)}
        />
        <FacetGroup
          legend={t('facets.language')}
          counts={facets?.language}
          selected={params.languages}
          estimated={estimated}
          label={(code) => languageName(code, locale)}
          onToggle={(value) => setList('languages', value)}
        />
        <YearFacet
          t={t}
          counts={facets?.year}
          selected={year}
          estimated={estimated}
          onSelect={(value) => onChange({ ...params, from: value, to: value })}
        />
        <fieldset className="facet-group">
          <legend>{t('facets.dateRange')}</legend>
          <DateBoundInput
            label={t('facets.dateFrom')}
            value={dateBoundForPicker(params.from, 'from')}
            // The API refuses a range that ends before it starts: the picker does not offer one.
            max={dateBoundForPicker(params.to, 'to')}
            onCommit={(from) => onChange({ ...params, from })}
          />
          <DateBoundInput
            label={t('facets.dateTo')}
            value={dateBoundForPicker(params.to, 'to')}
            min={dateBoundForPicker(params.from, 'from')}
            onCommit={(to) => onChange({ ...params, to })}
          />
        </fieldset>
        {hasFilters(params) && (
          <button
            type="button"
            className="secondary-button"
            onClick={() => onChange({ ...EMPTY_PARAMS, q: params.q, sort: params.sort })}
          >
            {t('facets.clear')}
          </button>
        )}
      </div>
    </aside>
  );
}

/** A whole date: the picker's year is typed digit by digit, through 0002, 0020 and 0202. */
const WHOLE_DATE = /^[1-9]\d{3}-\d{2}-\d{2}$/;

interface DateBoundInputProps {
  label: string;
  /** The date searched (YYYY-MM-DD), or ''. */
  value: string;
  min?: string;
  max?: string;
  onCommit: (date: string) => void;
}

/**
 * A date picker that searches a date once it is whole, or cleared. While its year is typed
 * it holds what is typed: each digit searching would have made a search, a history entry
 * and, for an end date, a "range ends before it starts" refusal, at 0002, 0020 and 0202.
 */
function DateBoundInput({ label, value, min, max, onCommit }: DateBoundInputProps) {
  const [typed, setTyped] = useState(value);
  // A new date from elsewhere (Back, the year facet, Clear filters) replaces what was typed.
  const [searched, setSearched] = useState(value);
  if (value !== searched) {
    setSearched(value);
    setTyped(value);
  }
  return (
    <label className="facet-field">
      <span>{label}</span>
      <input
        type="date"
        value={typed}
        min={min || undefined}
        max={max || undefined}
        onChange={(event) => {
          const date = event.target.value;
          setTyped(date);
          if ((date === '' || WHOLE_DATE.test(date)) && date !== value) onCommit(date);
        }}
        // Left with a year half typed: it shows the date searched, not one that is not.
        onBlur={() => setTyped(value)}
      />
    </label>
  );
}

interface FacetGroupProps {
  legend: string;
  counts: Record<string, number> | undefined;
  selected: readonly string[];
  estimated?: boolean;
  label: (value: string) => string;
  onToggle: (value: string) => void;
}

/** Values a facet lists before "Show all": a long list pushes the date range out of sight. */
export const FACET_VALUES_SHOWN = 8;

export function FacetGroup({
  legend,
  counts,
  selected,
  estimated = false,
  label,
  onToggle,
}: FacetGroupProps) {
  const { t } = useI18n();
  const [showAll, setShowAll] = useState(false);
  // Selected values stay listed even when the current results no longer count them.
  const values = new Map<string, number>(Object.entries(counts ?? {}));
  for (const value of selected) if (!values.has(value)) values.set(value, 0);
  if (values.size === 0) return null;
  const entries = [...values].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Folding away a single value would save nothing.
  const foldable = entries.length > FACET_VALUES_SHOWN + 1;
  const listed =
    foldable && !showAll
      ? entries.filter(([value], i) => i < FACET_VALUES_SHOWN || selected.includes(value))
      : entries;
  return (
    <fieldset className="facet-group">
      <legend>{legend}</legend>
      {listed.map(([value, count]) => (
        <label key={value} className="facet-option">
          <input type="checkbox" checked={selected.includes(value)} onChange={() => onToggle(value)} />
          <span className="facet-label">{label(value)}</span>
          <FacetCount count={count} estimated={estimated} />
        </label>
      ))}
      {foldable && (
        <ShowAllButton
          expanded={showAll}
          onToggle={() => setShowAll(!showAll)}
          showAll={t('facets.showAll', { count: entries.length })}
          showFewer={t('facets.showFewer')}
        />
      )}
    </fieldset>
  );
}

interface YearFacetProps {
  t: Translate;
  counts: Record<string, number> | undefined;
  selected: string;
  estimated: boolean;
  onSelect: (year: string) => void;
}

function YearFacet({ t, counts, selected, estimated, onSelect }: YearFacetProps) {
  const name = useId();
  const years = Object.entries(counts ?? {}).sort((a, b) => b[0].localeCompare(a[0]));
  if (years.length === 0 && selected === '') return null;
  return (
    <fieldset className="facet-group">
      <legend>{t('facets.year')}</legend>
      {years.map(([year, count]) => (
        <label key={year} className="facet-option">
          <input
            type="checkbox"
            name={name}
            checked={selected === year}
            onChange={() => onSelect(selected === year ? '' : year)}
          />
          <span className="facet-label">{year}</span>
          <FacetCount count={count} estimated={estimated} />
        </label>
      ))}
    </fieldset>
  );
}

/** A facet value's count; an estimated one reads "≈ 1,200" and says why on hover. */
function FacetCount({ count, estimated }: { count: number; estimated: boolean }) {
  const { t, locale } = useI18n();
  if (!estimated) return <span className="facet-count">{formatCount(count, locale)}</span>;
  return (
    <span className="facet-count" title={t('facets.aboutCountHint')}>
      {t('facets.aboutCount', { count })}
    </span>
  );
}
