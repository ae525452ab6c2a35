// Configuration is read from the environment once, at start, and fails with a message
// naming the variable and what was expected.
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * An origin as browsers send it in `Origin` (scheme://host[:port], lowercase, no slash), or
 * what is wrong with `entry`: any other form would never match, and every request from the
 * page it names would be refused without a word.
 */
function originOf(entry: string): string | { problem: string } {
  let url: URL | null = null;
  try {
    url = new URL(entry);
  } catch {
    // Not a URL at all: said below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !entry.includes('://')) {
    return {
      problem: `"${entry}" is not an origin: write it as scheme://host[:port], such as https://moodle.example.edu`,
    };
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    return { problem: `"${entry}" is a page address, not an origin: write ${url.origin}` };
  }
  return url.origin;
}

const EnvSchema = z.object({
  VERBATIM_TRANSCRIPTS_DIR: z.string().min(1).default('./transcripts'),
  VERBATIM_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  VERBATIM_ADMIN_TOKEN: optionalString
    .refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters when set',
    })
    // A client sends it in an `Authorization: Bearer` header: a space would split it, and
    // HTTP headers carry no other characters reliably, so such a token could never match.
    .refine((v) => v === undefined || /^[\x21-\x7e]+$/.test(v), {
      message: 'must be visible ASCII characters only (no spaces or accents): it is sent in an HTTP header',
    }),
  MEILI_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'must be an http(s) URL such as http://127.0.0.1:7700',
  }),
  MEILI_MASTER_KEY: optionalString,
  /** Prefix for Meilisearch index names, so several archives can share one server. */
  VERBATIM_MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]*$/)
    .default('verbatim'),
  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  VERBATIM_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((entry) => {
          const origin = originOf(entry);
          if (typeof origin !== 'string') ctx.addIssue({ code: 'custom', message: origin.problem });
          return typeof origin === 'string' ? origin : entry;
        }),
    ),
  /** Public base URL used in share links, oEmbed and Open Graph tags. */
  VERBATIM_PUBLIC_URL: optionalString,
  VERBATIM_MAX_CLIP_SECONDS: z.coerce
    .number()
    .positive()
    .default(15 * 60),
  /** Total media a pack export may cut, in seconds. */
  VERBATIM_MAX_PACK_EXPORT_SECONDS: z.coerce
    .number()
    .positive()
    .default(60 * 60),
  VERBATIM_SEARCH_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  VERBATIM_SEARCH_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(2_000),
  VERBATIM_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  VERBATIM_INGEST_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  VERBATIM_WATCH_TRANSCRIPTS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Days a deletion stays in transcripts/.verbatim-trash before the server removes it. */
  VERBATIM_TRASH_DAYS: z
    .string()
    .default('30')
    .transform((v, ctx) => {
      const value = v.trim().toLowerCase();
      if (value === '') return 30;
      if (value === 'never') return null;
      if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 36_500) return Number(value);
      ctx.addIssue({
        code: 'custom',
        message: `must be a whole number of days from 1 to 36500, or "never" to keep deletions until removed by hand (got "${v}")`,
      });
      return null;
    }),
});

export interface Config {
  transcriptsDir: string;
  dataDir: string;
  port: number;
  host: string;
  adminToken: string | undefined;
  meiliUrl: string | undefined;
  meiliKey: string | undefined;
  meiliIndexPrefix: string;
  corsOrigins: string[];
  publicUrl: string | undefined;
  maxClipSeconds: number;
  maxPackExportSeconds: number;
  searchRateLimitPerMinute: number;
  /** Search answers kept in memory (embedded mode), dropped whenever the index changes. */
  searchCacheEntries: number;
  maxUploadBytes: number;
  ingestOnStart: boolean;
  /** With ingestOnStart: keep watching the transcripts folder and ingest what changes. */
  watchTranscripts: boolean;
  /** Days deletions stay in the trash before the server removes them; null: never. */
  trashDays: number | null;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    transcriptsDir: path.resolve(e.VERBATIM_TRANSCRIPTS_DIR),
    dataDir: path.resolve(e.VERBATIM_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    adminToken: e.VERBATIM_ADMIN_TOKEN,
    meiliUrl: e.MEILI_URL,
    meiliKey: e.MEILI_MASTER_KEY,
    meiliIndexPrefix: e.VERBATIM_MEILI_INDEX_PREFIX,
    corsOrigins: e.VERBATIM_CORS_ORIGINS,
    publicUrl: e.VERBATIM_PUBLIC_URL,
    maxClipSeconds: e.VERBATIM_MAX_CLIP_SECONDS,
    maxPackExportSeconds: e.VERBATIM_MAX_PACK_EXPORT_SECONDS,
    searchRateLimitPerMinute: e.VERBATIM_SEARCH_RATE_LIMIT,
    searchCacheEntries: e.VERBATIM_SEARCH_CACHE_ENTRIES,
    maxUploadBytes: e.VERBATIM_MAX_UPLOAD_BYTES,
    ingestOnStart: e.VERBATIM_INGEST_ON_START,
    watchTranscripts: e.VERBATIM_WATCH_TRANSCRIPTS,
    trashDays: e.VERBATIM_TRASH_DAYS,
  };
}
