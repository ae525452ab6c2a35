// The search contract shared by every backend. Backends find passages and report match
// offsets; the shared resolver (resolve-hit.ts) turns offsets into times and snippets,
// so both backends give the same hits for the same archive.

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchFilters {
  showIds?: string[];
  episodeIds?: string[];
  speakers?: string[];
  languages?: string[];
  /** Inclusive ISO dates (YYYY-MM-DD). */
  dateFrom?: string;
  dateTo?: string;
}

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** 'episode' returns one group per episode with every matching moment. */
  group: 'none' | 'episode';
  limit: number;
  offset: number;
  /**
   * Only `facets` are wanted (the facet counts of another search, see
   * facets-without-own-filter.ts): a backend may skip ranking the page. The facets are the
   * ones the same search gives in full.
   */
  facetsOnly?: boolean;
}

/** Character range [start, end) inside the string it accompanies. */
export interface TextRange {
  start: number;
  end: number;
}

export interface HitEpisode {
  id: string;
  title: string;
  showId: string;
  showTitle: string;
  date: string | null;
  source: string;
  media: string | null;
}

export interface SearchHit {
  episode: HitEpisode;
  /** Seconds: where the first matched word is spoken (word time when known, else cue start). */
  start: number;
  /** Seconds: where the last matched word ends. */
  end: number;
  speaker: string | null;
  /** Text cropped around the match; never HTML. */
  snippet: string;
  /** Matched ranges inside `snippet`. */
  highlights: TextRange[];
  /** Transcript text just before and after the snippet. */
  before: string;
  after: string;
  /** How many distinct query words this hit matched (for partial answers). */
  matchedWords: number;
  /**
   * The words (and quoted phrases) typed that this moment does not say, as typed and in the
   * order typed: a partial answer, or a pasted quote found with a word misremembered.
   * Absent when it says them all.
   */
  missingWords?: string[];
  score: number;
}

export interface EpisodeGroup {
  episode: HitEpisode;
  /** Number of matching moments in this episode. */
  count: number;
  /** Every matching moment of the episode, in time order. */
  moments: SearchHit[];
  score: number;
}

/** Matching moments by facet value (estimated with the total when the set is large). */
export interface FacetCounts {
  show: Record<string, number>;
  /** By the speaker who says the moment (not everyone who speaks in its passage). */
  speaker: Record<string, number>;
  language: Record<string, number>;
  year: Record<string, number>;
}

/** A query of more than 12 words searches its first words (they hold where the quote starts). */
export interface ShortenedQuery {
  /** The first words, as typed: what was searched. */
  searched: string;
  /** Words typed in all. */
  words: number;
}

export interface SearchResponse {
  query: string;
  /** Total moments (group=none) or episodes (group=episode) matching. */
  total: number;
  /** True when nothing matched every word and these are the best partial matches. */
  partial: boolean;
  /** Only when the query had more words than a search takes (a pasted quote): what was searched. */
  shortened?: ShortenedQuery;
  /**
   * True when the match set was too large to resolve every moment: `total` and facet
   * counts are then extrapolated (at least what was seen). Absent or false: exact.
   */
  estimated?: boolean;
  /**
   * True when the facet counts were extrapolated from a sample of the match set (always
   * with `estimated`; also for a grouped answer whose episode count is exact).
   */
  facetsEstimated?: boolean;
  /** Time the search took; 0 when the answer came from the result cache (see `cached`). */
  tookMs: number;
  /** True when the answer was remembered from an identical earlier search of the same index. */
  cached?: boolean;
  hits: SearchHit[];
  /** Present when group=episode. */
  groups?: EpisodeGroup[];
  facets: FacetCounts;
}

export interface BackendHealth {
  ok: boolean;
  backend: string;
  reason?: string;
}

export interface SearchBackend {
  readonly name: 'sqlite' | 'meilisearch';
  search(request: SearchRequest): Promise<SearchResponse>;
  health(): Promise<BackendHealth>;
  /**
   * A validator of the answer to `request` as it would be given now: equal tags, equal
   * answers (the HTTP layer sends it as an ETag). Absent or null: answers are not tagged.
   */
  answerTag?(request: SearchRequest): string | null;
}
