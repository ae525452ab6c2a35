// Search benchmark: the embedded SQLite FTS5 backend against MiniSearch (the reference JS
// engine) on the same passages, at 100k and 1M cues (quick: 20k).
// Prints ingest speed, index size, cold start, peak memory and p50/p95/p99 per query class.
// Corpus: a synthetic French-like one (Zipf 1.1, accented words, elisions) or, with
// corpusPath, the cue texts of real .vtt/.srt files repeated up to the size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import Database from 'better-sqlite3';
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Cue, EpisodeWithCues, Show } from '../../server/model/types.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import type { SearchBackend, SearchRequest } from '../../server/search/search-types.ts';
import { buildPassages } from '../../server/search/passages.ts';
import { foldWord, tokenize } from '../../server/search/text-fold.ts';
import { parseQuery } from '../../server/search/query/parse-query.ts';
import { seededRandom } from '../fixtures/ingest/transcript-files.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';

const CUES_PER_EPISODE = 300;
const QUERIES_PER_CLASS = 200;
const SHOWS = 20;
/** Pasted quotes timed on MiniSearch (each of its searches of 12 words takes ~1 s at 200k cues). */
const MINISEARCH_PASTES = 20;

const STOPWORDS = (
  'de la le et les des en un une du que qui est pas pour dans ce il à sur au par plus ne se on avec nous vous ' +
  'mais ou son sa ses leur elle ils y a été être fait comme tout bien aussi très sans donc alors même cette'
).split(' ');
const SYLLABLES = (
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no ' +
  'pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo tion sion ment eur eux ette elle ique ' +
  'ain oin ou an en on é è ê à ç ré dé pré con pro tra sur'
).split(' ');

interface Corpus {
  /** Cue texts, in order. */
  cues: string[];
  /** Words by frequency rank (for query generation). */
  vocabulary: string[];
}

export function syntheticCorpus(cueCount: number): Corpus {
  const rand = seededRandom(42);
  const vocabSize = 200_000;
  const seen = new Set<string>(STOPWORDS);
  const vocabulary = [...STOPWORDS];
  while (vocabulary.length < vocabSize) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (rand() < 0.05) w += 's';
    if (!seen.has(w)) {
      seen.add(w);
      vocabulary.push(w);
    }
  }
  // Zipf 1.1 sampling through a cumulative table.
  const cdf = new Float64Array(vocabSize);
  let sum = 0;
  for (let r = 0; r < vocabSize; r++) {
    sum += 1 / Math.pow(r + 1, 1.1);
    cdf[r] = sum;
  }
  const pick = () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = vocabSize - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo] ?? 'de';
  };
  const cues: string[] = [];
  for (let c = 0; c < cueCount; c++) {
    const n = 10 + Math.floor(rand() * 11);
    const words: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = pick();
      if (i === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
      else if (rand() < 0.04 && /^[aeiouéè]/.test(w)) w = `l’${w}`;
      else if (rand() < 0.02) w = `d’${w}`;
      words.push(w);
    }
    cues.push(`${words.join(' ')}.`);
  }
  return { cues, vocabulary };
}

function realCorpus(dir: string, cueCount: number): Corpus {
  const texts: string[] = [];
  const walk = (p: string) => {
    for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(vtt|srt)$/i.test(entry.name)) {
        for (const line of fs.readFileSync(full, 'utf8').split(/\r?\n/)) {
          const t = line.trim();
          if (!t || t === 'WEBVTT' || /-->/.test(t) || /^\d+$/.test(t)) continue;
          texts.push(t.replace(/<[^>]+>/g, ''));
        }
      }
    }
  };
  walk(dir);
  if (texts.length === 0) throw new Error(`No .vtt/.srt cue text found under ${dir}`);
  const cues: string[] = [];
  for (let i = 0; cues.length < cueCount; i++) cues.push(texts[i % texts.length] ?? '');
  const freq = new Map<string, number>();
  for (const t of texts.slice(0, 200_000))
    for (const tok of tokenize(t)) freq.set(tok.term, (freq.get(tok.term) ?? 0) + 1);
  const vocabulary = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  return { cues, vocabulary };
}

export function* episodesOf(corpus: Corpus, shows: Show[]): Generator<EpisodeWithCues> {
  const rand = seededRandom(7);
  const speakersPool = Array.from({ length: 60 }, (_, i) => `Intervenant ${i + 1}`);
  for (let e = 0; e * CUES_PER_EPISODE < corpus.cues.length; e++) {
    const show = shows[e % shows.length]!;
    const speakers = [0, 1, 2].map(() => speakersPool[Math.floor(rand() * speakersPool.length)] ?? 'X');
    const cues: Cue[] = [];
    const slice = corpus.cues.slice(e * CUES_PER_EPISODE, (e + 1) * CUES_PER_EPISODE);
    slice.forEach((text, i) => {
      cues.push({ start: i * 4, end: i * 4 + 3.8, speaker: speakers[i % 3 === 2 ? 1 : i % 2] ?? null, text });
    });
    const year = 2015 + (e % 11);
    const date = `${year}-${String(1 + (e % 12)).padStart(2, '0')}-${String(1 + (e % 28)).padStart(2, '0')}`;
    yield episodeWithCues(show.id, `ep-${e}`, cues, {
      title: `Épisode ${e}`,
      date,
      language: 'fr',
      speakers: [...new Set(speakers)],
      duration: cues.length * 4,
      revision: `r${e}`,
    });
  }
}

interface QueryCase {
  cls: string;
  request: SearchRequest;
}

export function queriesFor(corpus: Corpus, showIds: string[]): QueryCase[] {
  const rand = seededRandom(99);
  const req = (q: string, filters: SearchRequest['filters'] = {}): SearchRequest => ({
    q,
    filters,
    sort: 'relevance',
    group: 'none',
    limit: 20,
    offset: 0,
  });
  const vocab = corpus.vocabulary.filter((w) => /^[\p{L}]{3,}$/u.test(w));
  const at = (lo: number, hi: number) =>
    vocab[lo + Math.floor(rand() * Math.max(1, Math.min(hi, vocab.length) - lo))] ?? 'de';
  const cueWords = () => {
    const cue = corpus.cues[Math.floor(rand() * corpus.cues.length)] ?? '';
    return tokenize(cue)
      .filter((t) => !t.elided)
      .map((t) => t.term);
  };
  const out: QueryCase[] = [];
  for (let i = 0; i < QUERIES_PER_CLASS; i++) {
    out.push({ cls: 'common word', request: req(`${at(0, 60)} `) });
    out.push({ cls: 'rare word', request: req(`${at(5_000, 60_000)} `) });
    const words = cueWords();
    const start = Math.floor(rand() * Math.max(1, words.length - 3));
    const n = 2 + Math.floor(rand() * 2);
    out.push({ cls: '2-3 words', request: req(`${words.slice(start, start + n).join(' ')} `) });
    const pw = cueWords();
    const ps = Math.floor(rand() * Math.max(1, pw.length - 3));
    out.push({ cls: 'exact phrase', request: req(`"${pw.slice(ps, ps + 3).join(' ')}"`) });
    const pre = at(100, 20_000);
    out.push({ cls: 'prefix', request: req(pre.slice(0, Math.min(pre.length, 3 + Math.floor(rand() * 3)))) });
    let typoWord = at(200, 30_000);
    for (let t = 0; t < 20 && [...typoWord].length < 6; t++) typoWord = at(200, 30_000);
    const chars = [...typoWord];
    const pos = 1 + Math.floor(rand() * (chars.length - 1));
    chars[pos] = chars[pos] === 'z' ? 'y' : 'z';
    out.push({ cls: 'one typo', request: req(`${chars.join('')} `) });
    // A quote pasted whole (two lines said one after the other, up to 20 words): its first
    // 12 words are searched.
    const line = Math.floor(rand() * Math.max(1, corpus.cues.length - 1));
    const pasted = `${corpus.cues[line] ?? ''} ${corpus.cues[line + 1] ?? ''}`.split(/\s+/).slice(0, 20);
    out.push({ cls: 'pasted quote', request: req(pasted.join(' ')) });
    out.push({
      cls: 'filtered',
      request: req(`${at(0, 2_000)} `, {
        showIds: [showIds[Math.floor(rand() * showIds.length)] ?? 'show-0'],
      }),
    });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  /** The same percentiles of the process CPU time per query (robust to a busy machine). */
  cpu: { p50: number; p95: number; p99: number };
  empty: number;
}

function summarise(times: number[], cpuTimes: number[], empty: number): Latencies {
  const s = [...times].sort((a, b) => a - b);
  const c = [...cpuTimes].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    cpu: { p50: percentile(c, 50), p95: percentile(c, 95), p99: percentile(c, 99) },
    empty,
  };
}

interface ClassTimes {
  times: number[];
  cpu: number[];
  empty: number;
}

function record(
  byClass: Map<string, ClassTimes>,
  cls: string,
  wallMs: number,
  cpu: NodeJS.CpuUsage,
  empty: boolean,
) {
  const entry = byClass.get(cls) ?? { times: [], cpu: [], empty: 0 };
  entry.times.push(wallMs);
  entry.cpu.push((cpu.user + cpu.system) / 1000);
  if (empty) entry.empty++;
  byClass.set(cls, entry);
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function timeBackend(search: SearchBackend, queries: QueryCase[]): Promise<Map<string, Latencies>> {
  const byClass = new Map<string, ClassTimes>();
  for (const q of queries.slice(0, 30)) await search.search(q.request); // warm-up
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await search.search(q.request);
    record(byClass, q.cls, performance.now() - t0, process.cpuUsage(c0), res.hits.length === 0);
  }
  return new Map([...byClass].map(([k, v]) => [k, summarise(v.times, v.cpu, v.empty)]));
}

/** MiniSearch on the same passages, configured as close to our contract as it allows. */
function buildMiniSearch(
  passages: { id: number; text: string; showId: string }[],
): MiniSearch<{ id: number; text: string; showId: string }> {
  const ms = new MiniSearch<{ id: number; text: string; showId: string }>({
    fields: ['text'],
    storeFields: ['showId'],
    tokenize: (text) => tokenize(text).map((t) => t.term),
    processTerm: (term) => foldWord(term),
  });
  ms.addAll(passages);
  return ms;
}

function timeMiniSearch(
  ms: MiniSearch<{ id: number; text: string; showId: string }>,
  queries: QueryCase[],
): Map<string, Latencies> {
  const byClass = new Map<string, ClassTimes>();
  let pastes = 0;
  for (const q of queries) {
    // A pasted quote costs MiniSearch about a second at 200k cues: 20 of them tell as much.
    if (q.cls === 'pasted quote' && ++pastes > MINISEARCH_PASTES) continue;
    const parsed = parseQuery(q.request.q);
    // No phrase operator: a phrase is searched as its words (AND). Typos: MiniSearch's
    // fuzzy is a fraction of the word length; 0.2 ≈ 1 typo from 5 letters, 2 from 10.
    const words = [...parsed.terms.map((t) => t.text), ...parsed.phrases.flat()];
    const prefixWord = parsed.terms.find((t) => t.prefix)?.text;
    const showFilter = q.request.filters.showIds?.[0];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = ms.search(words.join(' '), {
      combineWith: 'AND',
      prefix: (term) => term === prefixWord,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      ...(showFilter ? { filter: (r: SearchResult) => r.showId === showFilter } : {}),
    });
    res.slice(0, 20);
    record(byClass, q.cls, performance.now() - t0, process.cpuUsage(c0), res.length === 0);
  }
  return new Map([...byClass].map(([k, v]) => [k, summarise(v.times, v.cpu, v.empty)]));
}

function dirSize(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

async function runScale(cueCount: number, corpusPath: string | undefined): Promise<void> {
  console.log(
    `\n--- ${cueCount.toLocaleString('en')} cues (${corpusPath ? `real corpus ${corpusPath}, repeated` : 'synthetic French, Zipf 1.1'})`,
  );
  const corpus = corpusPath ? realCorpus(corpusPath, cueCount) : syntheticCorpus(cueCount);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-search-bench-'));
  const file = path.join(dir, 'archive.sqlite');
  const shows: Show[] = Array.from({ length: SHOWS }, (_, i) => ({
    id: `show-${i}`,
    title: `Émission ${i}`,
    description: null,
    language: 'fr',
    url: null,
    image: null,
    license: null,
  }));
  try {
    // 1. Ingest through the real store (episodes, cues and the search index).
    const store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
    for (const s of shows) await store.upsertShow(s);
    const episodes = [...episodesOf(corpus, shows)];
    const t0 = performance.now();
    for (const ep of episodes) await store.replaceEpisode(ep);
    const ingestS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    store.optimizeIndex();
    const optimizeS = (performance.now() - t1) / 1000;
    const passageCount = Number(store.db.prepare('SELECT count(*) FROM search_passage').pluck().get());
    await store.close();
    let searchBytes = NaN;
    try {
      const probe = new Database(file, { readonly: true });
      searchBytes = Number(
        probe.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'`).pluck().get() ?? NaN,
      );
      probe.close();
    } catch {
      // dbstat is not compiled in every SQLite build.
    }
    console.log(
      `ingest (store + index, end to end): ${fmt(ingestS)} s = ${Math.round(cueCount / ingestS).toLocaleString('en')} cues/s, ` +
        `${passageCount.toLocaleString('en')} passages (${Math.round(passageCount / ingestS).toLocaleString('en')}/s); optimize ${fmt(optimizeS)} s`,
    );
    console.log(
      `on disk: archive file ${mb(dirSize(dir))}${Number.isFinite(searchBytes) ? `, of which search index ${mb(searchBytes)}` : ''}`,
    );

    // 2. Cold start: open the file and answer a first (typo-tolerant) query.
    const queries = queriesFor(
      corpus,
      shows.map((s) => s.id),
    );
    const c0 = performance.now();
    const db = new Database(file, { readonly: true });
    const search = createSqliteSearchBackend(db);
    const firstQuery = queries.find((q) => q.cls === 'one typo') ?? queries[0]!;
    await search.search(firstQuery.request);
    const coldMs = performance.now() - c0;
    console.log(`cold start (open + first typo-tolerant query, vocabulary loaded): ${fmt(coldMs)} ms`);

    const fts = await timeBackend(search, queries);
    const rssAfterSqlite = process.memoryUsage().rss;
    db.close();

    const line = (name: string, l: Latencies) =>
      `${name} ${fmt(l.p50).padStart(6)} / ${fmt(l.p95).padStart(6)} / ${fmt(l.p99).padStart(6)}` +
      `  (cpu ${fmt(l.cpu.p50)} / ${fmt(l.cpu.p95)} / ${fmt(l.cpu.p99)}; ${l.empty} empty)`;
    console.log(
      '\nFTS5 latency ms, wall p50 / p95 / p99 (process CPU time p50 / p95 / p99; queries with no hit):',
    );
    for (const [cls, a] of fts) console.log(`  ${cls.padEnd(13)} ${line('', a)}`);

    // 3. MiniSearch on the same passages (its index lives in the JS heap: ~5 GB at 1M cues).
    const heapLimit = v8.getHeapStatistics().heap_size_limit;
    const heapNeeded = cueCount * 6_000;
    if (heapLimit < heapNeeded) {
      console.log(
        `MiniSearch skipped at this scale: it needs ~${mb(heapNeeded)} of heap, the limit is ${mb(heapLimit)} ` +
          `(run with NODE_OPTIONS=--max-old-space-size=${Math.ceil(heapNeeded / 1024 / 1024 / 1024) * 1024 + 2048}).`,
      );
      console.log(`peak RSS so far: ${mb(process.resourceUsage().maxRSS * 1024)}`);
      return;
    }
    const passages: { id: number; text: string; showId: string }[] = [];
    let id = 0;
    for (const ep of episodes) {
      const show = shows.find((s) => s.id === ep.episode.showId)!;
      for (const p of buildPassages(ep, show)) passages.push({ id: id++, text: p.text, showId: p.showId });
    }
    const m0 = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const ms = buildMiniSearch(passages);
    const msBuildS = (performance.now() - m0) / 1000;
    const msHeap = process.memoryUsage().heapUsed - heapBefore;
    const mini = timeMiniSearch(ms, queries);

    console.log(
      `MiniSearch: build ${fmt(msBuildS)} s (${Math.round(passages.length / msBuildS).toLocaleString('en')} passages/s), ` +
        `index heap ≈ ${mb(msHeap)}; process RSS after SQLite queries ${mb(rssAfterSqlite)}`,
    );
    console.log(
      '\nMiniSearch latency ms (same format), and ratio MiniSearch ÷ FTS5 at p50 / p95 / p99 (wall):',
    );
    for (const [cls, a] of fts) {
      const b = mini.get(cls);
      if (!b) continue;
      console.log(
        `  ${cls.padEnd(13)} ${line('', b)}  ratio ${fmt(b.p50 / a.p50)}× / ${fmt(b.p95 / a.p95)}× / ${fmt(b.p99 / a.p99)}×`,
      );
    }
    console.log(`  (MiniSearch timed on the first ${MINISEARCH_PASTES} pasted quotes only)`);
    console.log(`peak RSS so far: ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args: { corpusPath?: string; quick: boolean }): Promise<void> {
  const scales = args.quick ? [20_000] : [100_000, 1_000_000];
  for (const n of scales) await runScale(n, args.corpusPath);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const ci = process.argv.indexOf('--corpus');
  const only = process.argv.indexOf('--cues');
  if (only > 0) await runScale(Number(process.argv[only + 1]), ci > 0 ? process.argv[ci + 1] : undefined);
  else await run({ quick, corpusPath: ci > 0 ? process.argv[ci + 1] : undefined });
}
