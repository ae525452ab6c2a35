// `npm run search -- "query" [--show id] [--speaker name] [--language xx] [--from date]
//   [--to date] [--sort relevance|newest|oldest] [--group] [--limit n] [--offset n]`
// Searches the embedded archive (<dataDir>/archive.sqlite) and prints each moment with its
// timecode, speaker, episode and the snippet with the matched words marked.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseConfig } from '../config/env.ts';
import { ValidationError } from '../errors.ts';
import { formatLongTimecode } from '../clips/format-timecode.ts';
import type { SearchHit, SearchRequest, SearchResponse, SearchSort } from './search-types.ts';
import { createSqliteSearchBackend } from './sqlite/sqlite-search-backend.ts';
import { runCli } from '../cli/run-cli.ts';

const USAGE = `Usage: npm run search -- "<query>" [options]
  --show <id>        only this show (repeatable)
  --speaker <name>   only moments spoken by this speaker (repeatable)
  --language <code>  only episodes in this language (repeatable)
  --episode <id>     only this episode (repeatable)
  --from <date>      episodes dated on or after (YYYY-MM-DD)
  --to <date>        episodes dated on or before (YYYY-MM-DD)
  --sort <order>     relevance (default), newest or oldest
  --group            one entry per episode with every matching moment
  --limit <n>        how many hits or episodes (default 10, at most 100)
  --offset <n>       skip that many first (default 0)
Query syntax: words (the last one is a prefix unless followed by a space), "exact phrase",
-word to exclude. Typos, accents, case and apostrophes are forgiven.`;

export interface MarkStyle {
  open: string;
  close: string;
}

export const BRACKETS: MarkStyle = { open: '[', close: ']' };
export const BOLD: MarkStyle = { open: '\u001b[1;33m', close: '\u001b[0m' };

/** The snippet with each highlight range wrapped in the marks. */
export function markSnippet(hit: SearchHit, style: MarkStyle): string {
  let out = '';
  let at = 0;
  for (const h of [...hit.highlights].sort((a, b) => a.start - b.start)) {
    out += hit.snippet.slice(at, h.start) + style.open + hit.snippet.slice(h.start, h.end) + style.close;
    at = h.end;
  }
  return out + hit.snippet.slice(at);
}

function hitLines(hit: SearchHit, style: MarkStyle, indent: string): string[] {
  const when = `${formatLongTimecode(Math.floor(hit.start))}–${formatLongTimecode(Math.ceil(hit.end))}`;
  const who = hit.speaker ?? 'unknown speaker';
  return [`${indent}${when}  ${who}`, `${indent}  …${markSnippet(hit, style)}…`];
}

function episodeLine(hit: SearchHit['episode']): string {
  return `${hit.showTitle} · ${hit.title}${hit.date ? ` (${hit.date})` : ''} [${hit.id}]`;
}

/** The whole answer as printable lines. */
export function formatSearchResponse(res: SearchResponse, style: MarkStyle): string {
  const lines: string[] = [];
  const about = res.estimated ? 'about ' : '';
  const unit = res.groups ? 'episode' : 'moment';
  lines.push(
    `${about}${res.total} ${unit}${res.total === 1 ? '' : 's'} for “${res.query}”` +
      `${res.partial ? ' (no moment has every word: best partial matches)' : ''} in ${res.tookMs.toFixed(1)} ms`,
  );
  if (res.shortened)
    lines.push(`(searched the first words of ${res.shortened.words}: “${res.shortened.searched}”)`);
  if (res.groups) {
    for (const g of res.groups) {
      lines.push('', `${episodeLine(g.episode)} — ${g.count} moment${g.count === 1 ? '' : 's'}`);
      for (const m of g.moments) lines.push(...hitLines(m, style, '  '));
    }
  } else {
    for (const h of res.hits) lines.push('', episodeLine(h.episode), ...hitLines(h, style, '  '));
  }
  return lines.join('\n');
}

function parsePositiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ValidationError(`--${name}: expected a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      show: { type: 'string', multiple: true },
      speaker: { type: 'string', multiple: true },
      language: { type: 'string', multiple: true },
      episode: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      sort: { type: 'string', default: 'relevance' },
      group: { type: 'boolean', default: false },
      limit: { type: 'string' },
      offset: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['relevance', 'newest', 'oldest'].includes(values.sort)) {
    throw new ValidationError(`--sort: expected relevance, newest or oldest, got "${values.sort}"`);
  }
  const config = parseConfig();
  const file = path.join(config.dataDir, 'archive.sqlite');
  if (!fs.existsSync(file)) {
    console.error(`No archive at ${file}: run \`npm run ingest\` first (or set VERBATIM_DATA_DIR).`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const request: SearchRequest = {
      q: positionals.join(' '),
      filters: {
        ...(values.show ? { showIds: values.show } : {}),
        ...(values.speaker ? { speakers: values.speaker } : {}),
        ...(values.language ? { languages: values.language } : {}),
        ...(values.episode ? { episodeIds: values.episode } : {}),
        ...(values.from ? { dateFrom: values.from } : {}),
        ...(values.to ? { dateTo: values.to } : {}),
      },
      sort: values.sort as SearchSort,
      group: values.group ? 'episode' : 'none',
      limit: parsePositiveInt(values.limit, 'limit', 10),
      offset: parsePositiveInt(values.offset, 'offset', 0),
    };
    const res = await createSqliteSearchBackend(db).search(request);
    console.log(formatSearchResponse(res, process.stdout.isTTY ? BOLD : BRACKETS));
    return 0;
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('search-cli.ts')) {
  runCli(main, 2);
}
