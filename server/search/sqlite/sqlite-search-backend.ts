// The embedded search backend: SQLite FTS5 finds candidate passages, the shared resolver
// (resolve-hit.ts) turns them into ranked, de-duplicated moments.
//
// How a search runs, and how it stays fast at a million cues:
// 1. The query is parsed (parse-query.ts); each word expands into its typo variants from
//    the index's vocabulary (typo-vocabulary.ts); filters become tokens of the `meta`
//    column, so the whole search is one FTS5 MATCH (no join).
// 2. A bounded, unranked walk reads at most MATCH_WALK_CAP + 1 matching rowids. Walking
//    is cheap even for a common word (no scoring); it tells whether the match set is
//    small (complete) or large.
// 3. Candidates to resolve:
//    - small set (≤ RESOLVE_ALL_CAP passages): every passage is resolved, so the total and
//      facet counts are exact counts of moments;
//    - larger: FTS5's bm25 would first read every posting of each word (hundreds of ms
//      for a common one), so candidates are the first rowids of unranked walks of: the
//      words side by side (phrase), the words near each other (NEAR), exact spellings,
//      then anything; the shared ranking orders them. A pool with many more passages than
//      needed gives its sample-token passages instead (spread over the whole index).
//      Candidates that give no moment (a speaker filter, a glue phrase's pair tokens) are
//      replaced from the walk until the page is full. Totals and facets are extrapolated,
//      marked `estimated`.
//      The walk goes in rowid order, the order episodes were indexed in: alone, it would
//      fill the page and the facets from the archive's first episodes (a show imported
//      later missing from the facets). So a large set is also sampled over the whole
//      index (spreadSample): read once keeping one passage in `every` when its words and
//      filters have at most SPREAD_SCAN_CAP postings, else as its passages that carry a
//      sample token (sample-levels.ts). Totals, facets and the unranked candidates come
//      from that sample.
// 4. Sort newest/oldest walks episodes in date order with rowid ranges (an episode's
//    passages are one rowid range), so the first page needs only the first episodes.
// 5. Nothing matches every word → the best subsets of the words (all but one, …) are tried
//    and the answer is marked partial.
// 6. A typed prefix of 2–3 letters uses FTS5's prefix b-trees; a longer one becomes the
//    OR of the indexed words it starts (see prefixAlternatives).
// 7. A phrase made only of glue words ("et de la") is found by its pair tokens instead of
//    by FTS5's phrase walk over postings that cover most passages (glue-pairs.ts).
// 8. A pasted quote (5 words or more) none of whose moments says every word as typed may
//    have a word or two misremembered: the passages holding the other words in one clump
//    (NEAR) are read too (pasted-quote-recall.ts).
import type Database from 'better-sqlite3';
import { BackendUnavailableError, ValidationError } from '../../errors.ts';
import { PASSAGE_OVERLAP_WORDS, PASSAGE_TARGET_WORDS, type Passage, type PassageSpan } from '../passages.ts';
import {
  answeredQuery,
  parseQuery,
  queryUnitCount,
  type JoinedPair,
  type ParsedQuery,
  type PhraseNumber,
  type QueryTerm,
  type TypedNumber,
  type TypedWord,
} from '../query/parse-query.ts';
import { numberSpellings } from '../number-words.ts';
import {
  episodePosition,
  flatHits,
  groupByEpisode,
  createTermMatcher,
  locateMatches,
  MAX_GLUED_PARTS,
  MAX_MISREMEMBERED_WORDS,
  MIN_SAID_APART_PART,
  mergeMoments,
  resolvePassageMoments,
  type ResolvedMoment,
  type TermMatch,
} from '../resolve-hit.ts';
import type {
  BackendHealth,
  EpisodeGroup,
  FacetCounts,
  HitEpisode,
  SearchBackend,
  SearchFilters,
  SearchHit,
  SearchRequest,
  SearchResponse,
  SearchSort,
} from '../search-types.ts';
import {
  QUOTE_RECALL_PER_SUBSET,
  quoteRecallLevels,
  recallsPastedQuote,
  subsetsOf,
} from '../pasted-quote-recall.ts';
import { speakerRates } from '../speaker-rates.ts';
import {
  apostropheSpellings,
  CONTRACTIONS_WITHOUT_APOSTROPHE,
  foldText,
  ftsSpellings,
  spelledApartParts,
  tokenize,
} from '../text-fold.ts';
import { GLUE_PAIRS_STATE_KEY, GLUE_PAIRS_VERSION, phrasePairTokens } from './glue-pairs.ts';
import {
  MAX_SAMPLE_LEVEL,
  rowidHash,
  SAMPLE_LEVELS_STATE_KEY,
  SAMPLE_LEVELS_VERSION,
  sampleLevelFor,
  sampleLevelOf,
  sampleLevelToken,
} from './sample-levels.ts';
import { decodeSpans, metaToken } from './sqlite-passage-codec.ts';
import { createSearchTables, PASSAGE_ROWID_SPAN } from './sqlite-search-schema.ts';
import { TypoVocabularyLoader, type TermVariant, type TypoVocabulary } from './typo-vocabulary.ts';

/** Rowids read by the unranked walk that sizes the match set. */
export const MATCH_WALK_CAP = 1_000;
/** Match sets up to this many passages are resolved whole (exact totals and facets). */
export const RESOLVE_ALL_CAP = 200;
/** Passages of one episode read for a grouped answer. */
export const MAX_PASSAGES_PER_EPISODE = 2_000;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;
/** Moments in the first tier of a relevance order (searchPaged); each next tier is twice as deep. */
const RELEVANCE_TIER = 30;
/** Moments ranked to order the episodes of a grouped answer, whatever its page. */
const GROUP_RANKED_MOMENTS = 30;
/**
 * Dated sorts and grouped answers read a large match set whole up to this many passages
 * (else episode by episode, one FTS5 range query each).
 */
const WHOLE_WALK_CAP = 20_000;
/** Prefix lengths with their own FTS5 b-tree (`prefix = '2 3'` in the schema). */
const MAX_INDEXED_PREFIX = 3;
/** A longer prefix completing to more indexed words than this is left to FTS5's `*`. */
const MAX_PREFIX_COMPLETIONS = 64;
/**
 * A large match set is sampled by reading it whole, keeping one passage in `every`, when
 * that means reading at most this many postings: FTS5 reads every posting of each word and
 * filter of the expression (about 0.09 µs each; 1.5 ms for a word in 16,000 passages at 1M
 * cues, 19 ms for `de`, in most passages). A larger one is sampled by its passages that
 * carry a sample token (about 0.7 µs per passage kept: 1.5 ms for 16,000, 1.9 ms for `de`),
 * or, in an index built before sample tokens, estimated from the bounded walk alone.
 */
const SPREAD_SCAN_CAP = 20_000;
/**
 * Steps FTS5 may take to sample a set by sample tokens (2–4 ms): the AND steps through the
 * sparser of the token's passages and each part's postings, about 1–1.5 µs per step and
 * part when the parts are common words (4.5 ms for `en de les` at 1M cues, one passage in
 * 256: 1,060 steps × 3 parts). A set whose sample would take more is sampled more thinly.
 */
const LEVEL_STEPS_BUDGET = 3_000;
/** A set sampled more thinly than this is estimated from its walk instead. */
const MIN_LEVEL_SAMPLE = 120;
/**
 * A candidate pool (a phrase, NEAR) is sampled only when its words have at most this many
 * postings in all: FTS5 checks such an expression by reading its words' every posting,
 * sample token or not (about 0.035 µs each; 7 ms for `fean la des` at 1M cues).
 */
const POOL_SCAN_CAP = 50_000;
/** Candidates resolved at a time for a facets-only search (it needs one moment, not a page). */
const FACETS_ONLY_CANDIDATES = 8;
/** Readings of a glued word as two (`cest` as `c est`) searched at most. */
const MAX_SPLIT_READINGS = 4;
/** Shortest second word of such a reading (a one-letter one would be a clitic). */
const MIN_SPLIT_TAIL = 2;
/** Shortest part of an indexed word read as two (`video surveillance`, `open source`). */
const MIN_KNOWN_WORD_SPLIT_PART = MIN_SAID_APART_PART;
/** Readings of a glued word as three words or more (`c est a dire`) looked up in the index. */
const MAX_MULTI_PART_TRIES = 8;
/**
 * A word's dotted reading (`r g p d` for `rgpd`) is looked for only when one of its letters
 * stands alone in at most this many passages: FTS5 walks a phrase at the pace of its
 * rarest word, and `s a` for `sa` (two letters in most passages) would cost a walk over
 * most of the index for a reading nobody meant.
 */
const MAX_RAREST_LETTER_PASSAGES = MATCH_WALK_CAP;
/** Spellings of a quoted phrase with numbers in it (`"en 2024, 300 sites"`) searched at most. */
const MAX_NUMBER_PHRASE_FORMS = 12;
/** Spellings of a phrase with `oe`/`ae` (`coeur de` and `cœur de`) searched at most. */
const MAX_PHRASE_SPELLINGS = 4;
/** Year filter parts (one per range of years searched) kept per index generation at most. */
const MAX_KEPT_YEAR_PARTS = 1_000;
/** Postings counts of expression parts kept per index generation at most. */
const MAX_KEPT_PART_SIZES = 10_000;
/** Passages a spread sample aims to keep. */
const SPREAD_SAMPLE_SIZE = MATCH_WALK_CAP;
/** A candidate pool holding this share of a spread-sampled set is left to the sample. */
const POOL_SPREAD_SHARE = 0.5;
/**
 * Passages of a large match set resolved, whatever the sort, to count its moments per
 * passage and who says them: spread over the set, so the estimate does not depend on the
 * page (a page leans to its pools, or to recent episodes). With 40, three common searches
 * of the real corpus came within 7 % of their true totals; each costs about 30 µs (a
 * random read and a tokenization).
 */
const REFERENCE_PASSAGES = 40;
/** Passages read to estimate speaker facets (the reference passages first). */
const SPEAKER_FACET_SAMPLE = 200;
/** Passages whose speakers a backend keeps in memory at most (about 60 bytes each). */
const MAX_KEPT_PASSAGE_SPEAKERS = 200_000;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

interface EpisodeInfo {
  seq: number;
  passages: number;
  hit: HitEpisode;
  language: string | null;
  year: number | null;
  /** `year` as its facet key. */
  yearKey: string | null;
}

interface PassageRow {
  id: number;
  speakers: string;
  text: string;
  spans: string;
}

/**
 * The speakers of each resolved passage's own moments, by rowid: a moment is counted in
 * one passage only, although the passages overlap (for estimates).
 */
type OwnMoments = Map<number, (string | null)[]>;

/** Every `every`-th passage of a match set, in rowid order (see spreadSample). */
interface SpreadSample {
  rowids: number[];
  every: number;
}

interface CompiledFilters {
  /** FTS5 expression over `meta`, or '' when no token filter applies. */
  meta: string;
  /** The parts `meta` is the AND of (each is read whole by a scan of the set). */
  metaParts: string[];
  dateFrom: string | null;
  dateTo: string | null;
  /** Folded speaker names a moment's speaker must be one of. */
  speakers: Set<string> | null;
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;
/**
 * The excluded words, as typed and as the index may write them (`-coeur` leaves out `cœur`),
 * and the excluded phrases (an FTS5 phrase each).
 */
const excludedExpression = (query: ParsedQuery) =>
  `(${[...query.excluded.flatMap(ftsSpellings), ...(query.excludedPhrases ?? []).map((p) => p.join(' '))].map(quote).join(' OR ')})`;
const hasExclusions = (query: ParsedQuery) =>
  query.excluded.length > 0 || (query.excludedPhrases?.length ?? 0) > 0;
/** An FTS5 expression with a typed prefix (`"con" *`), which FTS5 reads whole on every query. */
const hasTypedPrefix = (expr: string) => expr.includes('" *');

/** Cue keys: episode sequence × this + cue index (cues per episode stay far below it). */
const CUE_KEY_SPAN = 2 ** 24;

/** The passage's first span when it goes on with a cue without word timings begun earlier. */
function untimedCueContinued(passage: Passage): PassageSpan | null {
  const first = passage.spans[0];
  return first && first.cueTextOffset > 0 && !first.words ? first : null;
}

function insideOneCue(passage: Passage): boolean {
  const cue = passage.spans[0]?.cue;
  for (const span of passage.spans) if (span.cue !== cue) return false;
  return true;
}

function episodeSeqOf(rowid: number): number {
  return Math.floor(rowid / PASSAGE_ROWID_SPAN);
}

function emptyFacets(): FacetCounts {
  return { show: {}, speaker: {}, language: {}, year: {} };
}

/**
 * Facet counts gathered in Maps, then given as FacetCounts: an object grown key by key
 * (a year key made anew for each count) cost more than the rest of the count.
 */
class FacetTally {
  readonly show = new Map<string, number>();
  readonly speaker = new Map<string, number>();
  readonly language = new Map<string, number>();
  readonly year = new Map<string, number>();

  /** Each count rounded to a whole number, at least 1, with `round` (estimates). */
  counts(round = false): FacetCounts {
    const record = (counts: Map<string, number>) => {
      const out: Record<string, number> = {};
      for (const [key, n] of counts) out[key] = round ? Math.max(1, Math.round(n)) : n;
      return out;
    };
    return {
      show: record(this.show),
      speaker: record(this.speaker),
      language: record(this.language),
      year: record(this.year),
    };
  }
}

function bump(counts: Map<string, number>, key: string | null | undefined, by = 1): void {
  if (key === null || key === undefined || key === '') return;
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function validateRequest(request: SearchRequest): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT) {
    throw new ValidationError(`limit: expected an integer from 1 to ${MAX_LIMIT}`, { field: 'limit' });
  }
  if (!Number.isInteger(request.offset) || request.offset < 0 || request.offset > MAX_OFFSET) {
    throw new ValidationError(`offset: expected an integer from 0 to ${MAX_OFFSET}`, { field: 'offset' });
  }
  for (const field of ['dateFrom', 'dateTo'] as const) {
    const v = request.filters[field];
    if (v !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) {
      throw new ValidationError(`filters.${field}: expected an ISO date (YYYY-MM-DD)`, { field });
    }
  }
}

class SqliteSearchBackend implements SearchBackend {
  readonly name = 'sqlite' as const;
  private generation = -1;
  private episodes = new Map<number, EpisodeInfo>();
  private vocabularyLoader: TypoVocabularyLoader | null = null;
  private vocabulary: TypoVocabulary | null = null;
  private vocabGeneration = -1;
  private readonly vocabLetters = new Set<string>();
  private passageCount = 0;
  /** Every passage carries this version's glue pair tokens (see glue-pairs.ts). */
  private gluePairsReady = false;
  private sampleLevelsReady = false;
  /** Episode seqs ascending, and the passages of all episodes before each (for estimates). */
  private seqOrder: number[] = [];
  private passagesBefore: number[] = [];
  /** Each search's term matcher, shared by its resolve rounds (it remembers words seen). */
  private readonly termMatchers = new WeakMap<ParsedQuery, (word: string) => readonly TermMatch[]>();
  private readonly stmts: {
    generation: Database.Statement<[], { value: number }>;
    gluePairs: Database.Statement<[], number>;
    sampleLevels: Database.Statement<[], number>;
    episodes: Database.Statement<[], Record<string, unknown>>;
    walk: Database.Statement<[string, number], number>;
    walkRange: Database.Statement<[string, number, number, number], number>;
    spread: Database.Statement<[string, number], number>;
    passages: Database.Statement<[string], PassageRow>;
    speakers: Database.Statement<[string], { id: number; speakers: string }>;
  };

  constructor(
    private readonly db: Database.Database,
    private readonly wholeWalkCap = WHOLE_WALK_CAP,
    private readonly spreadScanCap = SPREAD_SCAN_CAP,
  ) {
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'search_state'`).pluck().get();
    if (!exists) {
      if (db.readonly)
        throw new BackendUnavailableError(
          'sqlite',
          'the archive has no search index yet (run `npm run ingest`)',
        );
      createSearchTables(db);
    }
    this.stmts = {
      generation: db.prepare(`SELECT value FROM search_state WHERE key = 'generation'`),
      gluePairs: db
        .prepare<[], number>(`SELECT value FROM search_state WHERE key = '${GLUE_PAIRS_STATE_KEY}'`)
        .pluck(),
      sampleLevels: db
        .prepare<[], number>(`SELECT value FROM search_state WHERE key = '${SAMPLE_LEVELS_STATE_KEY}'`)
        .pluck(),
      episodes: db.prepare(
        `SELECT seq, episode_id, show_id, show_title, title, date, year, language, source, media, passage_count FROM search_episode`,
      ),
      walk: db
        .prepare<[string, number], number>(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?`)
        .pluck(),
      walkRange: db
        .prepare<[string, number, number, number], number>(
          `SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?`,
        )
        .pluck(),
      // One modulo per matching row, in SQLite: rows left out never reach JavaScript.
      spread: db
        .prepare<[string, number], number>(
          `SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid % ? = 0`,
        )
        .pluck(),
      passages: db.prepare(
        `SELECT id, speakers, text, spans FROM search_passage WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      speakers: db.prepare(
        `SELECT id, speakers FROM search_passage WHERE id IN (SELECT value FROM json_each(?))`,
      ),
    };
  }

  health(): Promise<BackendHealth> {
    try {
      this.stmts.generation.get();
      return Promise.resolve({ ok: true, backend: 'sqlite' });
    } catch (err) {
      return Promise.resolve({ ok: false, backend: 'sqlite', reason: (err as Error).message });
    }
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    try {
      return Promise.resolve(this.searchPaged(request));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Reloads the episode table when the index changed since the last search. */
  private refresh(): void {
    const g = this.stmts.generation.get()?.value ?? 0;
    if (g === this.generation) return;
    const map = new Map<number, EpisodeInfo>();
    let passages = 0;
    for (const r of this.stmts.episodes.iterate()) {
      const seq = r.seq as number;
      const year = (r.year as number | null) ?? null;
      passages += r.passage_count as number;
      map.set(seq, {
        seq,
        passages: r.passage_count as number,
        hit: {
          id: r.episode_id as string,
          title: r.title as string,
          showId: r.show_id as string,
          showTitle: r.show_title as string,
          date: (r.date as string | null) ?? null,
          source: r.source as string,
          media: (r.media as string | null) ?? null,
        },
        language: (r.language as string | null) ?? null,
        year,
        yearKey: year === null ? null : String(year),
      });
    }
    this.episodes = map;
    this.passageCount = passages;
    this.gluePairsReady = this.stmts.gluePairs.get() === GLUE_PAIRS_VERSION;
    this.sampleLevelsReady = this.stmts.sampleLevels.get() === SAMPLE_LEVELS_VERSION;
    this.seqOrder = [...map.keys()].sort((a, b) => a - b);
    this.passagesBefore = [];
    let acc = 0;
    for (const seq of this.seqOrder) {
      this.passagesBefore.push(acc);
      acc += map.get(seq)?.passages ?? 0;
    }
    this.passageSpeakers.clear();
    this.speakerLists.clear();
    this.partSizes.clear();
    this.yearParts.clear();
    this.generation = g;
  }

  /**
   * Speakers of the passages speaker facets were read for, kept until the index changes
   * (lists shared): a common word's sample is the same passages every time it is searched.
   */
  private readonly passageSpeakers = new Map<number, readonly string[]>();
  /** This search's untimed cues that gave a moment (see resolve). */
  private readonly untimedCuesWithMoment = new Set<number>();
  /** Passages this search skipped for that reason. */
  private cuePassagesSkipped = 0;
  private readonly speakerLists = new Map<string, readonly string[]>();

  private speakersOfPassages(rowids: number[]): (readonly string[] | undefined)[] {
    const missing = rowids.filter((r) => !this.passageSpeakers.has(r));
    if (missing.length > 0) {
      if (this.passageSpeakers.size + missing.length > MAX_KEPT_PASSAGE_SPEAKERS)
        this.passageSpeakers.clear();
      for (const row of this.stmts.speakers.all(JSON.stringify(missing))) {
        let list = this.speakerLists.get(row.speakers);
        if (list === undefined) {
          list = JSON.parse(row.speakers) as string[];
          this.speakerLists.set(row.speakers, list);
        }
        this.passageSpeakers.set(row.id, list);
      }
    }
    return rowids.map((r) => this.passageSpeakers.get(r));
  }

  /** Passages matching each expression part sized so far (see partSize). */
  private readonly partSizes = new Map<string, number>();

  /** Passages matching `expr`, counted up to MATCH_WALK_CAP and extrapolated beyond. */
  private partSize(expr: string): number {
    let size = this.partSizes.get(expr);
    if (size === undefined) {
      size = this.matchEstimate(this.stmts.walk.all(expr, MATCH_WALK_CAP + 1));
      if (this.partSizes.size >= MAX_KEPT_PART_SIZES) this.partSizes.clear();
      this.partSizes.set(expr, size);
    }
    return size;
  }

  /** The index's vocabulary with the words of `word`'s first letter loaded and fresh. */
  private vocabularyFor(word: string): TypoVocabulary {
    const letter = String.fromCodePoint(word.codePointAt(0) ?? 0);
    if (!this.vocabulary || this.vocabGeneration !== this.generation || !this.vocabLetters.has(letter)) {
      this.vocabularyLoader ??= new TypoVocabularyLoader(this.db);
      this.vocabulary = this.vocabularyLoader.current([letter]);
      this.vocabLetters.add(letter);
      this.vocabGeneration = this.generation;
    }
    return this.vocabulary;
  }

  /** Typo variants of a word from the index's vocabulary (refreshed after the index changed). */
  private typoVariants(word: string, maxTypos: number): TermVariant[] {
    return this.vocabularyFor(word).variants(word, maxTypos);
  }

  /**
   * FTS5 alternatives for a typed prefix. The index keeps prefix b-trees for 2 and 3
   * letters only (each one costs about as much ingest time as the words themselves);
   * a longer prefix becomes the OR of the indexed words it starts, which FTS5 reads
   * lazily, where `"prefix" *` without its own b-tree would merge every such word's
   * postings first (10 ms for a common one at a million cues).
   */
  private prefixAlternatives(prefix: string): string[] {
    if ([...prefix].length > MAX_INDEXED_PREFIX) {
      const words = this.vocabularyFor(prefix).completions(prefix, MAX_PREFIX_COMPLETIONS);
      if (words !== null && words.length > 0) return words.map(quote);
    }
    return [`${quote(prefix)} *`];
  }

  private compileFilters(filters: SearchFilters): CompiledFilters {
    const parts: string[] = [];
    const anyOf = (tokens: string[]) => `(${tokens.map(quote).join(' OR ')})`;
    const list = (v: string[] | undefined) => (v ?? []).map((s) => s.trim()).filter(Boolean);
    const shows = list(filters.showIds);
    if (shows.length > 0) parts.push(anyOf(shows.map((s) => metaToken('show', s))));
    const eps = list(filters.episodeIds);
    if (eps.length > 0) parts.push(anyOf(eps.map((s) => metaToken('episode', s))));
    const langs = list(filters.languages);
    if (langs.length > 0) parts.push(anyOf(langs.map((s) => metaToken('language', s))));
    const speakers = list(filters.speakers);
    // Each apostrophe the name may have been stored with: `N'Diaye` typed, `N’Diaye` said.
    if (speakers.length > 0)
      parts.push(
        anyOf([...new Set(speakers.flatMap(apostropheSpellings).map((s) => metaToken('speaker', s)))]),
      );
    const dateFrom = filters.dateFrom ?? null;
    const dateTo = filters.dateTo ?? null;
    if (dateFrom !== null || dateTo !== null) parts.push(this.yearsPart(dateFrom, dateTo));
    return {
      meta: parts.join(' AND '),
      metaParts: parts,
      dateFrom,
      dateTo,
      speakers: speakers.length > 0 ? new Set(speakers.map((s) => foldText(s))) : null,
    };
  }

  /** Year filter parts by the years of a date range, kept until the index changes. */
  private readonly yearParts = new Map<string, string>();

  /**
   * Year tokens narrow the walk; the exact dates are checked per episode afterwards. Read
   * from every episode once per range (an archive of 3,000 episodes took 0.1 ms a search).
   */
  private yearsPart(dateFrom: string | null, dateTo: string | null): string {
    const key = `${dateFrom?.slice(0, 4) ?? ''}-${dateTo?.slice(0, 4) ?? ''}`;
    let part = this.yearParts.get(key);
    if (part === undefined) {
      const years = new Set<number>();
      for (const e of this.episodes.values()) {
        if (e.year !== null && inDateRange(e.hit.date, dateFrom, dateTo, true)) years.add(e.year);
      }
      const tokens =
        years.size > 0 ? [...years].map((y) => metaToken('year', y)) : [metaToken('year', 'none')];
      part = `(${tokens.map(quote).join(' OR ')})`;
      if (this.yearParts.size >= MAX_KEPT_YEAR_PARTS) this.yearParts.clear();
      this.yearParts.set(key, part);
    }
    return part;
  }

  /**
   * The FTS5 expression of each query unit (a word with its variants, or a phrase), with
   * typo variants and split readings (`units`) and without (`exact`); and the alternatives
   * of each pair of typed words the index holds as one word (`joined`, JoinedPair).
   */
  private unitExpressions(query: ParsedQuery): { units: string[]; exact: string[]; joined: string[][] } {
    const units: string[] = [];
    // Without typo variants and split readings: the exact spellings' candidate pool.
    const exact: string[] = [];
    const anyOf = (alternatives: Set<string>) => {
      const list = [...alternatives];
      return list.length === 1 ? (list[0] ?? '') : `(${list.join(' OR ')})`;
    };
    const joined = this.joinedAlternatives(query);
    for (const [unit, term] of query.terms.entries()) {
      const spellings = ftsSpellings(term.text);
      // The typed form always; its ligature forms (`cœur` for `coeur`) where the index has
      // them (a typed prefix of one letter, `œ`, would read every word of that letter).
      const typed = spellings
        .filter((s, i) => i === 0 || ((!term.prefix || s.length > 1) && this.indexed(s, term.prefix)))
        .flatMap((s) => (term.prefix ? this.prefixAlternatives(s) : [quote(s)]));
      const alternatives = new Set(typed);
      const exactAlternatives = new Set(typed);
      const both = (expression: string) => {
        alternatives.add(expression);
        exactAlternatives.add(expression);
      };
      if (term.maxTypos > 0)
        for (const [i, s] of spellings.entries())
          if (i === 0 || this.ligatureBeginsWords(s))
            for (const v of this.typoVariants(s, term.maxTypos)) alternatives.add(quote(v.text));
      // `dont` typed, `don't` said: the index holds `don` and `t` side by side.
      const contraction = CONTRACTIONS_WITHOUT_APOSTROPHE.get(term.text);
      if (contraction) both(quote(contraction.join(' ')));
      for (const split of this.splitAlternatives(term.text, term.prefix)) alternatives.add(split);
      // `1000` typed, `1 000` said; `rgpd`, `R.G.P.D.` (the resolver checks the spaces and dots).
      const apart = this.spelledApart(term.text);
      if (apart) both(this.phraseExpression(apart));
      if (term.number) for (const spelled of this.numberAlternatives(term.number)) both(spelled);
      // `video surveillance` typed, `vidéosurveillance` said: that word is both units.
      for (const [pair, expressions] of joined)
        if (pair.first === unit || pair.second === unit) for (const e of expressions) alternatives.add(e);
      units.push(anyOf(alternatives));
      exact.push(anyOf(exactAlternatives));
    }
    query.phrases.forEach((phrase, p) => {
      const numbers = query.phraseNumbers?.[p] ?? [];
      const expression =
        numbers.length > 0
          ? this.numberPhraseExpression(phrase, numbers)
          : this.phraseExpression(phrase, true);
      units.push(expression);
      exact.push(expression);
    });
    return { units, exact, joined: [...joined.values()] };
  }

  /**
   * Per pair of words typed side by side that the index holds as one word (JoinedPair), that
   * word's FTS5 alternatives (the words it starts, when the second is being typed).
   */
  private joinedAlternatives(query: ParsedQuery): Map<JoinedPair, string[]> {
    const out = new Map<JoinedPair, string[]>();
    for (const pair of query.joinedPairs ?? []) {
      const prefix = query.terms[pair.second]?.prefix === true;
      if (this.indexed(pair.text, prefix))
        out.set(pair, prefix ? this.prefixAlternatives(pair.text) : [quote(pair.text)]);
    }
    return out;
  }

  /**
   * The words `word` may be written apart as (a number in its digit groups, an acronym in
   * its letters), when the index holds them so: the phrase is walked once per index
   * generation to know (partSize remembers it), and an acronym's only when one of its
   * letters is rare. Null otherwise.
   */
  private spelledApart(word: string): string[] | null {
    const parts = spelledApartParts(word);
    if (parts === null) return null;
    const first = word.charCodeAt(0);
    const digits = first >= 0x30 && first <= 0x39;
    if (!digits && !parts.some((p) => this.partSize(quote(p)) <= MAX_RAREST_LETTER_PASSAGES)) return null;
    return this.partSize(quote(parts.join(' '))) > 0 ? parts : null;
  }

  /**
   * A number's other spellings the index holds (`trois cents`, `three hundred`, `3 000`
   * for `300`, `3000`): each word indexed, else not looked for (the resolver checks that the
   * words read as this number).
   */
  private numberAlternatives(number: TypedNumber): string[] {
    const out: string[] = [];
    // As typed first: words said as typed are found inside a longer number too.
    for (const words of [number.words, ...numberSpellings(number.key)]) {
      if (words.every((w) => this.indexed(w, false))) out.push(this.phraseExpression(words));
      const apart = words.length === 1 ? this.spelledApart(words[0]!) : null;
      if (apart) out.push(this.phraseExpression(apart));
    }
    return out;
  }

  /**
   * A quoted phrase with numbers in it (`"en 2024, 300 sites"`): the phrase with each number
   * in the spellings the index holds (`en deux mille vingt quatre trois cents sites`), as
   * typed first, then changing the fewest numbers, up to MAX_NUMBER_PHRASE_FORMS phrases.
   */
  private numberPhraseExpression(phrase: string[], numbers: PhraseNumber[]): string {
    const choices = numbers.map((n) => {
      const spelled = [n.words, ...numberSpellings(n.key)].filter((w) =>
        w.every((x) => this.indexed(x, false)),
      );
      return spelled.length > 0 ? spelled : [n.words];
    });
    // Combinations by the sum of their choice indexes: the likeliest first.
    const forms: string[][] = [];
    const most = Math.max(...choices.map((c) => c.length));
    for (let sum = 0; sum <= most * choices.length && forms.length < MAX_NUMBER_PHRASE_FORMS; sum++) {
      const visit = (n: number, left: number, picked: number[]): void => {
        if (forms.length >= MAX_NUMBER_PHRASE_FORMS) return;
        if (n === choices.length) {
          if (left !== 0) return;
          const words: string[] = [];
          let from = 0;
          numbers.forEach((number, k) => {
            words.push(...phrase.slice(from, number.at), ...choices[k]![picked[k]!]!);
            from = number.at + number.words.length;
          });
          forms.push([...words, ...phrase.slice(from)]);
          return;
        }
        for (let c = 0; c < choices[n]!.length && c <= left; c++) visit(n + 1, left - c, [...picked, c]);
      };
      visit(0, sum, []);
    }
    const phrases = [...new Set(forms.map((f) => this.phraseExpression(f, true)))];
    return phrases.length === 1 ? (phrases[0] ?? '') : `(${phrases.join(' OR ')})`;
  }

  /**
   * A word the index does not hold read as two it holds, which the text writes with an
   * apostrophe or a hyphen between them (`cest` as `c est`): for quoted phrases, whose
   * words are otherwise found only as typed. The first such cut; null when none.
   */
  private gluedReading(word: string): string[] | null {
    if (word.length < 3 || ftsSpellings(word).some((s) => this.indexed(s, false))) return null;
    for (let k = 1; k + MIN_SPLIT_TAIL <= word.length; k++) {
      // As the index writes them: `loeil` typed, `l œil` held.
      const head = ftsSpellings(word.slice(0, k)).find((s) => this.indexed(s, false));
      const tail = head && ftsSpellings(word.slice(k)).find((s) => this.indexed(s, false));
      if (head && tail) return [head, tail];
    }
    return this.multiPartReadings(word, false)[0] ?? null;
  }

  /**
   * A word the index does not hold read as three words or more it holds side by side, for a
   * word the text writes with two apostrophes or hyphens or three (`cestadire` for
   * `c’est-à-dire`, `questce` for `qu’est-ce`, `vatil` for `va-t-il`): the readings the
   * index holds as phrases, fewest words first. Short parts make many readings, so only
   * MAX_MULTI_PART_TRIES are looked up (each once per index generation).
   */
  private multiPartReadings(word: string, tailPrefix: boolean): string[][] {
    const out: string[][] = [];
    let tries = 0;
    const visit = (rest: string, parts: string[], count: number): void => {
      if (out.length >= MAX_SPLIT_READINGS || tries >= MAX_MULTI_PART_TRIES) return;
      if (parts.length === count - 1) {
        const tail =
          rest.length >= MIN_SPLIT_TAIL && ftsSpellings(rest).find((s) => this.indexed(s, tailPrefix));
        if (!tail) return;
        tries++;
        const reading = [...parts, tail];
        if (this.partSize(this.readingExpression(reading, tailPrefix)) > 0) out.push(reading);
        return;
      }
      for (let k = 1; k < rest.length; k++) {
        const head = ftsSpellings(rest.slice(0, k)).find((s) => this.indexed(s, false));
        if (head) visit(rest.slice(k), [...parts, head], count);
      }
    };
    for (let count = 3; count <= MAX_GLUED_PARTS; count++) visit(word, [], count);
    return out;
  }

  /** Words side by side, the last one as typed so far (`tailPrefix`) or whole. */
  private readingExpression(words: string[], tailPrefix: boolean): string {
    return tailPrefix ? `${quote(words.join(' '))} *` : this.phraseExpression(words);
  }

  /**
   * Whether some indexed word starts as this ligature spelling does, up to its first `œ`
   * or `æ` (`cœ` for `cœurs`): only then are its typo variants worth their cost. Folded
   * French is full of `oe` and `ae` that no word writes with a ligature (`poesie`,
   * `aeroport`), and each such word would otherwise read its typo neighbours twice.
   */
  private ligatureBeginsWords(spelling: string): boolean {
    const at = spelling.search(/[œæ]/u);
    return at > 0 && this.indexed(spelling.slice(0, at + 1), true);
  }

  /** Whether the index holds this word (a typed prefix: a word starting with it). */
  private indexed(word: string, prefix: boolean): boolean {
    const vocabulary = this.vocabularyFor(word);
    if (!prefix) return vocabulary.has(word);
    const completions = vocabulary.completions(word, 1);
    return completions === null || completions.length > 0;
  }

  /**
   * A word read as two the index holds side by side (`cest` as `c est`, `peutetre` as
   * `peut etre`), written with an apostrophe or a hyphen between them, which the resolver
   * checks. A word the index holds itself is split only into two long words
   * (`videosurveillance`, also written `vidéo-surveillance`): a split into short, common
   * ones (`pour quoi`) would cost each search of it a phrase walk for a reading seldom meant.
   * A typed prefix that is no word but starts some is not split (the listener is typing it).
   */
  private splitAlternatives(word: string, prefix: boolean): string[] {
    if (word.length < 3) return [];
    const spellings = ftsSpellings(word);
    const known = spellings.some((s) => this.indexed(s, false));
    if (!known && prefix && spellings.some((s) => this.indexed(s, true))) return [];
    // A known word's second part is whole, as is the word.
    const tailPrefix = prefix && !known;
    const minHead = known ? MIN_KNOWN_WORD_SPLIT_PART : 1;
    const minTail = known ? MIN_KNOWN_WORD_SPLIT_PART : MIN_SPLIT_TAIL;
    const out: string[] = [];
    for (let k = minHead; k + minTail <= word.length && out.length < MAX_SPLIT_READINGS; k++) {
      const heads = ftsSpellings(word.slice(0, k)).filter((s) => this.indexed(s, false));
      if (heads.length === 0) continue;
      const tails = ftsSpellings(word.slice(k)).filter((s) => this.indexed(s, tailPrefix));
      for (const head of heads)
        for (const tail of tails) out.push(this.readingExpression([head, tail], tailPrefix));
    }
    // `cestadire`: no two words make it; three or four may.
    if (!known && out.length === 0)
      for (const reading of this.multiPartReadings(word, tailPrefix))
        out.push(this.readingExpression(reading, tailPrefix));
    return out.slice(0, MAX_SPLIT_READINGS);
  }

  /**
   * A phrase as FTS5 finds it fastest: made only of glue words, as the AND of its pair
   * tokens (a superset the resolver narrows to the real phrase; see glue-pairs.ts).
   * Words with `oe`/`ae` also as the index writes them, when it does (`cœur`); with
   * `apart`, numbers and acronyms also as written apart (`1 000 plaintes`).
   */
  private phraseExpression(words: string[], apart = false): string {
    const pairs = this.gluePairsReady ? phrasePairTokens(words) : null;
    if (pairs) return pairs.length === 1 ? quote(pairs[0] ?? '') : `(${pairs.map(quote).join(' AND ')})`;
    let forms: string[][] = [[]];
    for (const word of words) {
      // Ligature spellings the index holds only: each adds a phrase walk.
      const spellings = ftsSpellings(word).filter((s, i) => i === 0 || this.indexed(s, false));
      const parts = apart ? this.spelledApart(word) : null;
      if (parts) spellings.push(parts.join(' '));
      const glued = apart ? this.gluedReading(word) : null;
      if (glued) spellings.push(glued.join(' '));
      forms = forms.flatMap((f) => spellings.map((s) => [...f, s])).slice(0, MAX_PHRASE_SPELLINGS);
    }
    return forms.length === 1
      ? quote(words.join(' '))
      : `(${forms.map((f) => quote(f.join(' '))).join(' OR ')})`;
  }

  /**
   * A bare word as the text likely says it: as typed when the index holds it, else its
   * closest typo variants, then as typed (a glued or spelled-apart reading may still find
   * it). The candidate pools look for the words side by side or near each other: with the
   * typed form alone, a typo left them empty and a quote said word for word was missed.
   */
  private likelySpellings(term: QueryTerm): string[] {
    if (term.maxTypos === 0 || ftsSpellings(term.text).some((s) => this.indexed(s, false)))
      return [term.text];
    const variants = this.typoVariants(term.text, term.maxTypos);
    const fewest = variants[0]?.typos ?? 0;
    const closest = variants.filter((v) => v.typos === fewest).slice(0, MAX_PHRASE_SPELLINGS);
    return [...closest.map((v) => v.text), term.text];
  }

  /**
   * The bare words side by side, in query order (best proximity), or null. `withArticles`:
   * each after the elided article typed before it (`qu’il faut`, which ranks above `il
   * faut`), null when none was typed.
   */
  private adjacentExpression(query: ParsedQuery, withArticles = false): string | null {
    const terms = query.terms.filter((t) => !t.prefix);
    if (withArticles && !terms.some((t) => t.elision !== undefined)) return null;
    let readings: string[][] = [[]];
    for (const term of terms) {
      const spellings = this.likelySpellings(term);
      const article = withArticles ? term.elision : undefined;
      readings = readings
        .flatMap((r) => spellings.map((s) => (article ? [...r, article, s] : [...r, s])))
        .slice(0, MAX_PHRASE_SPELLINGS);
    }
    if ((readings[0]?.length ?? 0) < 2) return null;
    const phrases = readings.map((words) => this.phraseExpression(words, true));
    return phrases.length === 1 ? (phrases[0] ?? null) : `(${phrases.join(' OR ')})`;
  }

  /** A word as NEAR takes it: its likeliest spelling, or its indexed prefix. */
  private nearToken(t: QueryTerm): string {
    return t.prefix
      ? `${quote([...t.text].slice(0, MAX_INDEXED_PREFIX).join(''))} *`
      : quote(this.likelySpellings(t)[0] ?? t.text);
  }

  /**
   * The words within 10 words of each other, or null. NEAR takes no OR: a long prefix is
   * cut to its indexed first letters (looser, but this only gathers candidates that also
   * match every word, see the caller), and a word with a typo is its closest variant.
   */
  private nearExpression(query: ParsedQuery): string | null {
    const words = query.terms.map((t) => this.nearToken(t));
    const phrases = query.phrases.map((p) => quote(p.join(' ')));
    const all = [...words, ...phrases];
    if (all.length < 2) return null;
    return `NEAR(${all.join(' ')}, 10)`;
  }

  /** No column filters: they make FTS5 check every position's column (3× slower phrases). */
  private expression(core: string, query: ParsedQuery, filters: CompiledFilters): string {
    let expr = `(${core})`;
    if (filters.meta) expr = `${expr} AND ${filters.meta}`;
    if (hasExclusions(query)) expr = `(${expr}) NOT ${excludedExpression(query)}`;
    return expr;
  }

  private episodeAllowed(seq: number, filters: CompiledFilters): boolean {
    const e = this.episodes.get(seq);
    if (!e) return false;
    if (filters.dateFrom === null && filters.dateTo === null) return true;
    return inDateRange(e.hit.date, filters.dateFrom, filters.dateTo, false);
  }

  private walk(expr: string, cap: number, filters: CompiledFilters): number[] {
    return this.stmts.walk.all(expr, cap).filter((r) => this.episodeAllowed(episodeSeqOf(r), filters));
  }

  private loadPassages(rowids: number[]): { rowid: number; passage: Passage }[] {
    if (rowids.length === 0) return [];
    const out: { rowid: number; passage: Passage }[] = [];
    for (const row of this.stmts.passages.all(JSON.stringify(rowids))) {
      const seq = episodeSeqOf(row.id);
      const e = this.episodes.get(seq);
      if (!e) continue;
      const speakers = JSON.parse(row.speakers) as string[];
      const passage: Passage = {
        id: `${e.hit.id}:${row.id - seq * PASSAGE_ROWID_SPAN}`,
        ordinal: row.id - seq * PASSAGE_ROWID_SPAN,
        episodeId: e.hit.id,
        showId: e.hit.showId,
        language: e.language,
        date: e.hit.date,
        year: e.year,
        speakers,
        text: row.text,
        spans: decodeSpans(row.spans, speakers),
        episode: e.hit,
      };
      out.push({ rowid: row.id, passage });
    }
    return out;
  }

  /**
   * A pasted quote said with a word or two misremembered (pasted-quote-recall.ts): its
   * moments from the passages holding all typed words but one or two, in one clump (as
   * many words apart as typed, and the misremembered ones: a common word kept is in most
   * passages), a few per subset, leaving out the passages `tried` already.
   */
  private recallPastedQuote(
    query: ParsedQuery,
    positions: readonly TypedWord[],
    found: readonly ResolvedMoment[],
    tried: ReadonlySet<number>,
    filters: CompiledFilters,
  ): ResolvedMoment[] {
    const span = Math.max(0, ...positions.map((p) => p.position)) + MAX_MISREMEMBERED_WORDS;
    const levels = quoteRecallLevels(query, found, (m) => m.quoteWords);
    let step = levels.next([]);
    while (!step.done) {
      const rowids = new Set<number>();
      for (const subset of step.value) {
        const clump = `NEAR(${subset.map((t) => this.nearToken(t)).join(' ')}, ${span})`;
        for (const r of this.walk(this.expression(clump, query, filters), QUOTE_RECALL_PER_SUBSET, filters))
          if (!tried.has(r)) rowids.add(r);
      }
      step = levels.next(this.resolve(rowids, query, false, filters));
    }
    return step.value;
  }

  /**
   * Resolves passages into moments. The backend score is a bm25-like term-frequency score
   * computed here on the passage's own words (no IDF): FTS5's rank would first scan every
   * posting of each word to count documents, the cost we avoid.
   */
  private resolve(
    rowids: Iterable<number>,
    query: ParsedQuery,
    requireAll: boolean,
    filters: CompiledFilters,
    own?: OwnMoments,
    /**
     * Skip passages inside an untimed cue that already gave its moment. Not for the ranked
     * candidates: the best snippet of that moment may be in a later passage.
     */
    skipCuesGiven = false,
  ): ResolvedMoment[] {
    const ids = [...new Set(rowids)];
    const moments: ResolvedMoment[] = [];
    let matchTerm = this.termMatchers.get(query);
    if (!matchTerm) {
      matchTerm = createTermMatcher(query);
      this.termMatchers.set(query, matchTerm);
    }
    for (const { rowid, passage } of this.loadPassages(ids)) {
      // A cue without word timings is heard from its start: a long one (a transcript timed
      // by the minute or the hour) fills passages whose matches are all that one moment.
      const continued = untimedCueContinued(passage);
      const cueKey =
        continued && insideOneCue(passage) ? episodeSeqOf(rowid) * CUE_KEY_SPAN + continued.cue : -1;
      if (skipCuesGiven && cueKey >= 0 && this.untimedCuesWithMoment.has(cueKey)) {
        own?.set(rowid, []);
        this.cuePassagesSkipped++;
        continue;
      }
      const tokens = tokenize(passage.text);
      const matches = locateMatches(passage.text, query, tokens, matchTerm);
      const tf = new Map<number, number>();
      for (const m of matches) tf.set(m.unit, (tf.get(m.unit) ?? 0) + 1);
      let bm25 = 0;
      const norm = 1 - BM25_B + (BM25_B * tokens.length) / PASSAGE_TARGET_WORDS;
      for (const f of tf.values()) bm25 += (f * (BM25_K1 + 1)) / (f + BM25_K1 * norm);
      const backendScore = bm25 / (bm25 + 10);
      // A moment starting in the words this passage shares with the previous one is that
      // passage's too: counted there only, so estimates do not count it twice.
      const ownFrom =
        passage.ordinal > 0 && own ? episodePosition(passage, tokens[PASSAGE_OVERLAP_WORDS]?.start ?? 0) : -1;
      // Moments at the same second are one result (see mergeMoments).
      // The start of a cue begun in an earlier passage is that passage's moment.
      let lastOwnStart = continued ? continued.start : Number.NaN;
      const ownSpeakers: (string | null)[] = [];
      for (const m of resolvePassageMoments(passage, query, { backendScore, requireAll, matches })) {
        if (filters.speakers && !filters.speakers.has(foldText(m.hit.speaker ?? ''))) continue;
        moments.push(m);
        if (cueKey >= 0) this.untimedCuesWithMoment.add(cueKey);
        if (m.from >= ownFrom && m.hit.start !== lastOwnStart) {
          ownSpeakers.push(m.hit.speaker);
          lastOwnStart = m.hit.start;
        }
      }
      own?.set(rowid, ownSpeakers);
    }
    return moments;
  }

  /**
   * A page of moments cut from one order, with one total, whatever the page. A large set is
   * ranked from bounded candidates, and more candidates rank some above those of the
   * pages before (page 2 listed page 1's moments again and left others out): the order
   * is ranked in tiers of RELEVANCE_TIERS moments, each from as many candidates as a page
   * ending there draws, leaving out what the tiers before placed.
   */
  private searchPaged(request: SearchRequest): SearchResponse {
    if (request.group !== 'none' || request.facetsOnly === true) return this.searchNow(request);
    const started = performance.now();
    const end = request.offset + request.limit;
    if (request.sort !== 'relevance') {
      // A date order is the same from any candidates; a deeper page would only refine the
      // total (255 then 278 in a test): the total and facets are the first tier's.
      const ranked = { all: false };
      const first = this.searchNow(request, false, { rankTo: RELEVANCE_TIER, ranked });
      const hits =
        end <= RELEVANCE_TIER || ranked.all
          ? first.hits
          : this.searchNow(request, false, { rankTo: end, ranked: { all: false } }).hits;
      return { ...first, hits: hits.slice(request.offset, end), tookMs: performance.now() - started };
    }
    const order: SearchHit[] = [];
    const placed = new Set<string>();
    // The total and facets of the first tier, as page 1 gives them: the same on every page.
    let first: SearchResponse | null = null;
    for (let tier = RELEVANCE_TIER; ; tier *= 2) {
      const ranked = { all: false };
      const answer = this.searchNow(request, false, { rankTo: tier, ranked });
      first ??= answer;
      for (const hit of answer.hits) {
        if (order.length >= tier && !ranked.all) break;
        const key = `${hit.episode.id}@${hit.start}`;
        if (placed.has(key)) continue;
        placed.add(key);
        order.push(hit);
      }
      // Every moment was ranked at once: the order goes on as this tier's.
      if (ranked.all || tier >= end) break;
    }
    return { ...first, hits: order.slice(request.offset, end), tookMs: performance.now() - started };
  }

  /**
   * `wordsApart`: answer from the best subsets of the words (partial), as when nothing
   * holds every word — used when passages hold every word but no moment does (the words
   * said by another speaker than the one filtered on, too far apart), as Meilisearch does.
   * `tiers.rankTo`: rank at least that many moments and give them all as `hits` (not a
   * page); `tiers.ranked.all` tells whether every moment of the set was ranked.
   */
  private searchNow(
    request: SearchRequest,
    wordsApart = false,
    tiers?: { rankTo: number; ranked: { all: boolean } },
  ): SearchResponse {
    const started = performance.now();
    this.untimedCuesWithMoment.clear();
    this.cuePassagesSkipped = 0;
    validateRequest(request);
    const query = parseQuery(request.q);
    this.refresh();
    const filters = this.compileFilters(request.filters);
    const unitCount = queryUnitCount(query);
    // Both spellings of the units at once: they share the costly part (a prefix's completions).
    const { units, exact: exactUnits, joined } = this.unitExpressions(query);
    const fullExpr = this.expression(units.join(' AND '), query, filters);

    let partial = false;
    let walk = wordsApart ? [] : this.walk(fullExpr, MATCH_WALK_CAP + 1, filters);
    let activeExpr = fullExpr;
    let subsetExprs: string[] = [];
    if (walk.length === 0 && unitCount > 1) {
      // Nothing has every word: try all-but-one, then fewer, and mark the answer partial.
      let subsets: string[][] = [];
      for (let keep = unitCount - 1; keep >= 1 && walk.length === 0; keep--) {
        subsets = subsetsOf(units, keep);
        subsetExprs = subsets.map((s) => this.expression(s.join(' AND '), query, filters));
        const seen = new Set<number>();
        for (const e of subsetExprs) for (const r of this.walk(e, MATCH_WALK_CAP + 1, filters)) seen.add(r);
        walk = [...seen];
      }
      partial = walk.length > 0;
      // The set is the passages of those best subsets, however it is read (dated sorts,
      // groups): not every passage with one of the words.
      activeExpr = this.expression(subsets.map((s) => `(${s.join(' AND ')})`).join(' OR '), query, filters);
    }
    const requireAll = !partial;
    const base = { ...answeredQuery(request.q, query), partial };
    if (walk.length === 0) {
      return {
        ...base,
        total: 0,
        hits: [],
        facets: emptyFacets(),
        tookMs: performance.now() - started,
        ...(request.group === 'episode' ? { groups: [] } : {}),
      };
    }

    const complete = walk.length <= MATCH_WALK_CAP;
    // Facets only: one moment stands for the page (the estimate's reference passages are
    // resolved whatever the page), and no ranked pools are walked.
    const facetsOnly = request.facetsOnly === true;
    // Grouped, the ranked moments only order the episodes (the rest follow by passages
    // matched): as many whatever the page, so that every page cuts one order (ranked from
    // more candidates, page 2 listed 8 of page 1's 20 episodes again and left 8 out).
    const need = facetsOnly
      ? 1
      : request.group === 'episode'
        ? GROUP_RANKED_MOMENTS
        : (tiers?.rankTo ?? request.offset + request.limit);
    const k = facetsOnly ? FACETS_ONLY_CANDIDATES : Math.min(Math.max(2 * need, 60), 400);

    // Every matching passage, read at most once per search (dated sorts and groups use it).
    let whole: number[] | null | undefined;
    const wholeSet = () => (whole ??= this.wholeMatchSet(walk, complete, activeExpr, filters));
    // A large set is represented by a sample spread over the whole index, not by its walk.
    // FTS5 reads each of these parts to find the set.
    const parts = [
      ...units,
      ...filters.metaParts,
      ...(hasExclusions(query) ? [excludedExpression(query)] : []),
    ];
    const readsWhole = request.sort !== 'relevance' || request.group === 'episode';
    // (A complete walk is the whole set: its own sample.)
    const spread: SpreadSample | null = complete
      ? { rowids: walk, every: 1 }
      : partial
        ? null
        : this.spreadSample(walk, activeExpr, filters, readsWhole ? wholeSet() : null, parts);
    if (spread?.every === 1 && spread.rowids.length <= this.wholeWalkCap) whole ??= spread.rowids;
    // The sample in spread order, computed once: the page, the reference, the facets use it.
    let ordered: { of: readonly number[]; order: number[] } | null = null;
    const inSpreadOrder = (rowids: readonly number[]) =>
      ordered?.of === rowids ? ordered.order : (ordered = { of: rowids, order: spreadOrder(rowids) }).order;
    const unranked = spread && request.sort === 'relevance' ? inSpreadOrder(spread.rowids) : walk;

    let candidates: number[];
    const resolvedAll = complete && walk.length <= RESOLVE_ALL_CAP;
    if (resolvedAll) candidates = walk;
    else if (request.sort !== 'relevance') {
      candidates = this.datedCandidates(wholeSet(), activeExpr, filters, request.sort, k);
    } else {
      // Bounded pools instead of bm25 over the whole set: the words side by side, near
      // each other, spelled exactly; then the rest of the walk. The ranking orders them.
      const pools: string[] = [];
      if (facetsOnly) {
        // The page is not shown: its ranking is not needed.
      } else if (!partial) {
        // The words said as typed, elided articles included, first: a common phrase
        // without them (`il faut`) would fill the pool from the episodes indexed first.
        const said = this.adjacentExpression(query, true);
        if (said) pools.push(this.expression(`${said} AND ${units.join(' AND ')}`, query, filters));
        const adjacent = this.adjacentExpression(query);
        if (adjacent) pools.push(this.expression(adjacent, query, filters));
        // Two typed words said as one (`vidéosurveillance`): side by side too, however common
        // each word typed is.
        for (const expressions of joined)
          pools.push(
            this.expression(`(${expressions.join(' OR ')}) AND ${units.join(' AND ')}`, query, filters),
          );
        const near = this.nearExpression(query);
        if (near) pools.push(this.expression(`${near} AND ${units.join(' AND ')}`, query, filters));
        if (exactUnits.join() !== units.join())
          pools.push(this.expression(exactUnits.join(' AND '), query, filters));
      } else pools.push(...subsetExprs);
      const set = new Set<number>();
      for (const e of pools) {
        if (set.size >= 2 * k) break;
        let rows = this.walk(e, k, filters);
        if (spread && rows.length >= k) {
          // A pool about as common as the whole set is as well represented in the spread
          // sample, which does not favour the episodes indexed first; a rarer one is kept,
          // by a sample of its own when it has many more than k passages.
          const poolSize = this.walkedSetSize(rows);
          if (poolSize / Math.max(1, spread.rowids.length * spread.every) >= POOL_SPREAD_SHARE) continue;
          rows = this.poolSample(e, rows, poolSize, k, parts, filters);
        }
        for (const r of rows) set.add(r);
      }
      for (const r of unranked) {
        if (set.size >= k) break;
        set.add(r);
      }
      candidates = [...set];
    }
    const own: OwnMoments = new Map();
    const moments = this.resolve(candidates, query, requireAll, filters, own);
    let merged = mergeMoments(moments);
    // Every passage of a complete walk tried (resolved, or skipped as a moment already
    // given): the moments found are all there are.
    let triedWholeWalk = false;
    if (!resolvedAll) {
      // A candidate may give no moment (a glue phrase's pair tokens without its words side
      // by side, a speaker filter): resolve further candidates, k at a time, until the page
      // is full or the walk is spent.
      const tried = new Set(candidates);
      let wider: number[] | null = null;
      let next = 0;
      let widened = false;
      while (merged.length < need) {
        wider ??=
          request.sort === 'relevance'
            ? spread
              ? [...unranked, ...walk]
              : walk
            : this.datedCandidates(wholeSet(), activeExpr, filters, request.sort, k * 16);
        const more: number[] = [];
        for (; next < wider.length && more.length < k; next++) {
          const r = wider[next] ?? 0;
          if (!tried.has(r)) more.push(r);
        }
        if (more.length === 0) {
          // Candidates spent mostly on one long untimed cue (its passages give one moment):
          // the rest of the set, when it can be read whole, holds the other moments.
          if (!widened && !complete && this.cuePassagesSkipped * 2 >= tried.size) {
            widened = true;
            const all = wholeSet();
            if (all) {
              wider =
                request.sort === 'relevance'
                  ? all
                  : this.datedCandidates(all, activeExpr, filters, request.sort, all.length);
              next = 0;
              continue;
            }
          }
          triedWholeWalk = complete && walk.every((r) => tried.has(r));
          break;
        }
        for (const r of more) tried.add(r);
        candidates.push(...more);
        moments.push(...this.resolve(more, query, requireAll, filters, own, true));
        merged = mergeMoments(moments);
      }
    }

    // A pasted quote said with a word or two misremembered (see recallPastedQuote).
    let recalled: ResolvedMoment[] = [];
    if (query.typedPositions && recallsPastedQuote(query, request)) {
      recalled = this.recallPastedQuote(query, query.typedPositions, merged, new Set(candidates), filters);
      if (recalled.length > 0) merged = mergeMoments([...moments, ...recalled]);
    }

    if (merged.length === 0 && !partial && unitCount > 1) return this.searchNow(request, true, tiers);

    // Totals and facets: exact when every matching passage was resolved.
    let facets: FacetCounts;
    let total: number;
    let estimated = false;
    if (tiers) tiers.ranked.all = resolvedAll || triedWholeWalk;
    if (resolvedAll || triedWholeWalk) {
      facets = this.momentFacets(merged);
      total = merged.length;
    } else {
      estimated = true;
      // Passages per passage counted: the spread sample's step, or the walk's share of the
      // index (its first passages stand for the rest; uniform density assumed).
      const counted = spread ? spread.rowids : walk.slice(0, MATCH_WALK_CAP);
      const scale = spread
        ? spread.every
        : 1 / (complete ? 1 : this.walkCoverage(walk[walk.length - 1] ?? 0).passages);
      const reference = inSpreadOrder(counted).slice(0, REFERENCE_PASSAGES);
      const unresolved = reference.filter((r) => !own.has(r));
      // Counted only, not shown: under a dated sort they are not the page's moments.
      if (unresolved.length > 0) this.resolve(unresolved, query, requireAll, filters, own, true);
      let moments = 0;
      for (const r of reference) moments += own.get(r)?.length ?? 0;
      const perPassage = moments / Math.max(1, reference.length);
      if (moments === 0 && merged.length > 0) {
        // Counted from the page: a facets-only search counts the page the full one shows.
        if (facetsOnly) return this.searchNow({ ...request, facetsOnly: false }, wordsApart);
        // The reference passages hold none of the moments found: count those (a lower bound).
        facets = this.momentFacets(merged);
        total = merged.length;
      } else {
        facets = this.walkFacets(counted, inSpreadOrder(counted), perPassage, scale, own);
        total = Math.max(
          merged.length,
          Math.round((spread ? counted.length : walk.length) * perPassage * scale),
        );
      }
    }

    if (request.group === 'episode') {
      // The whole match set, when it could be read, gives each episode's passages: one walk
      // costs about what one per-episode range query does (2 ms each for a word with many
      // typo variants, measured at 1M cues).
      const all = wholeSet();
      const groupComplete = all !== null || complete;
      const { groups, episodeTotal } = this.episodeGroups(
        all ?? walk,
        groupComplete,
        all !== null,
        merged,
        query,
        requireAll,
        filters,
        activeExpr,
        request,
        recalled,
      );
      return {
        ...base,
        total: episodeTotal,
        ...(groupComplete ? {} : { estimated: true }),
        ...(estimated ? { facetsEstimated: true } : {}),
        hits: groups.flatMap((g) => g.moments),
        groups,
        facets,
        tookMs: performance.now() - started,
      };
    }
    return {
      ...base,
      total,
      ...(estimated ? { estimated, facetsEstimated: true } : {}),
      hits: tiers
        ? flatHits(merged, request.sort)
        : flatHits(merged, request.sort).slice(request.offset, need),
      facets,
      tookMs: performance.now() - started,
    };
  }

  /**
   * Every passage matching `expr`: the walk when it is complete, else the set read whole
   * when the walk shows it has at most wholeWalkCap passages; null for a larger set. A set
   * of a few thousand passages spread thin over the episodes is cheaper to read whole than
   * episode by episode (one range query each: 200 ms measured for ~1,000 matches over 3,000
   * episodes); a denser set fills a page in a few episodes.
   */
  private wholeMatchSet(
    walk: number[],
    complete: boolean,
    expr: string,
    filters: CompiledFilters,
  ): number[] | null {
    if (complete) return walk;
    if (this.matchEstimate(walk) > this.wholeWalkCap) return null;
    const whole = this.walk(expr, this.wholeWalkCap + 1, filters);
    return whole.length <= this.wholeWalkCap ? whole : null;
  }

  /**
   * One passage in `every` of a large match set, over the whole index: from the whole set
   * when it was read anyway, else by reading it once, unless that reads more than
   * SPREAD_SCAN_CAP postings of the expression's `parts`: then from its sample tokens, or
   * null in an index without them.
   */
  private spreadSample(
    walk: number[],
    expr: string,
    filters: CompiledFilters,
    whole: number[] | null,
    parts: string[],
  ): SpreadSample | null {
    // The same passages whether or not the whole set was read (a dated sort reads it), so
    // that totals and facets do not change with the sort: sized by the walk, and picked
    // from `whole` as the SQL below would pick them.
    const size = this.matchEstimate(walk);
    // One part: its postings are the set's, which the walk has sized already.
    let postings = parts.length === 1 ? size : 0;
    for (const part of parts.length === 1 ? [] : parts) {
      postings += this.partSize(part);
      if (postings > this.spreadScanCap) break;
    }
    // Past the cap, sample tokens cost less than reading the set (when the index has them).
    if (postings > this.spreadScanCap) {
      const sampled = this.sampleLevelsReady ? this.levelSample(expr, size, parts, filters, whole) : null;
      // A set read whole is better estimated from itself than from the walk (the dated
      // sorts then count otherwise than relevance: see the README).
      if (sampled || whole === null) return sampled;
    }
    // Odd, so that (rowid = seq × 2^20 + ordinal) the passages kept sit at a different place
    // in each episode, not always at its first passages.
    const every = Math.max(1, Math.round(size / SPREAD_SAMPLE_SIZE)) | 1;
    const rowids = whole
      ? whole.filter((r) => r % every === 0)
      : this.stmts.spread.all(expr, every).filter((r) => this.episodeAllowed(episodeSeqOf(r), filters));
    return rowids.length > 0 ? { rowids, every } : null;
  }

  /**
   * The passages of a large set that carry the sample token of the level that keeps about
   * SPREAD_SAMPLE_SIZE of them (sample-levels.ts): spread over the whole index at the cost
   * of the passages kept, however common the words.
   */
  private levelSample(
    expr: string,
    size: number,
    parts: string[],
    filters: CompiledFilters,
    whole: number[] | null,
  ): SpreadSample | null {
    const rowsAt = (level: number) =>
      whole ? whole.filter((r) => sampleLevelOf(r) >= level) : this.levelRows(expr, level, filters);
    // A short typed prefix is read whole by FTS5 whatever the token (see poolSample).
    if (parts.some(hasTypedPrefix)) return null;
    const thinnest = this.thinnestAffordableLevel(parts, size);
    let level = Math.max(sampleLevelFor(size, SPREAD_SAMPLE_SIZE), thinnest);
    if (size / 2 ** level < MIN_LEVEL_SAMPLE) return null;
    let rowids = rowsAt(level);
    // The walk sized the set from the episodes indexed first: when the set is much rarer
    // in the others, the sample is too thin, and is read again at the level its size asks.
    const fitting = Math.max(sampleLevelFor(rowids.length * 2 ** level, SPREAD_SAMPLE_SIZE), thinnest);
    if (fitting < level - 1) {
      level = fitting;
      rowids = rowsAt(level);
    }
    return rowids.length > 0 ? { rowids, every: 2 ** level } : null;
  }

  /** The first sample level whose AND with these parts stays within LEVEL_STEPS_BUDGET. */
  private thinnestAffordableLevel(parts: string[], size: number): number {
    // One part is the set itself, which the walk has sized already.
    let sparsest = parts.length === 1 ? size : Infinity;
    // Each alternative of a part (typo variants, a long prefix's completions) is stepped apart.
    let alternatives = 0;
    for (const part of parts) {
      if (parts.length > 1) sparsest = Math.min(sparsest, this.partSize(part));
      alternatives += part.split(' OR ').length;
    }
    let level = 1;
    while (
      level < MAX_SAMPLE_LEVEL &&
      Math.min(this.passageCount / 2 ** level, sparsest) * alternatives > LEVEL_STEPS_BUDGET
    )
      level++;
    return level;
  }

  /**
   * About k passages of a candidate pool spread over the whole index, by sample tokens,
   * instead of its first k rows (the episodes indexed first); those rows when the index has
   * no sample tokens, the pool has a typed prefix, its words more than POOL_SCAN_CAP
   * postings, or not many more than k passages, or its sample is too thin.
   */
  private poolSample(
    expr: string,
    rows: number[],
    size: number,
    k: number,
    parts: string[],
    filters: CompiledFilters,
  ): number[] {
    // FTS5 reads a typed prefix's every posting on each query (2–4 ms for a 3-letter one at
    // a million cues): a pool with one keeps its first rows.
    if (!this.sampleLevelsReady || hasTypedPrefix(expr)) return rows;
    const level = sampleLevelFor(size, k);
    if (level === 0) return rows;
    let postings = 0;
    for (const part of parts) if ((postings += this.partSize(part)) > POOL_SCAN_CAP) return rows;
    const sampled = this.levelRows(expr, level, filters);
    return sampled.length >= k / 2 ? sampled : rows;
  }

  private levelRows(expr: string, level: number, filters: CompiledFilters): number[] {
    const sampled = level === 0 ? expr : `(${expr}) AND ${quote(sampleLevelToken(level))}`;
    return this.walk(sampled, -1, filters);
  }

  /** Passages of a set an unranked walk stopped in, estimated from the rows it read. */
  private walkedSetSize(rows: number[]): number {
    return rows.length / this.walkCoverage(rows[rows.length - 1] ?? 0).passages;
  }

  /**
   * Candidates in date order: the first passages of the newest (or oldest) episodes, from
   * the whole match set when there is one, else episode by episode.
   */
  private datedCandidates(
    matches: number[] | null,
    expr: string,
    filters: CompiledFilters,
    sort: SearchSort,
    k: number,
  ): number[] {
    const { order, rank } = this.dateOrder(sort);
    if (matches) {
      // Sorted as numbers (date rank, then position in the episode): no comparator calls.
      const keys = new Float64Array(matches.length);
      let n = 0;
      for (const r of matches) {
        const seq = episodeSeqOf(r);
        const at = rank.get(seq);
        if (at !== undefined) keys[n++] = at * PASSAGE_ROWID_SPAN + (r - seq * PASSAGE_ROWID_SPAN);
      }
      const sorted = keys.subarray(0, n).sort();
      const out: number[] = [];
      for (const key of sorted.subarray(0, k)) {
        const seq = order[Math.floor(key / PASSAGE_ROWID_SPAN)] ?? 0;
        out.push(seq * PASSAGE_ROWID_SPAN + (key % PASSAGE_ROWID_SPAN));
      }
      return out;
    }
    const out: number[] = [];
    for (const seq of order) {
      if (!this.episodeAllowed(seq, filters)) continue;
      const lo = seq * PASSAGE_ROWID_SPAN;
      out.push(...this.stmts.walkRange.all(expr, lo, lo + PASSAGE_ROWID_SPAN - 1, k));
      if (out.length >= k) break;
    }
    return out;
  }

  /** Episode order by date, per sort, kept until the index changes (sorting 3,000 episodes is 0.4 ms). */
  private dateOrders = new Map<
    SearchSort,
    { generation: number; order: number[]; rank: Map<number, number> }
  >();

  private dateOrder(sort: SearchSort): { order: number[]; rank: Map<number, number> } {
    const kept = this.dateOrders.get(sort);
    if (kept?.generation === this.generation) return kept;
    const dir = sort === 'newest' ? -1 : 1;
    const order = [...this.episodes.values()]
      .sort((a, b) => {
        const da = a.hit.date ?? '';
        const db = b.hit.date ?? '';
        if (da === db) return a.hit.id.localeCompare(b.hit.id);
        if (da === '') return 1;
        if (db === '') return -1;
        return da < db ? -dir : dir;
      })
      .map((e) => e.seq);
    const fresh = { generation: this.generation, order, rank: new Map(order.map((seq, i) => [seq, i])) };
    this.dateOrders.set(sort, fresh);
    return fresh;
  }

  /** Passages matching in all, extrapolated from a bounded walk (exact when it is complete). */
  private matchEstimate(walk: number[]): number {
    if (walk.length <= MATCH_WALK_CAP) return walk.length;
    return this.walkedSetSize(walk);
  }

  /**
   * Share of the index an unranked walk that stopped at `lastRowid` has read (by passages
   * and by episodes): the walk goes in rowid order, so what it found scales by 1/share.
   */
  private walkCoverage(lastRowid: number): { passages: number; episodes: number } {
    const seq = episodeSeqOf(lastRowid);
    let lo = 0;
    let hi = this.seqOrder.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.seqOrder[mid] ?? 0) <= seq) lo = mid;
      else hi = mid - 1;
    }
    const ordinal = lastRowid - seq * PASSAGE_ROWID_SPAN + 1;
    const read =
      (this.passagesBefore[lo] ?? 0) + Math.min(ordinal, this.episodes.get(seq)?.passages ?? ordinal);
    return {
      passages: Math.min(1, Math.max(read / Math.max(1, this.passageCount), 1e-6)),
      episodes: Math.min(1, (lo + 1) / Math.max(1, this.seqOrder.length)),
    };
  }

  private momentFacets(moments: ResolvedMoment[]): FacetCounts {
    const f = new FacetTally();
    for (const m of moments) {
      const seq = this.seqOfEpisodeId(m.episodeId);
      const e = seq === undefined ? undefined : this.episodes.get(seq);
      bump(f.show, m.hit.episode.showId);
      bump(f.speaker, m.hit.speaker);
      bump(f.language, e?.language);
      bump(f.year, e?.yearKey);
    }
    return f.counts();
  }

  /**
   * Facets extrapolated from a sample of a large match set (`rowids`, and `ordered`, the
   * same in spread order; each stands for `scale` passages with `perPassage` moments):
   * show, language and year from the episode of each rowid. Speakers from the first
   * SPEAKER_FACET_SAMPLE in spread order, whose first REFERENCE_PASSAGES are the reference
   * (resolved, in `own`): those tell who says each of their moments; another passage where
   * one person speaks gives them its moments; one where several speak shares them by how
   * often each says the words per reference passage they talk in (evenly when none does).
   */
  private walkFacets(
    rowids: number[],
    ordered: readonly number[],
    perPassage: number,
    scale: number,
    own: OwnMoments,
  ): FacetCounts {
    const ratio = perPassage * scale;
    // No moment in the sample: nothing to count (not 1 for every show walked).
    if (ratio <= 0) return emptyFacets();
    const f = new FacetTally();
    const perEpisode = new Map<number, number>();
    for (const r of rowids) {
      const seq = episodeSeqOf(r);
      perEpisode.set(seq, (perEpisode.get(seq) ?? 0) + 1);
    }
    for (const [seq, n] of perEpisode) {
      const e = this.episodes.get(seq);
      if (!e) continue;
      bump(f.show, e.hit.showId, n * ratio);
      bump(f.language, e.language, n * ratio);
      bump(f.year, e.yearKey, n * ratio);
    }
    const sample = ordered.slice(0, SPEAKER_FACET_SAMPLE);
    const passageSpeakers = this.speakersOfPassages(sample);
    // How often each says the words per reference passage they speak in: a host who talks
    // in every passage but seldom says them weighs little.
    const reference = sample.slice(0, REFERENCE_PASSAGES);
    const referenceSpeakers = reference.flatMap((r) => own.get(r) ?? []);
    const rate = speakerRates(
      passageSpeakers.slice(0, REFERENCE_PASSAGES).map((list) => list ?? []),
      referenceSpeakers,
      1,
    );
    const bySpeaker = new Map<string, number>();
    for (const s of referenceSpeakers) bump(bySpeaker, s);
    for (let i = REFERENCE_PASSAGES; i < sample.length; i++) {
      const speakers = passageSpeakers[i] ?? [];
      let weights = speakers.map(rate);
      if (!weights.some((w) => w > 0)) weights = speakers.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      speakers.forEach((s, k) => bump(bySpeaker, s, (perPassage * (weights[k] ?? 0)) / total));
    }
    const perSampled = (scale * rowids.length) / Math.max(1, sample.length);
    for (const [s, n] of bySpeaker) if (n > 0) bump(f.speaker, s, n * perSampled);
    return f.counts(true);
  }

  private episodeIdIndex = new Map<string, number>();
  private episodeIdIndexGeneration = -1;

  private seqOfEpisodeId(id: string): number | undefined {
    if (this.episodeIdIndexGeneration !== this.generation) {
      this.episodeIdIndex = new Map([...this.episodes.values()].map((e) => [e.hit.id, e.seq]));
      this.episodeIdIndexGeneration = this.generation;
    }
    return this.episodeIdIndex.get(id);
  }

  /**
   * Episodes of the page, each with every matching moment, best first: by their best
   * moment among the resolved candidates, then by how many passages matched. Dated sorts
   * take episodes in date order. An episode's passages come from the walk when it holds
   * every match of the expression (one FTS5 query per episode otherwise, by rowid range).
   */
  private episodeGroups(
    walk: number[],
    complete: boolean,
    walkHasAll: boolean,
    ranked: ResolvedMoment[],
    query: ParsedQuery,
    requireAll: boolean,
    filters: CompiledFilters,
    expr: string,
    request: SearchRequest,
    /** A pasted quote's moments found outside the set (recallPastedQuote): in their episode's group. */
    recalled: readonly ResolvedMoment[],
  ): { groups: EpisodeGroup[]; episodeTotal: number } {
    const recalledOf = new Map<number, ResolvedMoment[]>();
    for (const m of recalled) {
      const seq = this.seqOfEpisodeId(m.episodeId);
      if (seq === undefined) continue;
      const list = recalledOf.get(seq);
      if (list) list.push(m);
      else recalledOf.set(seq, [m]);
    }
    const counts = new Map<number, number>();
    const walked = new Map<number, number[]>();
    for (const r of walk) {
      const seq = episodeSeqOf(r);
      counts.set(seq, (counts.get(seq) ?? 0) + 1);
      if (!walkHasAll) continue;
      const list = walked.get(seq);
      if (list) list.push(r);
      else walked.set(seq, [r]);
    }
    let order: number[];
    if (request.sort === 'relevance') {
      const best = new Map<number, number>();
      for (const m of ranked) {
        const seq = this.seqOfEpisodeId(m.episodeId);
        if (seq !== undefined && m.hit.score > (best.get(seq) ?? -1)) best.set(seq, m.hit.score);
      }
      // Episodes of the best resolved moments come first even when a bounded walk stopped
      // before their passages.
      order = [...new Set([...best.keys(), ...counts.keys()])].sort(
        (a, b) =>
          (best.get(b) ?? -1) - (best.get(a) ?? -1) || (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b,
      );
    } else {
      order = this.dateOrder(request.sort).order.filter((s) =>
        complete ? counts.has(s) : this.episodeAllowed(s, filters),
      );
    }
    const groups: EpisodeGroup[] = [];
    let found = 0;
    let checked = 0;
    for (const seq of order) {
      if (groups.length >= request.limit) break;
      checked++;
      const lo = seq * PASSAGE_ROWID_SPAN;
      const rowids = walkHasAll
        ? (walked.get(seq) ?? [])
        : this.stmts.walkRange.all(expr, lo, lo + PASSAGE_ROWID_SPAN - 1, MAX_PASSAGES_PER_EPISODE);
      const quoteMoments = recalledOf.get(seq) ?? [];
      if (rowids.length === 0 && quoteMoments.length === 0) continue;
      // Each passage of the episode is read once here: a long untimed cue gives its moment
      // from its first passage with a match, and its other passages are skipped.
      this.untimedCuesWithMoment.clear();
      const [group] = groupByEpisode(
        [...this.resolve(rowids, query, requireAll, filters, undefined, true), ...quoteMoments],
        request.sort,
      );
      if (!group) continue;
      found++;
      if (found <= request.offset) continue;
      groups.push(group);
    }
    if (request.sort === 'relevance') {
      groups.sort(
        (a, b) => b.score - a.score || b.count - a.count || a.episode.id.localeCompare(b.episode.id),
      );
    }
    // Exact when every episode of the (complete) walk was checked; else the walk's count.
    const share = complete ? 1 : this.walkCoverage(walk[walk.length - 1] ?? 0).episodes;
    const episodeTotal =
      complete && checked === order.length ? found : Math.max(found, Math.round(counts.size / share));
    return { groups, episodeTotal };
  }
}

function inDateRange(date: string | null, from: string | null, to: string | null, byYear: boolean): boolean {
  if (date === null) return false;
  const y = date.slice(0, 4);
  if (byYear) return (from === null || y >= from.slice(0, 4)) && (to === null || y <= to.slice(0, 4));
  return (from === null || date >= from) && (to === null || date.slice(0, to.length) <= to);
}

/** Positions an order key can hold (more than any sample or walk). */
const SPREAD_KEY_SPAN = 2 ** 21;

/**
 * Rowids in a fixed random order (by a hash of each): any prefix is a random sample of
 * them, spread over the episodes, and unlike evenly spaced positions it cannot fall in
 * step with a pattern that repeats through the archive (every episode's opening words).
 */
function spreadOrder(rowids: readonly number[]): number[] {
  // Sorted as numbers (hash × 2^21 + position, exact in a double): 3× faster than objects.
  const keys = new Float64Array(rowids.length);
  for (let i = 0; i < rowids.length; i++) keys[i] = rowidHash(rowids[i] ?? 0) * SPREAD_KEY_SPAN + i;
  keys.sort();
  return Array.from(keys, (key) => rowids[key % SPREAD_KEY_SPAN] ?? 0);
}

export interface SqliteSearchTuning {
  /** Dated sorts and grouped answers read a match set whole up to this many passages (tests lower it). */
  wholeWalkCap?: number;
  /** Sets with more postings than this are sampled by sample tokens (tests lower it). */
  spreadScanCap?: number;
}

export function createSqliteSearchBackend(
  db: Database.Database,
  tuning: SqliteSearchTuning = {},
): SearchBackend {
  return new SqliteSearchBackend(
    db,
    tuning.wholeWalkCap ?? WHOLE_WALK_CAP,
    tuning.spreadScanCap ?? SPREAD_SCAN_CAP,
  );
}
