// The one resolver shared by every backend: from a passage and where the query matched
// inside it, to the moments a listener sees (time to jump to, speaker, snippet with
// highlight ranges, text before/after), de-duplicated across overlapping passages,
// ranked, and grouped by episode.
//
// RANKING (the same for every backend; a hit's `score` encodes it, higher is better):
//   1. words matched: more distinct query words (a quoted phrase counts as one) first;
//   2. proximity: the matched words closer together first (an exact phrase, or the
//      words side by side, scores best); gaps are counted in words, capped at 99;
//   3. exactness: fewer typos first, then fewer words matched only as a prefix;
//   4. the backend's own relevance (bm25 for SQLite, Meilisearch's ranking score),
//      normalised to 0..1, breaks the remaining ties.
// Episodes (group=episode) are ordered by their best moment, then by how many moments
// they have. Sort newest/oldest orders by episode date, then by time in the episode.
import type { EpisodeGroup, SearchHit, SearchSort, TextRange } from './search-types.ts';
import type { Passage, PassageSpan } from './passages.ts';
import type { ParsedQuery } from './query/parse-query.ts';
import { queryUnitCount } from './query/parse-query.ts';
import { tokenize, type TextToken } from './text-fold.ts';
import { typosBetween } from './typo-rules.ts';

/** One matched word inside a passage text. */
export interface PassageMatch {
  /** [start, end) in the passage text. */
  start: number;
  end: number;
  /** Index of the matched query unit: terms first, then phrases. */
  unit: number;
  /** Token index in the passage (for proximity). */
  token: number;
  typos: number;
  /** Matched only as a prefix of a longer word. */
  prefix: boolean;
  /** Part of an exact phrase. */
  phrase: boolean;
}

/** A moment ready to be ranked and merged with the moments of overlapping passages. */
export interface ResolvedMoment {
  hit: SearchHit;
  episodeId: string;
  /** Absolute position of the first and last matched word in the episode (cue*1e6+char). */
  from: number;
  to: number;
  /** How centred the match is in its passage (0..1, 1 = centre): best context wins ties. */
  centring: number;
}

/** Words apart beyond which two matches are separate moments. */
export const MOMENT_GAP_WORDS = 12;
/** Characters of context kept on each side of the match in the snippet. */
export const SNIPPET_CONTEXT_CHARS = 50;
/** Longest snippet; a longer match span is cut after its start. */
export const MAX_SNIPPET_CHARS = 320;
/** Characters of before/after text. */
export const SIDE_TEXT_CHARS = 90;

/** How one passage word matches the query's terms: the best term it matches. */
export interface TermMatch {
  unit: number;
  typos: number;
  prefix: boolean;
}

/**
 * The best query term each word matches (fewest typos, first term on a tie), or null.
 * Remembered per word: one search meets the same words in passage after passage.
 */
export function createTermMatcher(query: ParsedQuery): (word: string) => TermMatch | null {
  const known = new Map<string, TermMatch | null>();
  return (word) => {
    let found = known.get(word);
    if (found !== undefined) return found;
    found = null;
    for (let unit = 0; unit < query.terms.length; unit++) {
      const term = query.terms[unit];
      if (!term) continue;
      let typos = -1;
      let prefix = false;
      if (word === term.text) typos = 0;
      else if (term.prefix && word.startsWith(term.text)) {
        typos = 0;
        prefix = true;
      } else if (term.maxTypos > 0) typos = typosBetween(term.text, word, term.maxTypos);
      if (typos >= 0 && (!found || typos < found.typos)) found = { unit, typos, prefix };
    }
    known.set(word, found);
    return found;
  };
}

/** Finds every word of the passage text that matches the query (terms and phrases). */
export function locateMatches(
  text: string,
  query: ParsedQuery,
  tokens?: TextToken[],
  matchTerm: (word: string) => TermMatch | null = createTermMatcher(query),
): PassageMatch[] {
  const toks = tokens ?? tokenize(text);
  const out: PassageMatch[] = [];
  if (query.terms.length > 0) {
    for (let i = 0; i < toks.length; i++) {
      const tok = toks[i];
      const found = tok ? matchTerm(tok.term) : null;
      if (!tok || !found) continue;
      out.push({
        start: tok.start,
        end: tok.end,
        unit: found.unit,
        token: i,
        typos: found.typos,
        prefix: found.prefix,
        phrase: false,
      });
    }
  }
  query.phrases.forEach((phrase, p) => {
    const unit = query.terms.length + p;
    for (let i = 0; i + phrase.length <= toks.length; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) ok = toks[i + k]?.term === phrase[k];
      if (!ok) continue;
      for (let k = 0; k < phrase.length; k++) {
        const tok = toks[i + k];
        if (tok)
          out.push({
            start: tok.start,
            end: tok.end,
            unit,
            token: i + k,
            typos: 0,
            prefix: false,
            phrase: true,
          });
      }
      i += phrase.length - 1;
    }
  });
  out.sort((a, b) => a.start - b.start || a.unit - b.unit);
  return out;
}

interface RankParts {
  matchedWords: number;
  proximity: number;
  typos: number;
  prefixes: number;
  backendScore: number;
}

/** One number that orders hits by the ranking rules above (higher is better). */
export function rankScore(p: RankParts): number {
  const proximity = Math.min(Math.max(p.proximity, 0), 99);
  const typos = Math.min(p.typos, 49);
  const prefixes = Math.min(p.prefixes, 49);
  const backend = Math.min(Math.max(p.backendScore, 0), 1);
  return (
    p.matchedWords * 1e7 + (99 - proximity) * 1e5 + (49 - typos) * 1e3 + (49 - prefixes) * 10 + backend * 9.99
  );
}

function rankPartsOf(matches: PassageMatch[], backendScore: number): RankParts {
  const units = new Set(matches.map((m) => m.unit));
  const tokens = new Set(matches.map((m) => m.token));
  const first = matches[0]?.token ?? 0;
  const last = matches[matches.length - 1]?.token ?? 0;
  return {
    matchedWords: units.size,
    proximity: last - first + 1 - tokens.size,
    typos: matches.reduce((n, m) => n + m.typos, 0),
    prefixes: matches.filter((m) => m.prefix).length,
    backendScore,
  };
}

const unitsIn = (ms: PassageMatch[]) => new Set(ms.map((m) => m.unit)).size;

/** True when `b` continues the same occurrence of a phrase as `a`. */
function continuesPhrase(a: PassageMatch | undefined, b: PassageMatch | undefined): boolean {
  return !!a && !!b && a.phrase && b.phrase && a.unit === b.unit && b.token === a.token + 1;
}

/**
 * Splits sorted matches into candidate moments: a gap of more than MOMENT_GAP_WORDS words
 * starts a new one, and so does a word already matched once every unit is covered
 * (a word said twice in a row makes two moments).
 */
function clusterMatches(matches: PassageMatch[], unitCount: number): PassageMatch[][] {
  const clusters: PassageMatch[][] = [];
  let current: PassageMatch[] = [];
  let units = new Set<number>();
  for (const m of matches) {
    const prev = current[current.length - 1];
    const split =
      prev !== undefined &&
      !continuesPhrase(prev, m) &&
      (m.token - prev.token > MOMENT_GAP_WORDS || (units.size >= unitCount && units.has(m.unit)));
    if (split) {
      clusters.push(current);
      current = [];
      units = new Set();
    }
    current.push(m);
    units.add(m.unit);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}

/** Smallest run of matches that covers every unit present (whole phrase occurrences kept). */
function smallestCoveringWindow(matches: PassageMatch[]): PassageMatch[] {
  const need = unitsIn(matches);
  const counts = new Map<number, number>();
  let bestFrom = 0;
  let bestTo = matches.length - 1;
  let from = 0;
  for (let to = 0; to < matches.length; to++) {
    const u = matches[to]?.unit ?? -1;
    counts.set(u, (counts.get(u) ?? 0) + 1);
    while (counts.size === need) {
      const span = (matches[to]?.token ?? 0) - (matches[from]?.token ?? 0);
      if (span < (matches[bestTo]?.token ?? 0) - (matches[bestFrom]?.token ?? 0)) {
        bestFrom = from;
        bestTo = to;
      }
      const fu = matches[from]?.unit ?? -1;
      const c = (counts.get(fu) ?? 1) - 1;
      if (c === 0) counts.delete(fu);
      else counts.set(fu, c);
      from++;
    }
  }
  while (bestFrom > 0 && continuesPhrase(matches[bestFrom - 1], matches[bestFrom])) bestFrom--;
  while (bestTo < matches.length - 1 && continuesPhrase(matches[bestTo], matches[bestTo + 1])) bestTo++;
  return matches.slice(bestFrom, bestTo + 1);
}

/**
 * The groups of matches that make moments in one passage. With `requireAll`, a moment
 * must match every query unit (phrase or word); otherwise the clusters matching the most
 * units are moments (partial answers).
 */
export function momentMatchGroups(
  matches: PassageMatch[],
  unitCount: number,
  requireAll: boolean,
): PassageMatch[][] {
  if (matches.length === 0) return [];
  const clusters = clusterMatches(matches, unitCount);
  const whole = clusters.filter((c) => unitsIn(c) >= unitCount);
  if (whole.length > 0) return whole.map(smallestCoveringWindow);
  if (unitsIn(matches) >= unitCount) return [smallestCoveringWindow(matches)];
  if (requireAll) return [];
  const bestUnits = Math.max(...clusters.map(unitsIn));
  return clusters.filter((c) => unitsIn(c) === bestUnits).map(smallestCoveringWindow);
}

function spanAt(passage: Passage, pos: number): PassageSpan | undefined {
  let found: PassageSpan | undefined;
  for (const s of passage.spans) {
    if (s.charStart <= pos) found = s;
    else break;
  }
  return found;
}

/** Where the first matched word is spoken: its word timing, else its cue's start. */
function startTimeAt(span: PassageSpan, pos: number): number {
  if (span.words) {
    let t: number | undefined;
    for (const w of span.words) {
      if (w.charStart <= pos) t = w.start;
      else break;
    }
    if (t !== undefined) return t;
  }
  return span.start;
}

/** Where the last matched word ends: its word timing, else its cue's end. */
function endTimeAt(span: PassageSpan, pos: number): number {
  if (span.words) {
    for (const w of span.words) if (w.charEnd >= pos) return w.end;
  }
  return span.end;
}

function absolutePosition(span: PassageSpan, pos: number): number {
  return span.cue * 1e6 + span.cueTextOffset + (pos - span.charStart);
}

/** A passage's character offset as a position in its episode (the unit of `ResolvedMoment.from`). */
export function episodePosition(passage: Passage, pos: number): number {
  const span = spanAt(passage, pos);
  return span ? absolutePosition(span, pos) : -1;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
/** How far a cut may move to reach a space (text without spaces is cut anywhere). */
const MAX_SNAP = 40;

/** Moves a cut back to the start of a whitespace-separated word (never inside `Qu’est`). */
function snapStart(text: string, pos: number): number {
  const p0 = Math.max(0, pos);
  let p = p0;
  while (p > 0 && !isSpace(text[p - 1]) && p0 - p < MAX_SNAP) p--;
  return p;
}

/** Moves a cut forward to the end of a whitespace-separated word. */
function snapEnd(text: string, pos: number): number {
  const p0 = Math.min(text.length, pos);
  let p = p0;
  while (p < text.length && !isSpace(text[p]) && p - p0 < MAX_SNAP) p++;
  return p;
}

/** Resolves one group of matches of a passage into a moment. */
export function resolveMoment(
  passage: Passage,
  group: PassageMatch[],
  backendScore: number,
): ResolvedMoment | null {
  const first = group[0];
  if (!first) return null;
  const last = group.reduce((a, b) => (b.end > a.end ? b : a), first);
  const firstSpan = spanAt(passage, first.start);
  const lastSpan = spanAt(passage, last.end - 1);
  if (!firstSpan || !lastSpan) return null;
  const text = passage.text;

  let snippetStart = snapStart(text, first.start - SNIPPET_CONTEXT_CHARS);
  let snippetEnd = snapEnd(text, last.end + SNIPPET_CONTEXT_CHARS);
  if (snippetEnd - snippetStart > MAX_SNIPPET_CHARS) {
    snippetStart = snapStart(text, Math.max(snippetStart, first.start - 30));
    snippetEnd = Math.max(snapEnd(text, snippetStart + MAX_SNIPPET_CHARS), Math.min(last.end, text.length));
    if (snippetEnd - snippetStart > MAX_SNIPPET_CHARS)
      snippetEnd = snapEnd(text, snippetStart + MAX_SNIPPET_CHARS);
  }
  // Trim whitespace at the cut while keeping offsets right.
  while (snippetStart < first.start && /\s/.test(text[snippetStart] ?? '')) snippetStart++;
  while (snippetEnd > last.end && /\s/.test(text[snippetEnd - 1] ?? '')) snippetEnd--;
  const snippet = text.slice(snippetStart, snippetEnd);

  const highlights: TextRange[] = [];
  let prevMatch: PassageMatch | undefined;
  for (const m of group) {
    if (m.end > snippetEnd || m.start < snippetStart) continue;
    const r = { start: m.start - snippetStart, end: m.end - snippetStart };
    const prev = highlights[highlights.length - 1];
    const samePhrase =
      prevMatch?.phrase && m.phrase && prevMatch.unit === m.unit && m.token === prevMatch.token + 1;
    // Words of one phrase are highlighted as one range.
    if (prev && (r.start <= prev.end || samePhrase)) prev.end = Math.max(prev.end, r.end);
    else highlights.push(r);
    prevMatch = m;
  }

  const beforeStart = snapStart(text, snippetStart - SIDE_TEXT_CHARS);
  const before = text.slice(beforeStart, snippetStart).trim();
  const afterEnd = snapEnd(text, snippetEnd + SIDE_TEXT_CHARS);
  const after = text.slice(snippetEnd, afterEnd).trim();

  const parts = rankPartsOf(group, backendScore);
  const centre = (first.start + last.end) / 2 / Math.max(1, text.length);
  const hit: SearchHit = {
    episode: passage.episode,
    start: startTimeAt(firstSpan, first.start),
    end: Math.max(endTimeAt(lastSpan, last.end), startTimeAt(firstSpan, first.start)),
    speaker: firstSpan.speaker,
    snippet,
    highlights,
    before,
    after,
    matchedWords: parts.matchedWords,
    score: rankScore(parts),
  };
  return {
    hit,
    episodeId: passage.episodeId,
    from: absolutePosition(firstSpan, first.start),
    to: absolutePosition(lastSpan, last.end),
    centring: 1 - Math.abs(centre - 0.5) * 2,
  };
}

/**
 * Every moment of a passage for a query. `backendScore` is the backend's relevance for
 * the passage, normalised to 0..1. With `requireAll` false, clusters matching only some
 * words are moments too (partial answers).
 */
export function resolvePassageMoments(
  passage: Passage,
  query: ParsedQuery,
  options: { backendScore: number; requireAll: boolean; matches?: PassageMatch[] },
): ResolvedMoment[] {
  const matches = options.matches ?? locateMatches(passage.text, query);
  const groups = momentMatchGroups(matches, queryUnitCount(query), options.requireAll);
  const out: ResolvedMoment[] = [];
  for (const g of groups) {
    const m = resolveMoment(passage, g, options.backendScore);
    if (m) out.push(m);
  }
  return out;
}

/** Score without the backend's part (which differs between passages for the same words). */
const wordsScore = (m: ResolvedMoment) => Math.floor(m.hit.score / 10);

/**
 * Of two passages' versions of one moment: the one matching better, else the one with the
 * match nearest its centre (most context before and after), keeping the best backend score.
 */
function better(a: ResolvedMoment, b: ResolvedMoment): ResolvedMoment {
  if (wordsScore(a) !== wordsScore(b)) return wordsScore(a) > wordsScore(b) ? a : b;
  const kept = a.centring >= b.centring ? a : b;
  const score = Math.max(a.hit.score, b.hit.score);
  return kept.hit.score === score ? kept : { ...kept, hit: { ...kept.hit, score } };
}

/**
 * Merges the moments of one episode that overlapping passages found for the same words
 * (their matched ranges overlap), or that start at the same second (a word said twice in
 * one cue without word timings: both resolve to the cue's start, and a listener would see
 * the same result twice), keeping the best-ranked, best-centred one.
 * Returns them in no particular order.
 */
export function mergeMoments(moments: ResolvedMoment[]): ResolvedMoment[] {
  const byEpisode = new Map<string, ResolvedMoment[]>();
  for (const m of moments) {
    const list = byEpisode.get(m.episodeId);
    if (list) list.push(m);
    else byEpisode.set(m.episodeId, [m]);
  }
  const out: ResolvedMoment[] = [];
  for (const list of byEpisode.values()) {
    list.sort((a, b) => a.from - b.from || b.to - a.to);
    let current: ResolvedMoment | undefined;
    let currentTo = -1;
    for (const m of list) {
      if (current && (m.from <= currentTo || m.hit.start === current.hit.start)) {
        current = better(current, m);
        currentTo = Math.max(currentTo, m.to);
      } else {
        if (current) out.push(current);
        current = m;
        currentTo = m.to;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

function dateKey(hit: SearchHit): string {
  return hit.episode.date ?? '';
}

/** Orders hits: by rank (relevance), or by episode date then time (newest/oldest). */
export function compareHits(sort: SearchSort): (a: SearchHit, b: SearchHit) => number {
  const byRank = (a: SearchHit, b: SearchHit) =>
    b.score - a.score || a.episode.id.localeCompare(b.episode.id) || a.start - b.start;
  if (sort === 'relevance') return byRank;
  const dir = sort === 'newest' ? -1 : 1;
  return (a, b) => {
    const da = dateKey(a);
    const db = dateKey(b);
    if (da !== db) {
      // Undated episodes go last either way.
      if (da === '') return 1;
      if (db === '') return -1;
      return da < db ? -dir : dir;
    }
    return a.episode.id.localeCompare(b.episode.id) || a.start - b.start;
  };
}

/** De-duplicated moments as a flat list, best first (or by date). */
export function flatHits(moments: ResolvedMoment[], sort: SearchSort): SearchHit[] {
  return mergeMoments(moments)
    .map((m) => m.hit)
    .sort(compareHits(sort));
}

/**
 * Groups moments by episode: every moment of each episode in time order, episodes best
 * first (best moment, then count) or by date.
 */
export function groupByEpisode(moments: ResolvedMoment[], sort: SearchSort): EpisodeGroup[] {
  const groups = new Map<string, EpisodeGroup>();
  for (const m of mergeMoments(moments)) {
    const g = groups.get(m.episodeId);
    if (g) {
      g.moments.push(m.hit);
      g.count++;
      g.score = Math.max(g.score, m.hit.score);
    } else
      groups.set(m.episodeId, { episode: m.hit.episode, count: 1, moments: [m.hit], score: m.hit.score });
  }
  const list = [...groups.values()];
  for (const g of list) g.moments.sort((a, b) => a.start - b.start);
  if (sort === 'relevance') {
    list.sort((a, b) => b.score - a.score || b.count - a.count || a.episode.id.localeCompare(b.episode.id));
  } else {
    const cmp = compareHits(sort);
    list.sort((a, b) => {
      const x = a.moments[0];
      const y = b.moments[0];
      return x && y ? cmp(x, y) : 0;
    });
  }
  return list;
}
