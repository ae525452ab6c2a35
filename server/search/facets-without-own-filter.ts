// Facet counts that keep listing the other values of a filtered field. A listener who
// ticks one show wants to tick a second from the same list: counting the show facet under
// its own filter would list the ticked show alone. So each facet is counted with every
// filter except its own (the way faceted search engines count), and a ticked value's
// neighbours keep their counts: what ticking them too would add.
//
// Each filtered field costs one more search, run beside the main one (on another search
// thread when there is one): none when the result cache remembers the listener's search
// before the tick, else a facets-only one, which skips ranking a page.
import type {
  FacetCounts,
  SearchBackend,
  SearchFilters,
  SearchRequest,
  SearchResponse,
} from './search-types.ts';

interface FacetField {
  facet: keyof FacetCounts;
  filtered(filters: SearchFilters): boolean;
  /** The filters without this field's own. */
  without(filters: SearchFilters): SearchFilters;
}

const hasValues = (values: readonly string[] | undefined) => values !== undefined && values.length > 0;

const FACET_FIELDS: readonly FacetField[] = [
  {
    facet: 'show',
    filtered: (f) => hasValues(f.showIds),
    without: ({ showIds: _, ...rest }) => rest,
  },
  {
    facet: 'speaker',
    filtered: (f) => hasValues(f.speakers),
    without: ({ speakers: _, ...rest }) => rest,
  },
  {
    facet: 'language',
    filtered: (f) => hasValues(f.languages),
    without: ({ languages: _, ...rest }) => rest,
  },
  {
    // Years are counted from the dates: a year picked (or any date range) leaves the others listed.
    facet: 'year',
    filtered: (f) => f.dateFrom !== undefined || f.dateTo !== undefined,
    without: ({ dateFrom: _, dateTo: __, ...rest }) => rest,
  },
];

/** A backend that may tell a remembered answer without searching (the result cache). */
type MaybeRemembering = SearchBackend & { peek?(request: SearchRequest): SearchResponse | undefined };

export interface FacetsWithoutOwnFilterBackend<B extends SearchBackend> extends SearchBackend {
  /** The backend behind (the result cache, in embedded mode). */
  readonly inner: B;
}

export function withFacetsWithoutOwnFilter<B extends MaybeRemembering>(
  backend: B,
): FacetsWithoutOwnFilterBackend<B> {
  /**
   * The facets for `field`: those of the search without that field's filter. It is the
   * listener's own search before the tick (its first page), given for free when remembered;
   * else a facets-only search of it, lighter than the full one (no page to rank), and
   * shared by every sort and grouping.
   */
  const facetsWithout = (request: SearchRequest, field: FacetField): Promise<SearchResponse> => {
    const before: SearchRequest = { ...request, filters: field.without(request.filters), offset: 0 };
    const remembered = backend.peek?.(before);
    if (remembered) return Promise.resolve(remembered);
    // The page size stays: facets estimated from a page's moments (see the backend) count it.
    return backend.search({ ...before, sort: 'relevance', group: 'none', facetsOnly: true });
  };
  const search = async (request: SearchRequest): Promise<SearchResponse> => {
    const fields = FACET_FIELDS.filter((field) => field.filtered(request.filters));
    if (fields.length === 0) return backend.search(request);
    const started = performance.now();
    const [main, ...others] = await Promise.all([
      backend.search(request),
      ...fields.map((field) => facetsWithout(request, field)),
    ]);
    const facets: FacetCounts = { ...main.facets };
    let facetsEstimated = main.facetsEstimated === true;
    fields.forEach((field, i) => {
      const other = others[i]!;
      // A partial answer (nothing here has every word) keeps the counts of what it shows: the
      // other values' complete matches are not what ticking them would add to it.
      if (other.partial !== main.partial) return;
      facets[field.facet] = other.facets[field.facet];
      if (other.facetsEstimated) facetsEstimated = true;
    });
    const cached = main.cached === true && others.every((o) => o.cached === true);
    const { cached: _, ...answer } = main;
    return {
      ...answer,
      facets,
      ...(facetsEstimated ? { facetsEstimated: true } : {}),
      // Remembered answers keep tookMs 0 (and so identical bytes) as the cache gives them.
      tookMs: cached ? 0 : performance.now() - started,
      ...(cached ? { cached: true } : {}),
    };
  };
  return {
    name: backend.name,
    inner: backend,
    search,
    health: () => backend.health(),
    ...(backend.answerTag ? { answerTag: backend.answerTag.bind(backend) } : {}),
  };
}
