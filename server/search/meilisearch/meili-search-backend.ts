// SearchBackend over the Meilisearch passages index. Meilisearch finds and ranks candidate
// passages and reports where the words matched (`showMatchesPosition`); the shared
// resolver turns those offsets into moments, merges overlapping passages, ranks and groups
// them — the same code the embedded backend uses, so both give the same hits.
//
// How a search runs:
// 1. The query is parsed by the shared parser and rebuilt for Meilisearch (meili-query.ts);
//    filters become escaped filter expressions (meili-filter.ts).
// 2. Every word must match (`matchingStrategy: 'all'`). When that finds nothing and the
//    query has several words, it runs again with `'frequency'` (Meilisearch drops the most
//    common words first) and the answer is marked partial.
// 3. Meilisearch returns up to a window of candidate passages. When the window holds every
//    candidate (the usual case for a quote), totals and facet counts are exact counts of
//    moments; past it, the total is extrapolated from Meilisearch's estimate, and grouped
//    answers page over episodes with Meilisearch's `distinct` and fetch each episode's
//    moments in one multi-search.
// 4. Every page is cut from one order, with the first page's total and facets: the set,
//    its strategy, total and facets come from a first window that does not depend on the
//    page, and a flat order past it is ranked in tiers of RELEVANCE_TIER moments, each from
//    a larger window, leaving out what the tiers before placed (as the embedded backend
//    does): ranked from a larger window, moments read later would take the places of those
//    already shown, and "Show more" would list some twice and never others.
import type { Meilisearch, SearchParams, SearchResponse as MeiliResponse } from 'meilisearch';
import { ValidationError } from '../../errors.ts';
import type { Passage } from '../passages.ts';
import { answeredQuery, parseQuery, queryUnitCount, type ParsedQuery } from '../query/parse-query.ts';
import {
  flatHits,
  groupByEpisode,
  mergeMoments,
  resolvePassageMoments,
  type ResolvedMoment,
} from '../resolve-hit.ts';
import type {
  BackendHealth,
  EpisodeGroup,
  FacetCounts,
  SearchBackend,
  SearchFilters,
  SearchRequest,
  SearchHit,
  SearchResponse,
  SearchSort,
} from '../search-types.ts';
import { meiliCall, toVerbatimError, type MeiliConnection } from './meili-client.ts';
import { documentToPassage, type PassageDocument } from './meili-documents.ts';
import { buildSearchFilter, inFilter } from './meili-filter.ts';
import { containsExcludedWord, meiliPassageMatches } from './meili-matches.ts';
import { buildMeiliQuery } from './meili-query.ts';
import { QUOTE_RECALL_PER_SUBSET, quoteRecallLevels, recallsPastedQuote } from '../pasted-quote-recall.ts';
import { speakerRates } from '../speaker-rates.ts';
import { foldText } from '../text-fold.ts';
import { PASSAGES_MAX_TOTAL_HITS } from './meili-settings.ts';

/** Fewest candidate passages fetched per search: enough to hold a typical quote's every match. */
export const MIN_CANDIDATE_WINDOW = 200;
/** Most candidate passages fetched for one search (bounded response size). */
export const MAX_CANDIDATE_WINDOW = 1_000;
/** Most passages read for one episode of a grouped answer. */
export const MAX_PASSAGES_PER_EPISODE = 1_000;
export const MAX_LIMIT = 100;
/** Episodes read at a time when a speaker filter leaves some without a moment (see groupsBeyondWindow). */
export const MIN_EPISODES_PER_STEP = 20;
/** Most episodes read to find a speaker-filtered grouped page: deeper pages may come up short. */
export const MAX_EPISODES_SCANNED = 1_000;
/** Moments in the first tier of a flat order; each next tier is twice as deep (see search). */
export const RELEVANCE_TIER = 30;

export const FACET_FIELDS = ['showId', 'speakers', 'language', 'year'] as const;

export type MatchingStrategy = 'all' | 'frequency';

export interface MeiliSearchBackendOptions {
  client: Meilisearch;
  connection: MeiliConnection;
  /** The passages index uid (`<prefix>_passages`). */
  passagesIndex: string;
}

/** The Meilisearch search parameters for one request (pure: unit-tested without a server). */
export function buildSearchParams(
  request: Pick<SearchRequest, 'filters' | 'sort'>,
  strategy: MatchingStrategy,
  window: { offset: number; limit: number },
  extraFilter: string[] = [],
): SearchParams {
  const filter = [...buildSearchFilter(request.filters), ...extraFilter];
  const params: SearchParams = {
    offset: window.offset,
    limit: window.limit,
    matchingStrategy: strategy,
    showMatchesPosition: true,
    showRankingScore: true,
    attributesToSearchOn: ['text'],
    facets: [...FACET_FIELDS],
  };
  if (filter.length > 0) params.filter = filter;
  const sort = meiliSort(request.sort);
  if (sort) params.sort = sort;
  return params;
}

export function meiliSort(sort: SearchSort): string[] | undefined {
  if (sort === 'newest') return ['dateDay:desc', 'start:asc'];
  if (sort === 'oldest') return ['dateDay:asc', 'start:asc'];
  return undefined;
}

/** How many candidate passages to fetch so the requested page can be filled after merging. */
export function candidateWindow(offset: number, limit: number): number {
  // Overlapping passages can return a moment twice, and a speaker filter drops the
  // moments of the other speakers in a passage: ×3 (at least 200) is usually enough, and
  // further windows are read when it is not (see attempt).
  return Math.min(MAX_CANDIDATE_WINDOW, Math.max(MIN_CANDIDATE_WINDOW, (offset + limit) * 3));
}

export function validateRequest(request: SearchRequest): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}`, { field: 'limit' });
  }
  if (!Number.isInteger(request.offset) || request.offset < 0) {
    throw new ValidationError('offset must be a non-negative integer', { field: 'offset' });
  }
  if (request.offset + request.limit > PASSAGES_MAX_TOTAL_HITS) {
    throw new ValidationError(`offset + limit must not exceed ${PASSAGES_MAX_TOTAL_HITS}`, {
      field: 'offset',
    });
  }
}

/** A filter list given but empty selects nothing: answer without asking the server. */
export function selectsNothing(filters: SearchFilters): boolean {
  return [filters.showIds, filters.episodeIds, filters.speakers, filters.languages].some(
    (list) => list !== undefined && list.length === 0,
  );
}

export function emptyFacets(): FacetCounts {
  return { show: {}, speaker: {}, language: {}, year: {} };
}

/** A moment with the passage it came from (for facet counts). */
export interface MomentWithPassage {
  moment: ResolvedMoment;
  passage: Passage;
}

/** Turns Meilisearch hits into moments through the shared resolver. */
export function momentsFromMeiliHits(
  hits: MeiliResponse<PassageDocument>['hits'],
  query: ParsedQuery,
  requireAll: boolean,
  speakers?: readonly string[],
  minWords = 0,
): MomentWithPassage[] {
  // The speaker filter selects passages where the speaker talks; the moment itself must
  // be theirs (as in the embedded backend).
  const wantedSpeakers = speakers && speakers.length > 0 ? new Set(speakers.map((s) => foldText(s))) : null;
  const out: MomentWithPassage[] = [];
  for (const hit of hits) {
    const passage = documentToPassage(hit);
    if (containsExcludedWord(passage.text, query)) continue;
    const matches = meiliPassageMatches(passage.text, hit._matchesPosition?.text, query);
    const moments = resolvePassageMoments(passage, query, {
      backendScore: hit._rankingScore ?? 0,
      requireAll,
      matches,
    });
    for (const moment of moments) {
      if (wantedSpeakers && !wantedSpeakers.has(foldText(moment.hit.speaker ?? ''))) continue;
      if (moment.hit.matchedWords < minWords) continue;
      out.push({ moment, passage });
    }
  }
  return out;
}

function increment(record: Record<string, number>, key: string | null | undefined): void {
  if (key === null || key === undefined || key === '') return;
  record[key] = (record[key] ?? 0) + 1;
}

/**
 * Facet counts of moments (after merging overlapping passages): what a listener sees
 * counted is what the list holds.
 */
export function facetsFromMoments(items: readonly MomentWithPassage[]): FacetCounts {
  const facets = emptyFacets();
  const kept = new Set(mergeMoments(items.map((i) => i.moment)));
  for (const { moment, passage } of items) {
    if (!kept.has(moment)) continue;
    increment(facets.show, passage.showId);
    increment(facets.speaker, moment.hit.speaker);
    increment(facets.language, passage.language);
    increment(facets.year, passage.year === null ? null : String(passage.year));
  }
  return facets;
}

/**
 * Facet counts from Meilisearch's distribution (passages, not moments): used when the
 * candidates do not fit the window, scaled by the moments-per-passage ratio seen in it.
 * A passage counts for every speaker in it, whoever says the words: each speaker's count
 * is scaled by the moments they say per passage of theirs in the window (the window's
 * ratio for a speaker it does not hold), so one who never says them is not counted.
 */
export function facetsFromDistribution(
  distribution: Record<string, Record<string, number>> | undefined,
  momentsPerPassage: number,
  window: { speakerLists: readonly (readonly string[])[]; moments: readonly ResolvedMoment[] } = {
    speakerLists: [],
    moments: [],
  },
): FacetCounts {
  const scale = (
    counts: Record<string, number> | undefined,
    ratioOf: (key: string) => number = () => momentsPerPassage,
  ): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(counts ?? {})) {
      const n = v * ratioOf(k);
      if (n > 0) out[k] = Math.max(1, Math.round(n));
    }
    return out;
  };
  const speakerRatio = speakerRates(
    window.speakerLists,
    window.moments.map((m) => m.hit.speaker),
    momentsPerPassage,
  );
  return {
    show: scale(distribution?.['showId']),
    speaker: scale(distribution?.['speakers'], speakerRatio),
    language: scale(distribution?.['language']),
    year: scale(distribution?.['year']),
  };
}

interface Attempt {
  response: MeiliResponse<PassageDocument>;
  items: MomentWithPassage[];
  partial: boolean;
}

/** Windows of passages read during one search, by strategy, offset and size. */
type WindowReads = Map<string, Promise<MeiliResponse<PassageDocument>>>;

/** The window read holds every candidate passage (Meilisearch's estimate is then exact). */
function isComplete(response: MeiliResponse<PassageDocument>): boolean {
  return (response.estimatedTotalHits ?? response.hits.length) <= response.hits.length;
}

/**
 * The most query units a moment of the window matches, and whether a passage holding only
 * moments with fewer was read.
 */
export function partialLevel(items: readonly MomentWithPassage[]): { minWords: number; belowSeen: boolean } {
  const bestOfPassage = new Map<string, number>();
  for (const { moment, passage } of items) {
    bestOfPassage.set(passage.id, Math.max(bestOfPassage.get(passage.id) ?? 0, moment.hit.matchedWords));
  }
  const minWords = Math.max(0, ...bestOfPassage.values());
  return { minWords, belowSeen: [...bestOfPassage.values()].some((n) => n < minWords) };
}

function momentKey(hit: SearchHit): string {
  return `${hit.episode.id}@${hit.start}`;
}

export class MeiliSearchBackend implements SearchBackend {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly connection: MeiliConnection;
  private passagesIndex: string;

  constructor(options: MeiliSearchBackendOptions) {
    this.client = options.client;
    this.connection = options.connection;
    this.passagesIndex = options.passagesIndex;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const began = performance.now();
    validateRequest(request);
    const query = parseQuery(request.q);
    const took = () => Math.round(performance.now() - began);
    if (selectsNothing(request.filters)) {
      return {
        ...answeredQuery(request.q, query),
        total: 0,
        partial: false,
        tookMs: took(),
        hits: [],
        facets: emptyFacets(),
        ...(request.group === 'episode' ? { groups: [] } : {}),
      };
    }
    const q = buildMeiliQuery(query);
    const reads: WindowReads = new Map();
    const firstWindow = candidateWindow(0, RELEVANCE_TIER);

    // The set, its strategy, total and facets: from the first tier, whatever the page.
    let attempt = await this.attempt(q, query, request, 'all', firstWindow, RELEVANCE_TIER, reads);
    if (attempt.items.length === 0 && queryUnitCount(query) > 1) {
      const partial = await this.attempt(q, query, request, 'frequency', firstWindow, RELEVANCE_TIER, reads);
      if (partial.items.length > 0) attempt = partial;
    }
    const { response, partial } = attempt;
    const strategy: MatchingStrategy = partial ? 'frequency' : 'all';
    // A partial answer is the moments holding the most words, as in the embedded backend
    // (`frequency` also returns, ranked after them, passages holding fewer).
    const level = partial ? partialLevel(attempt.items) : { minWords: 0, belowSeen: false };
    const items = attempt.items.filter((i) => i.moment.hit.matchedWords >= level.minWords);
    // A pasted quote said with a word or two misremembered (pasted-quote-recall.ts).
    if (recallsPastedQuote(query, request))
      items.push(...(await this.recallPastedQuote(query, request, items)));
    const fetched = response.hits.length;
    const estimated = response.estimatedTotalHits ?? fetched;
    // Meilisearch ranks passages by words matched first: once one holding fewer is read,
    // every passage holding the most was read.
    const complete = isComplete(response) || level.belowSeen;
    const moments = items.map((i) => i.moment);
    const merged = mergeMoments(moments);
    const momentsPerPassage = fetched === 0 ? 0 : merged.length / fetched;
    const facets = complete
      ? facetsFromMoments(items)
      : facetsFromDistribution(response.facetDistribution, momentsPerPassage, {
          speakerLists: response.hits.map((h) => h.speakers),
          moments: merged,
        });

    if (request.group === 'episode') {
      const { groups, total, estimatedTotal } = complete
        ? { ...this.pageGroups(groupByEpisode(moments, request.sort), request), estimatedTotal: false }
        : await this.groupsBeyondWindow(q, query, request, strategy, level.minWords, {
            read: response.hits,
            kept: items,
          });
      const hits = groups.flatMap((g) => g.moments);
      return {
        ...answeredQuery(request.q, query),
        total,
        partial: partial && groups.length > 0,
        tookMs: took(),
        hits,
        groups,
        facets,
        ...(estimatedTotal ? { estimated: true } : {}),
        ...(complete ? {} : { facetsEstimated: true }),
      };
    }

    const firstOrder = flatHits(moments, request.sort);
    const end = request.offset + request.limit;
    // Facets only (facets-without-own-filter.ts): the page is not wanted, only the first tier.
    const order =
      complete || end <= RELEVANCE_TIER || request.facetsOnly === true
        ? firstOrder
        : await this.tieredOrder(firstOrder, request.sort, end, (tier) =>
            this.attempt(q, query, request, strategy, candidateWindow(0, tier), tier, reads, level.minWords),
          );
    const total = complete
      ? firstOrder.length
      : Math.max(firstOrder.length, Math.round(estimated * momentsPerPassage));
    return {
      ...answeredQuery(request.q, query),
      total,
      partial: partial && firstOrder.length > 0,
      ...(complete ? {} : { estimated: true, facetsEstimated: true }),
      tookMs: took(),
      hits: order.slice(request.offset, end),
      facets,
    };
  }

  /**
   * A pasted quote said with a word or two misremembered (pasted-quote-recall.ts): its
   * moments from the passages holding all typed words but one or two, the best few of each
   * subset in one multi-search per level (Meilisearch ranks a subset's words said close
   * together first), leaving out the passages read already.
   */
  private async recallPastedQuote(
    query: ParsedQuery,
    request: SearchRequest,
    found: readonly MomentWithPassage[],
  ): Promise<MomentWithPassage[]> {
    const read = new Set(found.map((i) => i.passage.id));
    const levels = quoteRecallLevels(query, found, (i) => i.moment.quoteWords);
    let step = levels.next([]);
    while (!step.done) {
      const subsets = step.value;
      const results = await meiliCall(
        this.connection,
        `looking for a quote with ${query.terms.length - (subsets[0]?.length ?? 0)} word(s) misremembered`,
        () =>
          this.client.multiSearch({
            queries: subsets.map((terms) => ({
              indexUid: this.passagesIndex,
              q: buildMeiliQuery({ ...query, terms }),
              ...buildSearchParams(request, 'all', { offset: 0, limit: QUOTE_RECALL_PER_SUBSET }),
              facets: undefined,
            })),
          }),
      );
      const hits: MeiliResponse<PassageDocument>['hits'] = [];
      for (const result of results.results) {
        for (const hit of result.hits as MeiliResponse<PassageDocument>['hits']) {
          if (read.has(hit.id)) continue;
          read.add(hit.id);
          hits.push(hit);
        }
      }
      step = levels.next(momentsFromMeiliHits(hits, query, false, request.filters.speakers));
    }
    return step.value;
  }

  /**
   * The flat order down to `end`: the first tier's moments, then each tier twice as deep
   * ranked from its own (larger) window, leaving out what the tiers before placed. A tier
   * whose window held every candidate ranks them all: the order goes on as its own.
   */
  private async tieredOrder(
    firstOrder: SearchHit[],
    sort: SearchSort,
    end: number,
    rankTier: (tier: number) => Promise<Attempt>,
  ): Promise<SearchHit[]> {
    const order = firstOrder.slice(0, RELEVANCE_TIER);
    const placed = new Set(order.map(momentKey));
    for (let tier = 2 * RELEVANCE_TIER; ; tier *= 2) {
      const attempt = await rankTier(tier);
      const all = isComplete(attempt.response);
      for (const hit of flatHits(
        attempt.items.map((i) => i.moment),
        sort,
      )) {
        if (order.length >= tier && !all) break;
        const key = momentKey(hit);
        if (placed.has(key)) continue;
        placed.add(key);
        order.push(hit);
      }
      if (all || tier >= end) return order;
    }
  }

  private pageGroups(
    groups: EpisodeGroup[],
    request: SearchRequest,
  ): { groups: EpisodeGroup[]; total: number } {
    return { groups: groups.slice(request.offset, request.offset + request.limit), total: groups.length };
  }

  /**
   * Candidate passages of one strategy from a window of `window` passages, and the windows
   * after it while a speaker filter or an excluded word leaves fewer than `need` moments.
   */
  private async attempt(
    q: string,
    query: ParsedQuery,
    request: SearchRequest,
    strategy: MatchingStrategy,
    window: number,
    need: number,
    reads: WindowReads,
    minWords = 0,
  ): Promise<Attempt> {
    const read = (offset: number) => {
      // Facets come with the first window; a tier's deeper window reuses a read of the same range.
      const key = `${strategy} ${offset} ${window}`;
      let pending = reads.get(key);
      if (!pending) {
        const params = buildSearchParams(request, strategy, { offset, limit: window });
        if (offset > 0) delete params.facets;
        pending = meiliCall(this.connection, `searching ${this.passagesIndex}`, () =>
          this.client.index<PassageDocument>(this.passagesIndex).search<PassageDocument>(q, params),
        );
        reads.set(key, pending);
      }
      return pending;
    };
    const toItems = (hits: MeiliResponse<PassageDocument>['hits']) =>
      momentsFromMeiliHits(hits, query, strategy === 'all', request.filters.speakers, minWords);
    let response = await read(0);
    const items = toItems(response.hits);
    const available = Math.min(response.estimatedTotalHits ?? 0, PASSAGES_MAX_TOTAL_HITS);
    let last = response.hits.length;
    while (
      last === window &&
      response.hits.length < available &&
      mergeMoments(items.map((i) => i.moment)).length < need
    ) {
      const more = await read(response.hits.length);
      last = more.hits.length;
      items.push(...toItems(more.hits));
      response = { ...response, hits: [...response.hits, ...more.hits] };
    }
    return { response, items, partial: strategy !== 'all' };
  }

  /**
   * Grouped answer when the candidates exceed the window: Meilisearch pages over distinct
   * episodes, then one multi-search reads every matching passage of those episodes.
   *
   * With a speaker filter, Meilisearch selects episodes where the speaker talks in a passage
   * holding the words, some of which hold no moment of theirs (someone else says the words):
   * such episodes are skipped, so the episodes before the page are read to find where it
   * starts, and the total is Meilisearch's count of episodes scaled by the share of episodes
   * of the first window that kept a moment (the same on every page).
   */
  private async groupsBeyondWindow(
    q: string,
    query: ParsedQuery,
    request: SearchRequest,
    strategy: MatchingStrategy,
    minWords: number,
    firstWindow: { read: readonly PassageDocument[]; kept: readonly MomentWithPassage[] },
  ): Promise<{ groups: EpisodeGroup[]; total: number; estimatedTotal: boolean }> {
    const base = buildSearchParams(request, strategy, { offset: request.offset, limit: request.limit });
    delete base.facets;
    const index = this.client.index<PassageDocument>(this.passagesIndex);
    const episodesFrom = (offset: number, limit: number) =>
      meiliCall(this.connection, `searching ${this.passagesIndex} by episode`, () =>
        index.search<PassageDocument>(q, {
          ...base,
          offset,
          limit,
          distinct: 'episodeId',
          attributesToRetrieve: ['episodeId'],
          showMatchesPosition: false,
        }),
      );
    const countEpisodes = () =>
      meiliCall(this.connection, `counting episodes in ${this.passagesIndex}`, () =>
        index.search(q, {
          ...base,
          offset: undefined,
          limit: undefined,
          distinct: 'episodeId',
          hitsPerPage: 0,
          page: 1,
          showMatchesPosition: false,
        }),
      );
    const groupsOf = (ids: string[]) => this.groupsOfEpisodes(q, query, request, strategy, minWords, ids);

    if (!request.filters.speakers || request.filters.speakers.length === 0) {
      const [page, counted] = await Promise.all([
        episodesFrom(request.offset, request.limit),
        countEpisodes(),
      ]);
      const episodeIds = page.hits.map((h) => h.episodeId);
      const groups = episodeIds.length === 0 ? [] : await groupsOf(episodeIds);
      return { groups, total: counted.totalHits ?? groups.length, estimatedTotal: false };
    }

    const want = request.offset + request.limit;
    const step = Math.max(request.limit, MIN_EPISODES_PER_STEP);
    const found: EpisodeGroup[] = [];
    let read = 0;
    let exhausted = false;
    const counting = countEpisodes();
    while (found.length < want && !exhausted && read < MAX_EPISODES_SCANNED) {
      const page = await episodesFrom(read, step);
      const ids = page.hits.map((h) => h.episodeId);
      read += ids.length;
      exhausted = ids.length < step;
      if (ids.length > 0) found.push(...(await groupsOf(ids)));
    }
    const counted = await counting;
    const groups = found.slice(request.offset, want);
    if (exhausted) return { groups, total: found.length, estimatedTotal: false };
    const seen = new Set(firstWindow.read.map((h) => h.episodeId)).size;
    const kept = new Set(firstWindow.kept.map((i) => i.passage.episodeId)).size;
    const estimate = Math.round((counted.totalHits ?? 0) * (seen === 0 ? 1 : kept / seen));
    return { groups, total: Math.max(estimate, found.length), estimatedTotal: true };
  }

  /** The groups of these episodes (in this order), each with every moment it holds; empty ones left out. */
  private async groupsOfEpisodes(
    q: string,
    query: ParsedQuery,
    request: SearchRequest,
    strategy: MatchingStrategy,
    minWords: number,
    episodeIds: string[],
  ): Promise<EpisodeGroup[]> {
    const perEpisode = await meiliCall(
      this.connection,
      `reading moments of ${episodeIds.length} episodes`,
      () =>
        this.client.multiSearch({
          queries: episodeIds.map((id) => ({
            indexUid: this.passagesIndex,
            q,
            ...buildSearchParams(request, strategy, { offset: 0, limit: MAX_PASSAGES_PER_EPISODE }, [
              inFilter('episodeId', [id]),
            ]),
            facets: undefined,
          })),
        }),
    );
    const moments: ResolvedMoment[] = [];
    for (const result of perEpisode.results) {
      for (const item of momentsFromMeiliHits(
        result.hits as MeiliResponse<PassageDocument>['hits'],
        query,
        strategy === 'all',
        request.filters.speakers,
        minWords,
      )) {
        moments.push(item.moment);
      }
    }
    const order = new Map(episodeIds.map((id, i) => [id, i]));
    // Meilisearch chose and ordered the page of episodes; keep its order across pages.
    return groupByEpisode(moments, request.sort).sort(
      (a, b) => (order.get(a.episode.id) ?? 0) - (order.get(b.episode.id) ?? 0),
    );
  }

  /** Points searches at another passages index (after a reindex swap the name stays the same). */
  usePassagesIndex(uid: string): void {
    this.passagesIndex = uid;
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.client.health();
      const stats = await this.client.index(this.passagesIndex).getStats();
      return {
        ok: true,
        backend: 'meilisearch',
        reason: `${stats.numberOfDocuments} passages in ${this.passagesIndex}`,
      };
    } catch (error) {
      const mapped = toVerbatimError(error, this.connection, 'checking health');
      return { ok: false, backend: 'meilisearch', reason: mapped.message };
    }
  }
}
