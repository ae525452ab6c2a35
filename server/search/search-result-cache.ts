// Answers repeated searches from memory. Listeners repeat each other (a quote doing the
// rounds, a shared link, the same prefixes typed as-you-search), and a search at a million
// cues costs ~7 ms of CPU where a cached answer costs microseconds.
//
// Correctness: every answer is stored with the index generation it was computed at, and a
// lookup first reads the current generation (one indexed SQLite row): any ingest, removal
// or reindex bumps it, so a stale answer is never served. Errors are never cached.
import { shortDigest } from '../shared/short-digest.ts';
import { BoundedLru } from '../shared/bounded-lru.ts';
import { parseQuery } from './query/parse-query.ts';
import type {
  BackendHealth,
  SearchBackend,
  SearchHit,
  SearchRequest,
  SearchResponse,
} from './search-types.ts';
import { retypedMissingWords } from './missing-words.ts';

export interface SearchResultCacheOptions {
  /** The index generation: changes whenever what a search can find changes. */
  generation: () => number;
  /** Most answers kept (default 2,000); 0 turns the cache off. */
  maxEntries?: number;
  /** Most bytes of answers kept, measured as JSON (default 64 MiB). */
  maxBytes?: number;
  /** The server version, part of each answer's tag (a new version may answer differently). */
  version?: string;
}

export interface SearchResultCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface CachedSearchBackend extends SearchBackend {
  stats(): SearchResultCacheStats;
  /** The remembered answer to `request`, when there is a current one; no search is run. */
  peek(request: SearchRequest): SearchResponse | undefined;
  /** The backend behind the cache. */
  readonly inner: SearchBackend;
}

interface Entry {
  generation: number;
  response: SearchResponse;
  /** The query as typed by the listener whose search it answered. */
  q: string;
}

/**
 * What a search looks for, as both backends read it: the parsed query. Listeners type the
 * same quote with or without capitals, accents, typographic apostrophes or extra spaces,
 * and those spellings parse alike, so they share one answer. A query that does not parse
 * is its own key (the backend gives the error; errors are never stored).
 */
function queryKey(q: string): unknown {
  try {
    const { terms, phrases, excluded, excludedPhrases, typedWords, typedPositions, shortened, joinedPairs } =
      parseQuery(q);
    // A long query's answer echoes what was searched of it, as typed: part of its key.
    return [
      terms,
      phrases,
      excluded,
      excludedPhrases ?? [],
      typedWords ?? [],
      typedPositions ?? [],
      shortened ?? null,
      // `e-mail` finds `email`, `e mail` does not.
      joinedPairs ?? [],
    ];
  } catch {
    return q;
  }
}

// The HTTP layer asks for an answer's tag, then for the answer, with the same request:
// its key (a query parse) is computed once. Requests are never changed once built.
const keysOfRequests = new WeakMap<SearchRequest, string>();

/** The request as a key: every field that changes the answer, in a fixed order. */
export function searchCacheKey(r: SearchRequest): string {
  let key = keysOfRequests.get(r);
  if (key === undefined) {
    key = requestKey(r);
    keysOfRequests.set(r, key);
  }
  return key;
}

function requestKey(r: SearchRequest): string {
  const f = r.filters;
  return JSON.stringify([
    queryKey(r.q),
    r.sort,
    r.group,
    r.limit,
    r.offset,
    f.showIds ?? null,
    f.episodeIds ?? null,
    f.speakers ?? null,
    f.languages ?? null,
    f.dateFrom ?? null,
    f.dateTo ?? null,
    r.facetsOnly === true,
  ]);
}

/**
 * The answer's validator: the index generation (every change to what a search can find bumps
 * it), the request as the cache keys it, and the text the listener typed (echoed in the
 * answer). Weak: `tookMs` and `cached` may differ between equal answers.
 */
export function searchAnswerTag(request: SearchRequest, generation: number, version: string): string {
  return `W/"${generation}-${shortDigest([version, request.q, searchCacheKey(request)])}"`;
}

/**
 * A remembered answer as given: a fixed tookMs keeps it byte-identical, so its compressed
 * form is reused too; `query` echoes what this listener typed.
 */
function remembered(entry: Entry, request: SearchRequest): SearchResponse {
  const response = { ...entry.response, query: request.q, tookMs: 0, cached: true };
  return request.q === entry.q ? response : withMissingWordsRetyped(response, entry.q, request.q);
}

/** Each moment's missing words (missingWords) as this listener typed them. */
function withMissingWordsRetyped(response: SearchResponse, from: string, to: string): SearchResponse {
  const some = (hits: SearchHit[]) => hits.some((h) => h.missingWords !== undefined);
  if (!some(response.hits) && !response.groups?.some((g) => some(g.moments))) return response;
  const retype = retypedMissingWords(parseQuery(from), parseQuery(to));
  const retyped = (hits: SearchHit[]) =>
    some(hits)
      ? hits.map((h) => (h.missingWords ? { ...h, missingWords: retype(h.missingWords) } : h))
      : hits;
  return {
    ...response,
    hits: retyped(response.hits),
    ...(response.groups
      ? { groups: response.groups.map((g) => ({ ...g, moments: retyped(g.moments) })) }
      : {}),
  };
}

export function withSearchResultCache(
  backend: SearchBackend,
  options: SearchResultCacheOptions,
): CachedSearchBackend {
  const maxEntries = options.maxEntries ?? 2_000;
  const maxBytes = options.maxBytes ?? 64 * 2 ** 20;
  const entries = new BoundedLru<Entry>(maxEntries, maxBytes);
  let hits = 0;
  let misses = 0;

  return {
    name: backend.name,
    inner: backend,
    health: (): Promise<BackendHealth> => backend.health(),
    stats: () => ({ hits, misses, entries: entries.size, bytes: entries.totalBytes }),
    answerTag: (request: SearchRequest) =>
      searchAnswerTag(request, options.generation(), options.version ?? ''),
    peek(request: SearchRequest): SearchResponse | undefined {
      if (maxEntries === 0) return undefined;
      const cached = entries.get(searchCacheKey(request));
      if (!cached || cached.generation !== options.generation()) return undefined;
      hits++;
      return remembered(cached, request);
    },
    async search(request: SearchRequest): Promise<SearchResponse> {
      if (maxEntries === 0) return backend.search(request);
      const generation = options.generation();
      const key = searchCacheKey(request);
      const cached = entries.get(key);
      if (cached && cached.generation === generation) {
        hits++;
        return remembered(cached, request);
      }
      misses++;
      entries.delete(key);
      const response = await backend.search(request);
      // The index may have changed while this search ran: store it only if it did not.
      if (options.generation() !== generation) return response;
      const size = key.length + JSON.stringify(response).length;
      if (size > maxBytes / 4) return response;
      entries.set(key, { generation, response, q: request.q }, size);
      return response;
    },
  };
}
