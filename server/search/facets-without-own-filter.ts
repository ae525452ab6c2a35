// Facet counts that keep listing the other values of a filtered field. A listener who
// ticks one show wants to tick a second from the same list: counting the show facet under
// its own filter would list the ticked show alone. So each facet is counted with every
// filter except its own (the way faceted search engines count), and a ticked value's
// neighbours keep their counts: what ticking them too would add.
//
// Each filtered field costs one more search, run beside the main one (on another search
// thread when there is one). That search is the listener's own search before the tick, so
// the result cache usually answers it.
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

/**
 * The request whose facets stand for `field`'s: the same search without that field's
 * filter, on its first page, so that it is the search the listener made before filtering
 * (the same limit, sort and grouping) and the result cache can answer it.
 */
function requestWithout(request: SearchRequest, field: FacetField): SearchRequest {
  return { ...request, filters: field.without(request.filters), offset: 0 };
}

export interface FacetsWithoutOwnFilterBackend<B extends SearchBackend> extends SearchBackend {
  /** The backend behind (the result cache, in embedded mode). */
  readonly inner: B;
}

export function withFacetsWithoutOwnFilter<B extends SearchBackend>(
  backend: B,
): FacetsWithoutOwnFilterBackend<B> {
  const search = async (request: SearchRequest): Promise<SearchResponse> => {
    const fields = FACET_FIELDS.filter((field) => field.filtered(request.filters));
    if (fields.length === 0) return backend.search(request);
    const started = performance.now();
    const [main, ...others] = await Promise.all([
      backend.search(request),
      ...fields.map((field) => backend.search(requestWithout(request, field))),
    ]);
    const facets: FacetCounts = { ...main.facets };
    let facetsEstimated = main.facetsEstimated === true;
    fields.forEach((field, i) => {
      const other = others[i]!;
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
