// HTTP load benchmark: autocannon against the real server (startServer in a child process,
// 127.0.0.1 only) on /api/search with a mixed query set, at 1M cues (quick: 20k).
// Prints req/s, p50/p99 latency and errors with search threads (server/main.ts's default)
// with the result cache warm and without it, with search on the event loop, next to
// /api/shows/:id (the HTTP floor), with compression, per query class, and the backend
// called in-process without HTTP.
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cue, EpisodeWithCues, Show } from '../../server/model/types.ts';
import {
  createSqliteSearchBackend,
  MATCH_WALK_CAP,
} from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import type { SearchRequest } from '../../server/search/search-types.ts';
import { defaultSearchThreads } from '../../server/http/start-server.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { seededRandom } from '../fixtures/ingest/transcript-files.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const CUES_PER_EPISODE = 300;
const SHOWS = 12;
const TARGET_RPS = 1500;

// Our own topic words (digital rights, in French), then a long tail of made-up words.
const TOPIC_WORDS = (
  'données personnelles surveillance chiffrement reconnaissance faciale consentement vie privée ' +
  'algorithme plateforme modération censure liberté expression recours tribunal juriste règlement ' +
  'protection biométrie caméras police renseignement logiciel libre neutralité réseau hébergeur ' +
  'citoyens lycées élèves santé dossier souveraineté cloud identité numérique droit oubli transparence ' +
  'publicité ciblage cookies traçage géolocalisation messagerie sécurité vulnérabilité accès information ' +
  'archive mémoire radio entretien débat loi décret conseil état cnil europe commission'
).split(/\s+/);
const GLUE =
  'de la le et les des en un une du que qui est pas pour dans ce il sur au par plus nous vous mais'.split(
    ' ',
  );
const SYLLABLES =
  'ba be bi bo ca ce co da de di fa fi ga ge la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si ta te ti va ve vi tion ment eur ique ré dé pré con pro'.split(
    ' ',
  );

/** Glue words first, topic words spread over ranks 40–1,800, made-up words for the long tail. */
function makeVocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  const tail: string[] = [];
  while (tail.length < size) {
    let w = '';
    const n = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!words.has(w) && !TOPIC_WORDS.includes(w) && !GLUE.includes(w)) {
      words.add(w);
      tail.push(w);
    }
  }
  const vocabulary = [...GLUE, ...tail.slice(0, size - GLUE.length - TOPIC_WORDS.length)];
  TOPIC_WORDS.forEach((w, i) => vocabulary.splice(40 + i * 20, 0, w));
  return vocabulary;
}

interface Corpus {
  vocabulary: string[];
  /** A sample of generated cue texts, for "remembered quote" queries. */
  sampleCues: string[];
}

/** Zipf (s = 1.1) sampling over the vocabulary, like word use in speech. */
function zipfSampler(rand: () => number, size: number): () => number {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let r = 0; r < size; r++) cdf[r] = sum += 1 / Math.pow(r + 1, 1.1);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function* syntheticEpisodes(cueCount: number, shows: Show[], corpus: Corpus): Generator<EpisodeWithCues> {
  const rand = seededRandom(7);
  const { vocabulary } = corpus;
  const rank = zipfSampler(rand, vocabulary.length);
  const speakers = ['Claire Martin', 'Inès Duval', 'Marc Leroy', 'Priya Nair', 'Sam Okafor'];
  const episodes = Math.ceil(cueCount / CUES_PER_EPISODE);
  for (let e = 0; e < episodes; e++) {
    const show = shows[e % shows.length]!;
    const cues: Cue[] = [];
    for (let i = 0; i < CUES_PER_EPISODE; i++) {
      const length = 8 + Math.floor(rand() * 10);
      const text = Array.from({ length }, () => vocabulary[rank()]!).join(' ');
      if (corpus.sampleCues.length < 2000 && rand() < 0.01) corpus.sampleCues.push(text);
      cues.push({
        start: i * 4,
        end: i * 4 + 4,
        speaker: speakers[(e + Math.floor(i / 10)) % speakers.length]!,
        text,
      });
    }
    const year = 2015 + (e % 10);
    yield episodeWithCues(show.id, `${show.id}--episode-${e}`, cues, {
      title: `Épisode ${e}`,
      date: `${year}-${String(1 + (e % 12)).padStart(2, '0')}-15`,
      language: show.language,
      speakers: [...new Set(cues.map((c) => c.speaker!))],
      duration: CUES_PER_EPISODE * 4,
      source: `${show.id}/episode-${e}.vtt`,
      revision: `r${e}`,
    });
  }
}

const typo = (w: string) => (w.length >= 5 ? w.slice(0, 1) + w[2] + w[1] + w.slice(3) : `${w}e`);

export const QUERY_CLASSES = [
  '3 words from a cue',
  '"quoted phrase"',
  'topic word',
  'half-typed last word',
  'typo',
  'show filter',
  'exclusion + newest',
  'group=episode',
  'dates + speaker',
] as const;

/**
 * The mixed query set, the way people search a remembered quote: words taken from real
 * cues (so common words come up as often as they are spoken), topic words, phrases in
 * quotes, half-typed last words, typos, filters, episode groups and sorting.
 */
export function queryPaths(shows: Show[], corpus: Corpus): string[] {
  const rand = seededRandom(99);
  const q = (params: Record<string, string>) => `/api/search?${new URLSearchParams(params).toString()}`;
  const content = (text: string) => text.split(' ').filter((w) => !GLUE.includes(w));
  const paths: string[] = [];
  for (let i = 0; i < 600; i++) {
    const cue = corpus.sampleCues[i % corpus.sampleCues.length]!;
    const words = content(cue);
    const at = Math.floor(rand() * Math.max(1, words.length - 3));
    const [a = 'données', b = 'surveillance', c = 'recours'] = words.slice(at, at + 3);
    const topic = TOPIC_WORDS[i % TOPIC_WORDS.length]!;
    const show = shows[i % shows.length]!.id;
    const phrase = cue
      .split(' ')
      .slice(at, at + 3)
      .join(' ');
    const variants = [
      q({ q: `${a} ${b} ${c}` }),
      q({ q: `"${phrase}"` }),
      q({ q: topic }),
      q({ q: `${a} ${b.slice(0, Math.max(3, b.length - 2))}` }),
      q({ q: `${typo(a)} ${b}` }),
      q({ q: `${a} ${b}`, show }),
      q({ q: `${topic} ${a} -${c}`, sort: 'newest' }),
      q({ q: `${a} ${b}`, group: 'episode', limit: '10' }),
      q({ q: `${a} ${c}`, from: '2018', to: '2020', speaker: 'Inès Duval' }),
    ];
    paths.push(variants[i % QUERY_CLASSES.length]!);
  }
  return paths;
}

/**
 * A stream where `repeatShare` of the searches repeat the mixed set (answered from the
 * result cache once warm) and the rest are searches nobody made before: two or three words
 * of a cue, alone or with a show filter, each used once.
 */
export function repeatStream(
  hot: string[],
  shows: Show[],
  corpus: Corpus,
  repeatShare: number,
  length: number,
): string[] {
  const rand = seededRandom(2024);
  const seen = new Set(hot);
  const fresh = (): string => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const words = corpus.sampleCues[Math.floor(rand() * corpus.sampleCues.length)]!.split(' ');
      const at = Math.floor(rand() * Math.max(1, words.length - 3));
      const params: Record<string, string> = {
        q: words.slice(at, at + 2 + Math.floor(rand() * 2)).join(' '),
      };
      if (rand() < 0.3) params.show = shows[Math.floor(rand() * shows.length)]!.id;
      const p = `/api/search?${new URLSearchParams(params).toString()}`;
      if (!seen.has(p)) {
        seen.add(p);
        return p;
      }
    }
    throw new Error('repeatStream: the sample cues give no more new searches');
  };
  let next = 0;
  return Array.from({ length }, () => (rand() < repeatShare ? hot[next++ % hot.length]! : fresh()));
}

export async function buildArchive(
  dataDir: string,
  cueCount: number,
): Promise<{ shows: Show[]; corpus: Corpus; ms: number }> {
  const shows: Show[] = Array.from({ length: SHOWS }, (_, i) => ({
    id: `show-${i}`,
    title: `Émission ${i}`,
    description: null,
    language: i % 3 === 0 ? 'en' : 'fr',
    url: null,
    image: null,
    license: null,
  }));
  const corpus: Corpus = { vocabulary: makeVocabulary(seededRandom(3), 60_000), sampleCues: [] };
  const started = performance.now();
  const store = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  for (const show of shows) await store.upsertShow(show);
  let batch: EpisodeWithCues[] = [];
  for (const episode of syntheticEpisodes(cueCount, shows, corpus)) {
    batch.push(episode);
    if (batch.length === 50) {
      store.replaceEpisodesSync(batch);
      batch = [];
    }
  }
  if (batch.length > 0) store.replaceEpisodesSync(batch);
  sqliteSearchIndexer.optimize?.(store.db);
  await store.close();
  return { shows, corpus, ms: performance.now() - started };
}

function startServerProcess(
  dataDir: string,
  transcriptsDir: string,
  searchThreads: number,
  cache: boolean,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/http-bench-server.ts', String(searchThreads)],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        VERBATIM_DATA_DIR: dataDir,
        VERBATIM_TRANSCRIPTS_DIR: transcriptsDir,
        VERBATIM_INGEST_ON_START: 'false',
        // The benchmark is one client sending thousands of searches: lift the per-client limit.
        VERBATIM_SEARCH_RATE_LIMIT: '1000000000',
        ...(cache ? {} : { VERBATIM_SEARCH_CACHE_ENTRIES: '0' }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

interface LoadFigures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Responses with a status other than 2xx (and other than 304 in a revalidation run). */
  non2xx: number;
  notModified: number;
  /** CPU per request: the server process (all its threads), and the whole machine (client too). */
  serverCpuMs: number | null;
  machineCpuMs: number | null;
}

interface CpuTicks {
  machineBusy: number;
  server: number;
}

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Busy CPU ticks of the machine and of one process, from /proc (Linux); null elsewhere. */
function cpuTicks(pid: number | undefined): CpuTicks | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    const t = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const machineBusy = t[0]! + t[1]! + t[2]! + t[5]! + t[6]! + t[7]!;
    if (pid === undefined) return null;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { machineBusy, server: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

async function load(
  server: { url: string; child: ChildProcess },
  label: string,
  paths: string[],
  seconds: number,
  headers: Record<string, string> = {},
  /** Sent back in If-None-Match, per path (a client revalidating what it holds). */
  etags?: Map<string, string>,
): Promise<LoadFigures> {
  let next = 0;
  const before = cpuTicks(server.child.pid);
  const result = await autocannon({
    url: server.url,
    connections: 16,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          const p = paths[next++ % paths.length]!;
          const tag = etags?.get(p);
          return {
            ...request,
            path: p,
            ...(tag ? { headers: { ...request.headers, 'if-none-match': tag } } : {}),
          };
        },
      },
    ],
  });
  const after = cpuTicks(server.child.pid);
  const perRequest = (ticks: number) =>
    (ticks * 1000) / clockTicksPerSecond / Math.max(1, result.requests.total);
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    // A revalidation expects 304s: only other statuses count against it.
    non2xx: result.non2xx - (etags ? (result.statusCodeStats?.['304']?.count ?? 0) : 0),
    notModified: result.statusCodeStats?.['304']?.count ?? 0,
    serverCpuMs: before && after ? perRequest(after.server - before.server) : null,
    machineCpuMs: before && after ? perRequest(after.machineBusy - before.machineBusy) : null,
  };
}

/** One request at a time over HTTP: latency per query class (where the time goes). */
/** Returns each path's ETag (for the revalidation run). */
async function latencyByClass(url: string, paths: string[]): Promise<Map<string, string>> {
  const tags = new Map<string, string>();
  const times = QUERY_CLASSES.map(() => [] as number[]);
  // The first searches start the search threads and load the typo vocabulary (the search
  // bench reports that cold start); queries outside the set warm them up.
  for (const warm of ['bonjour', 'libertés numériques', '"la semaine"']) {
    await (await fetch(`${url}/api/search?${new URLSearchParams({ q: warm }).toString()}`)).arrayBuffer();
  }
  for (const [i, p] of paths.entries()) {
    const started = performance.now();
    const res = await fetch(url + p);
    await res.arrayBuffer();
    times[i % QUERY_CLASSES.length]!.push(performance.now() - started);
    const tag = res.headers.get('etag');
    if (tag) tags.set(p, tag);
  }
  console.log('Sequential latency by query class (ms):');
  for (const [c, list] of times.entries()) {
    list.sort((a, b) => a - b);
    const at = (q: number) => list[Math.min(list.length - 1, Math.floor(list.length * q))]!.toFixed(1);
    console.log(`  ${QUERY_CLASSES[c]!.padEnd(24)} p50 ${at(0.5).padStart(7)}  p99 ${at(0.99).padStart(7)}`);
  }
  return tags;
}

/** The backend request an /api/search path makes (the parameters the query set uses). */
function searchRequestOf(p: string): SearchRequest {
  const params = new URL(p, 'http://x').searchParams;
  return {
    q: params.get('q') ?? '',
    filters: {
      showIds: params.get('show') ? [params.get('show')!] : undefined,
      speakers: params.get('speaker') ? [params.get('speaker')!] : undefined,
      dateFrom: params.get('from') ? `${params.get('from')}-01-01` : undefined,
      dateTo: params.get('to') ? `${params.get('to')}-12-31` : undefined,
    },
    sort: (params.get('sort') as SearchRequest['sort'] | null) ?? 'relevance',
    group: params.get('group') === 'episode' ? 'episode' : 'none',
    limit: Number(params.get('limit') ?? 20),
    offset: 0,
  };
}

export async function inProcessRate(dataDir: string, paths: string[], seconds: number): Promise<number> {
  const store = openSqliteStore({ file: path.join(dataDir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  const backend = createSqliteSearchBackend(store.db);
  const requests = paths.map(searchRequestOf);
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await backend.search(requests[done % requests.length]!);
    done++;
  }
  const rate = done / ((performance.now() - started) / 1000);
  await store.close();
  return rate;
}

export interface SearchCost {
  /** ms per search, averaged over the query set, one caller, warm connection. */
  wholeSearch: number;
  /** Every SQL statement the search runs, replayed alone. */
  allSql: number;
  /** The search's first FTS5 walk (up to MATCH_WALK_CAP + 1 rowids). */
  sizingWalk: number;
  /** The same MATCH reading only a first page's 21 rowids: the least any search must do. */
  firstPageWalk: number;
}

interface RecordedStatement {
  sql: string;
  args: unknown[];
}

/**
 * Where a search's CPU goes: each statement the searches of the set run is recorded with
 * its values (the connection's statements are wrapped as they are prepared), then replayed
 * alone on another connection. The first-page walk is a floor no search can go under.
 */
export async function searchCost(dataDir: string, paths: string[], rounds = 3): Promise<SearchCost> {
  const file = path.join(dataDir, 'archive.sqlite');
  const requests = paths.map(searchRequestOf);
  let recording: RecordedStatement[] | null = null;
  const traced = new Database(file, { readonly: true });
  const prepare = traced.prepare.bind(traced);
  traced.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = (stmt[method] as (...args: unknown[]) => unknown).bind(stmt);
      Object.assign(stmt, {
        [method]: (...args: unknown[]) => {
          recording?.push({ sql, args });
          return run(...args);
        },
      });
    }
    return stmt;
  }) as typeof traced.prepare;
  const tracedBackend = createSqliteSearchBackend(traced);
  // Once unrecorded, so the cold start (episode table, typo vocabulary) is not counted as a search's.
  for (const r of requests) await tracedBackend.search(r);
  const recorded: RecordedStatement[][] = [];
  for (const r of requests) {
    recording = [];
    await tracedBackend.search(r);
    recorded.push(recording);
  }
  recording = null;
  traced.close();

  const db = new Database(file, { readonly: true });
  db.pragma('cache_size = -65536');
  const timed = async (fn: () => void | Promise<void>): Promise<number> => {
    await fn();
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await fn();
    return (performance.now() - started) / rounds / requests.length;
  };
  const prepared = new Map<string, Database.Statement<unknown[]>>();
  const replay = (list: (RecordedStatement | undefined)[]) => {
    for (const s of list) {
      if (!s) continue;
      let stmt = prepared.get(s.sql);
      if (!stmt) prepared.set(s.sql, (stmt = db.prepare(s.sql)));
      stmt.all(...s.args);
    }
  };
  const sizingSql = 'SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?';
  const sizing = recorded.map((list) =>
    list.find((s) => s.sql === sizingSql && s.args[1] === MATCH_WALK_CAP + 1),
  );
  if (!sizing.some(Boolean))
    throw new Error(`searchCost: no search ran "${sizingSql}" with LIMIT ${MATCH_WALK_CAP + 1}`);
  const firstPage = sizing.map((s) => s && { sql: s.sql, args: [s.args[0], 21] });
  const allSql = await timed(() => {
    for (const list of recorded) replay(list);
  });
  const sizingWalk = await timed(() => replay(sizing));
  const firstPageWalk = await timed(() => replay(firstPage));
  const backend = createSqliteSearchBackend(db);
  const wholeSearch = await timed(async () => {
    for (const r of requests) await backend.search(r);
  });
  db.close();
  return { wholeSearch, allSql, sizingWalk, firstPageWalk };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function printRows(rows: LoadFigures[]): void {
  console.log(
    'run'.padEnd(58) +
      'req/s'.padStart(9) +
      'p50 ms'.padStart(9) +
      'p99 ms'.padStart(9) +
      'errors'.padStart(8) +
      'bad status'.padStart(11) +
      '304s'.padStart(8) +
      'CPU ms/req server'.padStart(19) +
      'machine'.padStart(9),
  );
  for (const r of rows) {
    console.log(
      r.label.padEnd(58) +
        r.rps.toFixed(0).padStart(9) +
        r.p50.toFixed(1).padStart(9) +
        r.p99.toFixed(1).padStart(9) +
        String(r.errors).padStart(8) +
        String(r.non2xx).padStart(11) +
        String(r.notModified).padStart(8) +
        (r.serverCpuMs?.toFixed(2) ?? 'n/a').padStart(19) +
        (r.machineCpuMs?.toFixed(2) ?? 'n/a').padStart(9),
    );
  }
}

/** Below this share of repeated searches, the result cache alone cannot reach the target. */
function breakEvenRepeatShare(cached: LoadFigures, uncached: LoadFigures, target: number): number {
  // Time per request mixes as h / cached + (1 − h) / uncached; solve for 1 / target.
  return (1 / uncached.rps - 1 / target) / (1 / uncached.rps - 1 / cached.rps);
}

export async function run(args: { corpusPath?: string; quick: boolean }): Promise<void> {
  const cueCount = args.quick ? 20_000 : 1_000_000;
  const seconds = args.quick ? 3 : 15;
  const cores = os.availableParallelism();
  // What server/main.ts uses.
  const defaultThreads = defaultSearchThreads(cores);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-http-bench-'));
  const dataDir = path.join(dir, 'data');
  const transcriptsDir = path.join(dir, 'transcripts');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(transcriptsDir, { recursive: true });
  let child: ChildProcess | undefined;
  try {
    const { shows, corpus, ms } = await buildArchive(dataDir, cueCount);
    console.log(
      `Archive: ${cueCount.toLocaleString('en')} synthetic cues written in ${(ms / 1000).toFixed(1)} s`,
    );
    const paths = queryPaths(shows, corpus);
    const REPEAT_SHARE = 0.8;
    const mixedStream = repeatStream(paths, shows, corpus, REPEAT_SHARE, 60_000);
    const rows: LoadFigures[] = [];
    let floorRow: LoadFigures | undefined;
    let cachedRow: LoadFigures | undefined;
    let searchRow: LoadFigures | undefined;
    let inlineRow: LoadFigures | undefined;
    const setups = [
      { threads: defaultThreads, cache: true },
      { threads: defaultThreads, cache: false },
      { threads: 0, cache: false },
    ];
    for (const { threads, cache } of setups) {
      const server = await startServerProcess(dataDir, transcriptsDir, threads, cache);
      child = server.child;
      const tag =
        (threads === 0
          ? 'search on the event loop'
          : `${threads} search thread${threads === 1 ? '' : 's'} (default)`) +
        (cache ? ', result cache warm' : ', no result cache');
      // Warm the page cache and the threads (and the result cache) the way a running server would be.
      await load(server, 'warm-up', paths, args.quick ? 2 : 10);
      if (cache) {
        floorRow = await load(
          server,
          `/api/shows/:id — HTTP floor, ${tag}`,
          shows.map((s) => `/api/shows/${s.id}`),
          seconds,
        );
        rows.push(floorRow);
      }
      const row = await load(server, `/api/search, ${paths.length} mixed queries, ${tag}`, paths, seconds);
      rows.push(row);
      if (cache) {
        cachedRow = row;
        rows.push(
          await load(server, `/api/search, same, Accept-Encoding: br, gzip, ${tag}`, paths, seconds, {
            'accept-encoding': 'br, gzip',
          }),
          await load(
            server,
            `/api/search, ${REPEAT_SHARE * 100} % repeats + ${100 - REPEAT_SHARE * 100} % new searches, ${tag}`,
            mixedStream,
            seconds,
          ),
        );
      } else if (threads !== 0) {
        searchRow = row;
        const etags = await latencyByClass(server.url, paths);
        rows.push(
          await load(
            server,
            `/api/search, same, each sent back with its ETag (If-None-Match → 304), ${tag}`,
            paths,
            seconds,
            {},
            etags,
          ),
        );
      } else {
        inlineRow = row;
      }
      await stopServer(child);
    }
    const direct = await inProcessRate(dataDir, paths, seconds);
    const cost = await searchCost(dataDir, paths, args.quick ? 1 : 3);
    console.log(`HTTP load: autocannon, 16 connections, ${seconds} s per run, 127.0.0.1, rate limit lifted`);
    printRows(rows);
    console.log(`In-process backend.search() (one caller, no HTTP): ${direct.toFixed(0)} searches/s`);
    console.log(
      `One uncached search, in-process, ms of CPU (average over the ${paths.length} queries): ` +
        `whole search ${cost.wholeSearch.toFixed(2)}; its SQL alone ${cost.allSql.toFixed(2)}; ` +
        `its first FTS5 walk (≤ ${MATCH_WALK_CAP + 1} rowids) ${cost.sizingWalk.toFixed(2)}; ` +
        `that walk cut to a first page (21 rowids) ${cost.firstPageWalk.toFixed(2)}`,
    );
    if (floorRow && cachedRow && searchRow && inlineRow) {
      console.log(
        `Ratios: threads / event loop (no cache) = ${(searchRow.rps / inlineRow.rps).toFixed(2)}; ` +
          `HTTP (threads, no cache) / in-process single caller = ${(searchRow.rps / direct).toFixed(2)}; ` +
          `cache warm / no cache = ${(cachedRow.rps / searchRow.rps).toFixed(2)}; ` +
          `cache warm / floor = ${(cachedRow.rps / floorRow.rps).toFixed(2)}`,
      );
      if (floorRow.machineCpuMs !== null) {
        // The least CPU an uncached search request can cost here: the HTTP floor's (server and
        // client on the same cores) plus FTS5 finding a first page, with nothing read or ranked.
        const leastMs = floorRow.machineCpuMs + cost.firstPageWalk;
        console.log(
          `Ceiling for uncached searches on this machine: ${cores} cores ÷ (${floorRow.machineCpuMs.toFixed(2)} ms ` +
            `of CPU per request at the HTTP floor + ${cost.firstPageWalk.toFixed(2)} ms for FTS5's first page) = ` +
            `${((cores * 1000) / leastMs).toFixed(0)} req/s, before any passage is read, located or ranked; ` +
            `with the searches' own SQL: ${((cores * 1000) / (floorRow.machineCpuMs + cost.allSql)).toFixed(0)} req/s`,
        );
      }
      const share = breakEvenRepeatShare(cachedRow, searchRow, TARGET_RPS);
      console.log(
        `The result cache reaches ${TARGET_RPS} req/s when at least ${(Math.min(1, Math.max(0, share)) * 100).toFixed(0)} % ` +
          `of searches repeat a cached one (from the two runs above; the ${REPEAT_SHARE * 100} % run measures one such mix)`,
      );
      const verdict = (r: LoadFigures) =>
        r.rps >= TARGET_RPS && r.errors === 0 && r.non2xx === 0 ? 'met' : 'NOT met';
      console.log(
        `Target (≥ ${TARGET_RPS} req/s, 0 errors at 1M cues)${args.quick ? ' (quick run: small archive)' : ''}: ` +
          `${verdict(cachedRow)} with the result cache warm (the ${paths.length} queries repeat); ` +
          `${verdict(searchRow)} when every search runs (no cache).`,
      );
    }
  } finally {
    if (child) await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
