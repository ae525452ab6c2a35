// Quote accuracy: does a pasted quote land on the second it is spoken? Two consecutive
// lines of real transcripts are pasted as written, typed from memory (no capitals,
// accents, punctuation or apostrophes), and with one or two of their first 12 words
// misremembered (swapped for one of the corpus's most common words). Each paste is right
// when the first hit is in its episode and starts inside its first line.
// Alternative in the same run: SQLite FTS5 as it comes on the same lines, one row per line,
// its best line's start (what an engine gives without the quote-to-timestamp logic).
// Corpus: --corpus <transcripts root>, else ../shared/corpus beside the repository, else
// the demo archive (small: its figures say little).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Cue } from '../../server/model/types.ts';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { createSqliteSearchBackend } from '../../server/search/sqlite/sqlite-search-backend.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import { foldWord, tokenize } from '../../server/search/text-fold.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { seededRandom } from '../fixtures/ingest/transcript-files.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const MIN_WORDS = 16;
const MAX_WORDS = 30;
/** Common words a listener misremembers one of the quote's words as. */
const SWAP_POOL = 40;

interface Line {
  episodeId: string;
  start: number;
  end: number;
  text: string;
}

interface Paste {
  line: Line;
  q: string;
}

interface Tally {
  right: number;
  inTop20: number;
  early: number;
  late: number;
  otherEpisode: number;
  notFound: number;
  ms: number[];
}

function corpusRoot(corpusPath: string | undefined): { dir: string; what: string } {
  if (corpusPath) return { dir: path.resolve(corpusPath), what: `corpus ${corpusPath}` };
  const shared = path.resolve(repoRoot, '../shared/corpus');
  if (fs.existsSync(shared)) return { dir: shared, what: `real corpus ${shared}` };
  return { dir: path.join(repoRoot, 'transcripts'), what: 'the demo archive (no corpus given: few lines)' };
}

const wordsOf = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** As a listener types it from memory: lower case, no accents, punctuation or apostrophes. */
function typedFromMemory(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function misremembered(text: string, swaps: number, common: string[], rand: () => number): string {
  const words = wordsOf(text).slice(0, MAX_WORDS);
  const used = new Set(words.map((w) => foldWord(w)));
  const pool = common.filter((w) => !used.has(w));
  const slots = new Set<number>();
  while (slots.size < Math.min(swaps, words.length))
    slots.add(Math.floor(rand() * Math.min(12, words.length)));
  for (const slot of slots) words[slot] = pool[Math.floor(rand() * pool.length)] ?? 'something';
  return words.join(' ');
}

function tally(): Tally {
  return { right: 0, inTop20: 0, early: 0, late: 0, otherEpisode: 0, notFound: 0, ms: [] };
}

/** Where a result landed against the paste's first line. */
function judge(t: Tally, line: Line, landed: Array<{ episodeId: string; start: number }>): void {
  const inside = (h: { episodeId: string; start: number }) =>
    h.episodeId === line.episodeId && h.start >= line.start - 0.01 && h.start <= line.end;
  const first = landed[0];
  if (first && inside(first)) t.right++;
  else if (!first) t.notFound++;
  else if (first.episodeId !== line.episodeId) t.otherEpisode++;
  else if (first.start < line.start) t.early++;
  else t.late++;
  if (landed.slice(0, 20).some(inside)) t.inTop20++;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

function describe(label: string, t: Tally, n: number): string {
  const pct = (x: number) => `${((100 * x) / Math.max(1, n)).toFixed(0)} %`;
  return (
    `  ${label.padEnd(44)} right ${String(t.right).padStart(4)}/${n} (${pct(t.right).padStart(5)})  ` +
    `top 20 ${String(t.inTop20).padStart(4)}  early ${t.early}, late ${t.late}, other episode ${t.otherEpisode}, ` +
    `none ${t.notFound}  ms p50 ${percentile(t.ms, 0.5).toFixed(1)} p95 ${percentile(t.ms, 0.95).toFixed(1)}`
  );
}

export async function run(args: { corpusPath?: string; quick: boolean }): Promise<void> {
  const { dir, what } = corpusRoot(args.corpusPath);
  const pastesPerVariant = args.quick ? 60 : 300;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-quote-bench-'));
  try {
    const file = path.join(workDir, 'archive.sqlite');
    const store = openSqliteStore({ file, indexer: sqliteSearchIndexer });
    const started = performance.now();
    const summary = await ingestFolder({ transcriptsDir: dir, store });
    const lines: Line[][] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await store.listEpisodes({ limit: 100, offset });
      for (const episode of page.items) {
        const cues: Cue[] = await store.getCues(episode.id);
        lines.push(cues.map((c) => ({ episodeId: episode.id, start: c.start, end: c.end, text: c.text })));
      }
      if (offset + 100 >= page.total) break;
    }
    await store.close();
    const cueCount = lines.reduce((n, l) => n + l.length, 0);
    console.log(
      `Corpus: ${what}: ${lines.length} episodes, ${cueCount.toLocaleString('en')} lines ` +
        `(ingested in ${((performance.now() - started) / 1000).toFixed(1)} s, ${summary.failed.length} files failed)`,
    );

    // The corpus's most common words, as a listener's misremembered word would be.
    const counts = new Map<string, number>();
    for (const episode of lines)
      for (const line of episode)
        for (const t of tokenize(line.text)) counts.set(t.term, (counts.get(t.term) ?? 0) + 1);
    const common = [...counts]
      .filter(([w]) => w.length >= 3 && !/\d/.test(w))
      .sort((a, b) => b[1] - a[1])
      .slice(0, SWAP_POOL)
      .map(([w]) => w);

    const rand = seededRandom(16);
    const pastes: Paste[] = [];
    for (let tries = 0; pastes.length < pastesPerVariant && tries < pastesPerVariant * 200; tries++) {
      const episode = lines[Math.floor(rand() * lines.length)]!;
      const i = Math.floor(rand() * (episode.length - 1));
      const [line, next] = [episode[i], episode[i + 1]];
      if (!line || !next) continue;
      const words = wordsOf(`${line.text} ${next.text}`);
      if (words.length < MIN_WORDS) continue;
      pastes.push({ line, q: words.slice(0, MAX_WORDS).join(' ') });
    }
    const variants: Array<[string, (p: Paste) => string]> = [
      ['pasted as written', (p) => p.q],
      ['typed from memory (no accents, punctuation)', (p) => typedFromMemory(p.q)],
      ['1 of the first 12 words misremembered', (p) => misremembered(p.q, 1, common, rand)],
      ['2 of the first 12 words misremembered', (p) => misremembered(p.q, 2, common, rand)],
    ];
    const queries = variants.map(([label, make]) => ({ label, qs: pastes.map((p) => make(p)) }));

    const db = new Database(file, { readonly: true });
    const search = createSqliteSearchBackend(db);
    console.log(
      `Pasted quotes (two lines, ${MIN_WORDS}–${MAX_WORDS} words), Verbatim (FTS5 + quote-to-timestamp):`,
    );
    const ours: Tally[] = [];
    for (const { label, qs } of queries) {
      const t = tally();
      for (let k = 0; k < qs.length; k++) {
        const t0 = performance.now();
        const res = await search.search({
          q: qs[k]!,
          filters: {},
          sort: 'relevance',
          group: 'none',
          limit: 20,
          offset: 0,
        });
        t.ms.push(performance.now() - t0);
        judge(
          t,
          pastes[k]!.line,
          res.hits.map((h) => ({ episodeId: h.episode.id, start: h.start })),
        );
      }
      ours.push(t);
      console.log(describe(label, t, qs.length));
    }
    db.close();

    // SQLite FTS5 as it comes: one row per line, the query's words OR'ed, bm25's best line.
    // (MiniSearch, the search bench's other alternative, takes 2–5 s per such query here.)
    const plain = new Database(':memory:');
    plain.exec("CREATE VIRTUAL TABLE lines USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')");
    const insert = plain.prepare('INSERT INTO lines(rowid, text) VALUES (?, ?)');
    const all = lines.flat();
    plain.transaction(() => all.forEach((l, id) => insert.run(id + 1, l.text)))();
    const best = plain.prepare('SELECT rowid FROM lines WHERE lines MATCH ? ORDER BY bm25(lines) LIMIT 20');
    console.log("SQLite FTS5 alone on the same lines (the first 12 words OR'ed, best line by bm25):");
    queries.forEach(({ label, qs }, v) => {
      const t = tally();
      for (let k = 0; k < qs.length; k++) {
        const words = tokenize(qs[k]!)
          .slice(0, 12)
          .map((w) => `"${w.term}"`);
        const t0 = performance.now();
        const rows = best.all(words.join(' OR ')) as Array<{ rowid: number }>;
        t.ms.push(performance.now() - t0);
        judge(
          t,
          pastes[k]!.line,
          rows.map(({ rowid }) => ({ episodeId: all[rowid - 1]!.episodeId, start: all[rowid - 1]!.start })),
        );
      }
      console.log(describe(label, t, qs.length));
      console.log(
        `    right first: Verbatim ÷ FTS5 alone = ${(ours[v]!.right / Math.max(1, t.right)).toFixed(2)}`,
      );
    });
    plain.close();
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const corpusPath = argv.find((a) => !a.startsWith('--'));
  await run({ quick: argv.includes('--quick'), ...(corpusPath ? { corpusPath } : {}) });
}
