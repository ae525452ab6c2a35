// Podcast feed → files in transcripts/<show>/ (the folder stays the source of truth).
// Re-runs are cheap and safe: conditional requests per URL, files rewritten only when
// their bytes change, one failing episode never stops the others, and a file the
// importer did not write is never overwritten.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import {
  appendFile,
  mkdir,
  open,
  readFile,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { shortHash, showIdFor, slugify } from '../../ingest/episode-id.ts';
import { parseTranscriptFile } from '../../ingest/parse-transcript-file.ts';
import { parseChaptersJson } from '../../ingest/parsers/parse-chapters-json.ts';
import { findShowFolder } from '../../ingest/scan-transcripts.ts';
import { EpisodeMetadataSchema, ShowMetadataSchema } from '../../ingest/sidecar-metadata.ts';
import {
  DEFAULT_FETCH_LIMITS,
  downloadWithLimits,
  FetchFailedError,
  fetchFailureOf,
  fetchWithLimits,
  type FetchLimits,
  type Validators,
} from './fetch-with-limits.ts';
import { parseFeed, type FeedEpisode, type ParsedFeed } from './parse-feed.ts';
import { decodeFeedBytes, transcriptBytesAsUtf8 } from './decode-fetched-text.ts';
import { forEachAtMost, PerHostLimit } from './limit-requests.ts';
import { pickTranscript, type TranscriptChoice } from './pick-transcript.ts';

export type EpisodeImportStatus =
  | 'added'
  | 'updated'
  | 'unchanged'
  | 'untimed'
  | 'no-transcript'
  /** The feed lists the same episode (its transcript) again: imported once, at its first item. */
  | 'duplicate'
  /** Deleted by an admin since it was imported: not fetched again (see `includeDeleted`). */
  | 'skipped'
  | 'failed';

export interface EpisodeImportResult {
  guid: string;
  title: string;
  status: EpisodeImportStatus;
  /** Transcript file written, relative to the transcripts root. */
  file?: string;
  reason?: string;
  /** Imported anyway, but worth a look (chapters skipped, a name already taken …). */
  warnings?: string[];
}

export interface FeedImportReport {
  showSlug: string;
  /** The show's folder under the transcripts root (its slug, or the archive's own name for it). */
  folder: string;
  /** The feed answered 304: the copy kept from the last import was used again. */
  feedUnchanged: boolean;
  /** About the show itself (e.g. a show.json the importer did not write, kept). */
  warnings: string[];
  episodes: EpisodeImportResult[];
}

export interface FeedImportOptions {
  /** http(s) URL or a local file path. */
  source: string;
  transcriptsDir: string;
  showSlug?: string;
  limit?: number;
  downloadMedia?: boolean;
  /** Import again the items an admin deleted (DELETE /api/episodes/:id) since their import. */
  includeDeleted?: boolean;
  limits?: FetchLimits;
  /** Media can be far larger than transcripts. */
  maxMediaBytes?: number;
  /** A long-running show's feed can be far larger than a transcript. */
  maxFeedBytes?: number;
  /** Once the feed is read, before its episodes are imported. */
  onFeedRead?: (feed: {
    showSlug: string;
    feedUnchanged: boolean;
    warnings: string[];
    episodes: number;
  }) => void;
  /** Each episode's result, in the feed's order, as soon as it and those before it are done. */
  onEpisode?: (episode: EpisodeImportResult) => void;
}

/** A media download may take this long (transcripts keep the shorter fetch timeout). */
const MEDIA_TIMEOUT_MS = 10 * 60_000;
/**
 * Shows running for years publish feeds of 20 to 60 MB (thousands of items with long show
 * notes). A feed is held whole while read: a 64 MB feed peaks at about 480 MiB RSS.
 */
export const DEFAULT_MAX_FEED_BYTES = 100 * 1024 * 1024;
/** Requests at once to one host: fast enough for a long feed, polite to a small host. */
const REQUESTS_PER_HOST = 4;
/** Items in progress at once (those waiting for their host hold nothing yet). */
const ITEMS_AT_ONCE = 8;

/** Hidden and without a transcript extension, so ingest never mistakes it for an episode. */
export const FEED_STATE_FILE = '.verbatim-feed-state';
/** The feed body the stored validators describe: a 304 reuses it. Hidden as well. */
export const FEED_CACHE_FILE = '.verbatim-feed-cache';
/**
 * Items saved since the state was last written whole, one JSON line each: an import killed
 * midway keeps every item it finished, without writing the whole state after each one.
 */
export const FEED_JOURNAL_FILE = '.verbatim-feed-state.journal';

const ValidatorsSchema = z.object({ etag: z.string().nullish(), lastModified: z.string().nullish() });
const MediaStateSchema = z.object({
  url: z.string(),
  file: z.string(),
  validators: ValidatorsSchema,
  /** Validators are sent only while the local file still has this size. */
  size: z.number().optional(),
});
// Fields added after the first version are optional, so older state files still load.
const EpisodeStateSchema = z.object({
  base: z.string(),
  /** Tells apart items that share a guid. */
  title: z.string().optional(),
  enclosureUrl: z.string().nullish(),
  transcriptUrl: z.string().nullable(),
  /** The transcript written and its SHA-256: validators are sent only while it is intact. */
  transcriptFile: z.string().optional(),
  sha256: z.string().optional(),
  validators: ValidatorsSchema,
  /** The downloaded media (with --download-media): where from, and its validators. */
  media: MediaStateSchema.optional(),
  /**
   * When an admin deleted the episode (ISO time): its files are not fetched again while they
   * stay gone, unless the import is asked to include deleted items.
   */
  deletedAt: z.string().optional(),
});
const FeedStateSchema = z.object({
  feedUrl: z.string(),
  validators: ValidatorsSchema,
  /** SHA-256 of FEED_CACHE_FILE, written with the validators. */
  feedSha256: z.string().optional(),
  /** SHA-256 of the show.json last written: any other content is the archivist's. */
  showJsonSha256: z.string().optional(),
  /** Per item: its guid, or guid#hash when several items share a guid. */
  episodes: z.record(z.string(), EpisodeStateSchema),
});
type FeedState = z.infer<typeof FeedStateSchema>;
type EpisodeState = z.infer<typeof EpisodeStateSchema>;

const MEDIA_EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/wav': 'wav',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};
const MEDIA_FILE_EXTENSIONS = new Set(Object.values(MEDIA_EXTENSIONS));

/** A file or folder slug for feed titles: the ingest's slug, kept short for file names. */
function feedSlug(text: string, maxLength = 60): string {
  return slugify(text).slice(0, maxLength).replace(/-+$/g, '') || 'untitled';
}

function checkShowSlug(slug: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
    throw new ValidationError(`--show must be a slug of a-z, 0-9 and '-', got "${slug}"`, { field: 'show' });
  }
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const hasValidators = (v: Validators) => Boolean(v.etag || v.lastModified);
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function sha256OfFile(file: string): Promise<string | null> {
  return readFile(file).then(sha256, () => null);
}

async function readState(file: string): Promise<FeedState | null> {
  try {
    const parsed = FeedStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable state means a first run: everything is fetched again.
  }
  return null;
}

/** `entry: null`: the item's entry was dropped (its files removed). */
const JournalLineSchema = z.object({ key: z.string(), entry: EpisodeStateSchema.nullable() });

/**
 * An admin who deletes an episode while an import of its feed runs marks the item in the
 * journal (recordFeedItemDeleted); the state this run is about to write whole must keep that
 * mark, unless this run wrote the item again since (its own line comes last).
 */
async function keepDeletionsMadeMeanwhile(journalFile: string, state: FeedState): Promise<void> {
  const journal = await readFile(journalFile, 'utf8').catch(() => '');
  if (!journal.includes('"deletedAt"')) return;
  const last = new Map<string, EpisodeState | null>();
  for (const line of journal.split('\n')) {
    try {
      const parsed = JournalLineSchema.safeParse(JSON.parse(line));
      if (parsed.success) last.set(parsed.data.key, parsed.data.entry);
    } catch {
      // A line being written: not a deletion yet.
    }
  }
  for (const [key, entry] of last) {
    const current = state.episodes[key];
    if (entry?.deletedAt !== undefined && current !== undefined && current.deletedAt === undefined) {
      current.deletedAt = entry.deletedAt;
    }
  }
}

/**
 * A new version of a transcript that does not parse (a botched export on the host) must not
 * replace the one imported before, which ingest read: the archive's folder would hold only
 * the broken copy. A first import writes it all the same, for ingest to name file and line.
 */
async function refuseUnparsableReplacement(
  ctx: RunContext,
  url: string,
  previousFile: string,
  transcriptFile: string,
  bytes: Buffer,
): Promise<void> {
  const previous = await readFile(path.join(ctx.showDir, previousFile)).catch(() => null);
  if (previous === null || previous.equals(bytes)) return;
  const fresh = parseTranscriptFile(transcriptFile, bytes);
  if (fresh.ok || !parseTranscriptFile(previousFile, previous).ok) return;
  const at = fresh.line === undefined ? '' : `line ${fresh.line}: `;
  throw new FetchFailedError(
    url,
    `${at}${fresh.reason}; the file imported before is kept`,
    undefined,
    false,
    {
      what: TRANSCRIPT_LINK,
    },
  );
}

/** When an admin deleted the item's episode while this run was at it, if they did. */
async function deletedSince(ctx: RunContext, key: string): Promise<string | undefined> {
  return (await withDeletionMadeMeanwhile(ctx, key))?.deletedAt;
}

const deletedReason = (deletedAt: string) =>
  `deleted by an admin on ${describeDeletion(deletedAt)}; --include-deleted imports it again`;

/**
 * The item's entry, marked deleted if an admin deleted its episode since this run read the
 * state (its transcript is gone, and the journal says so): a long feed's last items are
 * reached minutes after the start. The journal is read only for an item whose file is gone.
 */
async function withDeletionMadeMeanwhile(ctx: RunContext, key: string): Promise<EpisodeState | undefined> {
  const entry = ctx.state.episodes[key];
  if (entry?.transcriptFile === undefined || entry.deletedAt !== undefined) return entry;
  if (await exists(path.join(ctx.showDir, entry.transcriptFile))) return entry;
  await readNewJournalLines(ctx);
  const deletedAt = ctx.deletionsSeen.marks.get(key);
  if (deletedAt === undefined) return entry;
  const marked = { ...entry, deletedAt };
  ctx.state.episodes[key] = marked;
  return marked;
}

/** Reads the journal lines added since the last look (not it all again for each item). */
async function readNewJournalLines(ctx: RunContext): Promise<void> {
  const seen = ctx.deletionsSeen;
  const handle = await open(path.join(ctx.showDir, FEED_JOURNAL_FILE), 'r').catch(() => null);
  if (handle === null) return;
  try {
    const { size } = await handle.stat();
    if (size <= seen.bytes) return;
    const added = Buffer.alloc(size - seen.bytes);
    await handle.read(added, 0, added.length, seen.bytes);
    // Up to the last whole line: one being appended is read next time.
    const end = added.lastIndexOf(0x0a) + 1;
    seen.bytes += end;
    for (const line of added.subarray(0, end).toString('utf8').split('\n')) {
      try {
        const parsed = JournalLineSchema.safeParse(JSON.parse(line));
        // The last line of an item wins: this run's own line after a deletion clears it.
        if (parsed.success) seen.marks.set(parsed.data.key, parsed.data.entry?.deletedAt);
      } catch {
        // An empty line.
      }
    }
  } finally {
    await handle.close();
  }
}

/** The state with the items a run killed midway saved to the journal. */
async function readStateAndJournal(showDir: string): Promise<FeedState | null> {
  const state = await readState(path.join(showDir, FEED_STATE_FILE));
  if (state === null) return null;
  const journal = await readFile(path.join(showDir, FEED_JOURNAL_FILE), 'utf8').catch(() => '');
  for (const line of journal.split('\n')) {
    try {
      const parsed = JournalLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      if (parsed.data.entry === null) delete state.episodes[parsed.data.key];
      else state.episodes[parsed.data.key] = parsed.data.entry;
    } catch {
      // The last line of a run killed while writing it: that item is simply done again.
    }
  }
  return state;
}

/**
 * Writes only when the bytes differ, through a temporary file, so ingest hashes stay stable.
 * The temporary file is hidden: an import killed mid-write leaves nothing ingest would read.
 */
async function writeIfChanged(file: string, content: string | Buffer): Promise<boolean> {
  const next = typeof content === 'string' ? Buffer.from(content) : content;
  try {
    if ((await readFile(file)).equals(next)) return false;
  } catch {
    // Not there yet.
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temporary, next);
  await rename(temporary, file);
  return true;
}

/**
 * `.<file>.<pid>.tmp`, as writeIfChanged names its temporary files, for the files the
 * importer writes (transcripts, sidecars, show.json, its state and feed copy).
 */
const TEMPORARY_FILE = /^\.(.+\.(?:json|vtt|srt|untimed-[a-z]+)|\.verbatim-feed-[a-z.]+)\.([0-9]+)\.tmp$/;
/** Older than this, a temporary file is a leftover even if its pid was reused since. */
const TEMPORARY_FILE_STALE_MS = 60 * 60_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * An import killed between writing a temporary file and renaming it leaves the temporary
 * behind (hidden, so ingest never reads it). Each run removes those of imports no longer
 * running; an import of this folder still under way keeps its own.
 */
async function removeLeftoverTemporaries(showDir: string): Promise<void> {
  for (const name of await readdir(showDir)) {
    const pid = Number(TEMPORARY_FILE.exec(name)?.[2] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid) continue;
    const file = path.join(showDir, name);
    const modified = (await stat(file).catch(() => null))?.mtimeMs;
    if (modified === undefined) continue;
    if (!isRunning(pid) || Date.now() - modified > TEMPORARY_FILE_STALE_MS) await rm(file, { force: true });
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Keeps the fields ingest will accept: absent ones are left out (ingest wants no nulls)
 * and a value the schema refuses is dropped with a warning rather than failing the file.
 */
function acceptedFields(
  shape: Record<string, z.ZodType>,
  fields: Record<string, unknown>,
  label: string,
  warnings: string[],
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const checked = shape[name]?.safeParse(value);
    if (!checked || checked.success) kept[name] = value;
    else
      warnings.push(`${label}: field "${name}" left out (${checked.error.issues[0]?.message ?? 'invalid'})`);
  }
  return kept;
}

interface LoadedFeed {
  feed: ParsedFeed;
  validators: Validators;
  body: string | null;
  notModified: boolean;
}

interface CachedFeed {
  validators: Validators;
  /** Read only on a 304: a feed of many megabytes is not held through a run that fetched it. */
  body: () => Promise<string | null>;
}

/** The feed body kept by an earlier import of `source` into `showDir`, if still intact. */
async function cachedFeed(showDir: string, source: string): Promise<CachedFeed | null> {
  const state = await readState(path.join(showDir, FEED_STATE_FILE));
  if (state?.feedUrl !== source || !state.feedSha256 || !hasValidators(state.validators)) return null;
  const { feedSha256 } = state;
  const intactBody = async () => {
    const body = await readFile(path.join(showDir, FEED_CACHE_FILE)).catch(() => null);
    return body && sha256(body) === feedSha256 ? body : null;
  };
  if (!(await intactBody())) return null;
  return {
    validators: state.validators,
    body: async () => (await intactBody())?.toString('utf8') ?? null,
  };
}

/** The show's folder: the archive's own when one gives this slug (its name need not be one). */
async function showFolderFor(transcriptsDir: string, showSlug: string): Promise<string> {
  const root = await realpath(transcriptsDir).catch(() => null);
  return (root !== null ? await findShowFolder(root, showSlug) : null) ?? showSlug;
}

/**
 * Without --show: the folder an earlier import of this feed wrote to. The feed's title names
 * the folder only the first time, so a show that renames itself stays in its folder.
 */
async function folderImportedFrom(transcriptsDir: string, source: string): Promise<string | null> {
  const folders = await readdir(transcriptsDir, { withFileTypes: true }).catch((): Dirent[] => []);
  for (const folder of folders) {
    if (!folder.isDirectory() || folder.name.startsWith('.')) continue;
    const state = await readState(path.join(transcriptsDir, folder.name, FEED_STATE_FILE));
    if (state?.feedUrl === source) return folder.name;
  }
  return null;
}

/**
 * Keeps the feed's body for a later 304 and returns its SHA-256. An unchanged copy is left
 * as it is without being read back: a feed can be tens of megabytes.
 */
async function keepFeedCopy(showDir: string, body: string, keptSha256: string | undefined): Promise<string> {
  const bytes = Buffer.from(body);
  const digest = sha256(bytes);
  const file = path.join(showDir, FEED_CACHE_FILE);
  const kept = digest === keptSha256 && (await stat(file).catch(() => null))?.size === bytes.length;
  if (!kept) await writeIfChanged(file, bytes);
  return digest;
}

/** How a failed transcript link is named, beside 'media (enclosure)' and 'feed'. */
const TRANSCRIPT_LINK = 'transcript (podcast:transcript)';

async function loadFeed(
  source: string,
  limits: FetchLimits,
  cached: CachedFeed | null,
  maxFeedBytes: number,
): Promise<LoadedFeed> {
  if (!isUrl(source)) {
    const bytes = await readFile(source).catch((error: unknown) => {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      const why = { ENOENT: 'no such file', EISDIR: 'a folder, not a file', EACCES: 'permission denied' }[
        code
      ];
      throw new ValidationError(
        `Cannot read the feed file ${source}${why ? `: ${why} (${code})` : ''}; expected an http(s) URL or a feed file`,
        { source },
        { cause: error },
      );
    });
    const xml = decodeFeedBytes(bytes, null, source);
    return { feed: parseFeed(xml, source), validators: {}, body: null, notModified: false };
  }
  // Validators are sent only with a kept body, so a 304 still lets the run do work that is
  // due (items past an earlier --limit, failed items, deleted files, --download-media).
  const outcome = await fetchWithLimits(
    source,
    { ...limits, maxBytes: maxFeedBytes, what: 'the feed' },
    cached?.validators ?? {},
  ).catch((error: unknown) => {
    throw fetchFailureOf('feed', error);
  });
  if (outcome.status === 'not-modified') {
    if (!cached)
      throw new FetchFailedError(source, 'HTTP 304 to a request that was not conditional', 304, false, {
        what: 'feed',
      });
    const body = await cached.body();
    // Changed on disk since this run began: asked for again, unconditionally.
    if (body === null) return loadFeed(source, limits, null, maxFeedBytes);
    return {
      feed: parseFeed(body, source, outcome.url),
      validators: cached.validators,
      body,
      notModified: true,
    };
  }
  const body = decodeFeedBytes(outcome.body, outcome.contentType, source);
  return {
    feed: parseFeed(body, source, outcome.url),
    validators: outcome.validators,
    body,
    notModified: false,
  };
}

function speakersOf(feed: ParsedFeed, episode: FeedEpisode): string[] {
  const people = episode.persons.length > 0 ? episode.persons : feed.persons;
  return [...new Set(people.filter((p) => p.role === 'host' || p.role === 'guest').map((p) => p.name))];
}

interface FeedItem {
  /** Key in the state: the guid, or guid#hash when several items share the guid. */
  key: string;
  episode: FeedEpisode;
  sharedGuid: boolean;
}

function keyItems(episodes: FeedEpisode[], state: FeedState): FeedItem[] {
  const count = new Map<string, number>();
  for (const episode of episodes) count.set(episode.guid, (count.get(episode.guid) ?? 0) + 1);
  const used = new Set<string>();
  const items = episodes.map((episode) => {
    const sharedGuid = (count.get(episode.guid) ?? 0) > 1;
    const identity = episode.enclosure?.url ?? episode.title;
    let key = sharedGuid ? `${episode.guid}#${shortHash(identity, 8)}` : episode.guid;
    for (let n = 2; used.has(key); n++) key = `${episode.guid}#${shortHash(`${identity}#${n}`, 8)}`;
    used.add(key);
    return { key, episode, sharedGuid };
  });
  // A guid that became shared (or stopped being) left its state under another key: the
  // matching item takes it over, so its files keep their names. Oldest first, since feeds
  // list the newest first and the older item is the one imported before.
  for (const item of items.toReversed()) {
    if (state.episodes[item.key]) continue;
    const { guid, title } = item.episode;
    const enclosureUrl = item.episode.enclosure?.url;
    const orphans = Object.entries(state.episodes).filter(
      ([key]) => !used.has(key) && (key === guid || key.startsWith(`${guid}#`)),
    );
    const match =
      orphans.find(([, e]) => enclosureUrl !== undefined && e.enclosureUrl === enclosureUrl) ??
      orphans.find(([, e]) => e.title === title) ??
      orphans.find(([, e]) => e.title === undefined);
    if (!match) continue;
    state.episodes[item.key] = match[1];
    delete state.episodes[match[0]];
  }
  // A guid that changed (the show moved host; an item without a guid is known by its
  // enclosure URL, whose tracking prefix changes): the entry of an item gone from the feed
  // that has this item's transcript, enclosure, or date and title is this item's.
  for (const item of items.toReversed()) {
    if (state.episodes[item.key]) continue;
    const { episode } = item;
    const links = new Set(episode.transcripts.map((t) => t.url));
    const wanted = baseFor(episode);
    const gone = Object.entries(state.episodes).filter(([key]) => !used.has(key));
    const match =
      gone.find(([, e]) => e.transcriptUrl !== null && links.has(e.transcriptUrl)) ??
      gone.find(([, e]) => episode.enclosure !== null && e.enclosureUrl === episode.enclosure.url) ??
      gone.find(
        ([, e]) => e.title === episode.title && new RegExp(`^${wanted}(-[0-9a-f]{8})?$`).test(e.base),
      );
    if (!match) continue;
    state.episodes[item.key] = match[1];
    delete state.episodes[match[0]];
  }
  return items;
}

/** The file base an item wants: its date and title. */
function baseFor(episode: FeedEpisode): string {
  return feedSlug(`${episode.date ?? ''} ${episode.title}`);
}

function mediaExtension(enclosure: NonNullable<FeedEpisode['enclosure']>): string {
  const byType = MEDIA_EXTENSIONS[(enclosure.type ?? '').split(';')[0]!.trim().toLowerCase()];
  if (byType) return byType;
  try {
    const pathname = new URL(enclosure.url).pathname.toLowerCase();
    const fromUrl = pathname.slice(pathname.lastIndexOf('.') + 1);
    if (MEDIA_FILE_EXTENSIONS.has(fromUrl)) return fromUrl;
  } catch {
    // Not a URL we can read a name from.
  }
  return 'mp3';
}

interface RunContext {
  options: FeedImportOptions;
  limits: FetchLimits;
  feed: ParsedFeed;
  /** The show's folder name (its slug, or the archive's own folder for it). */
  folder: string;
  showDir: string;
  state: FeedState;
  /**
   * Without a key: writes the whole state. With an item's key: saves that item's entry to
   * the journal when it changed, so a killed import keeps what it wrote.
   */
  saveState: (key?: string) => Promise<void>;
  /** Every request to a host goes through this, so it is asked only a few things at once. */
  hosts: PerHostLimit;
  /** Deletions the journal recorded during this run, and how far it has been read. */
  deletionsSeen: { marks: Map<string, string | undefined>; bytes: number };
}

/**
 * A new item's file base: the first free name. A name is free when no item of the state
 * owns it and no file in the folder starts with it, except files an earlier import wrote
 * for this very guid (its .meta.json says so: the state may have been lost).
 */
async function allocateBase(
  ctx: RunContext,
  item: FeedItem,
  names: FolderNames,
  warnings: string[],
): Promise<string> {
  const { owned } = names;
  const wanted = baseFor(item.episode);
  const foreign: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const base =
      attempt === 0
        ? wanted
        : `${wanted}-${shortHash(attempt === 1 ? item.key : `${item.key}#${attempt}`, 8)}`;
    if (owned.has(base)) continue;
    const present = names.byBase.get(base) ?? [];
    if (present.length > 0 && !(await writtenFor(ctx.showDir, base, item.episode.guid))) {
      foreign.push(...present);
      continue;
    }
    if (foreign.length > 0) {
      warnings.push(
        `${foreign.map((name) => `${ctx.folder}/${name}`).join(', ')} not written by the importer: ` +
          `kept, and this episode saved as ${ctx.folder}/${base}.*`,
      );
    }
    owned.add(base);
    return base;
  }
}

interface FolderNames {
  /** File bases taken by items of the state, and by items given a base during this run. */
  owned: Set<string>;
  /** The folder's files when the run began, by the base they start with (`<base>.<ext>`). */
  byBase: Map<string, string[]>;
}

/**
 * What a new item's name must not collide with: the names the state owns and the folder's
 * files (enough to find files the importer did not write, since everything it writes during
 * the run is under a base the state owns or this run handed out).
 */
async function folderNames(ctx: RunContext): Promise<FolderNames> {
  const byBase = new Map<string, string[]>();
  for (const name of await readdir(ctx.showDir)) {
    // show.json is the show's, never an episode's, even for an episode named "show".
    if (name === 'show.json' || !name.includes('.')) continue;
    // Bases are slugs (no dots), so `name.startsWith(base + '.')` is this lookup.
    const base = name.slice(0, name.indexOf('.'));
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  return { owned: new Set(Object.values(ctx.state.episodes).map((e) => e.base)), byBase };
}

/**
 * The names of the new items to import, handed out in the feed's order before any is
 * fetched, so the same feed gives the same names however fast each host answers.
 */
async function allocateNewBases(
  ctx: RunContext,
  items: FeedItem[],
  duplicates: Map<string, FeedItem>,
): Promise<Map<string, { base: string; warnings: string[] }>> {
  const names = await folderNames(ctx);
  const bases = new Map<string, { base: string; warnings: string[] }>();
  for (const item of items) {
    if (ctx.state.episodes[item.key] || duplicates.has(item.key) || !transcriptChoiceFor(item.episode))
      continue;
    const warnings: string[] = [];
    bases.set(item.key, { base: await allocateBase(ctx, item, names, warnings), warnings });
  }
  return bases;
}

function transcriptChoiceFor(episode: FeedEpisode): TranscriptChoice | null {
  return pickTranscript(episode.transcripts, episode.language);
}

function noTranscriptReason(episode: FeedEpisode): string {
  const link = episode.unusableTranscriptLinks[0];
  if (link === undefined) return 'the feed offers no podcast:transcript for this episode';
  if (!/^[a-z][a-z0-9+.-]*:/i.test(link)) {
    return (
      `its podcast:transcript link "${link}" is relative, and a feed read from a file has no address ` +
      'to follow it from: import the feed by its URL'
    );
  }
  return `its podcast:transcript link "${link}" is not an http(s) address`;
}

function transcriptFileName(base: string, choice: TranscriptChoice): string {
  return choice.timed ? `${base}.${choice.extension}` : `${base}.untimed-${choice.extension}`;
}

/**
 * Items whose transcript another item of the feed has (a publishing tool listed the item
 * twice, with or without its guid, or republished it): one episode, imported once so that
 * search does not find it twice. The one imported before stays the episode (its links keep
 * working); else the first in the feed.
 */
function findDuplicates(items: FeedItem[], state: FeedState): Map<string, FeedItem> {
  const byTranscript = new Map<string, FeedItem[]>();
  for (const item of items) {
    const url = transcriptChoiceFor(item.episode)?.link.url;
    if (url !== undefined) byTranscript.set(url, [...(byTranscript.get(url) ?? []), item]);
  }
  const duplicates = new Map<string, FeedItem>();
  for (const group of byTranscript.values()) {
    const original = group.find((item) => state.episodes[item.key] !== undefined) ?? group[0]!;
    for (const item of group) if (item !== original) duplicates.set(item.key, original);
  }
  return duplicates;
}

async function writtenFor(showDir: string, base: string, guid: string): Promise<boolean> {
  try {
    const meta = JSON.parse(await readFile(path.join(showDir, `${base}.meta.json`), 'utf8')) as unknown;
    return typeof meta === 'object' && meta !== null && (meta as { guid?: unknown }).guid === guid;
  } catch {
    return false;
  }
}

/**
 * An item imported before that has become the duplicate of another (the feed now gives it
 * the same transcript): its files would keep the episode twice in search. The ones the
 * importer wrote and nobody changed since are removed, and its entry is dropped.
 */
async function removeDuplicateFiles(ctx: RunContext, item: FeedItem, warnings: string[]): Promise<void> {
  const entry = ctx.state.episodes[item.key];
  if (!entry) return;
  const { base, transcriptFile, sha256: recorded, media } = entry;
  if (transcriptFile !== undefined) {
    await removeOwnFile(ctx, transcriptFile, async (f) => (await sha256OfFile(f)) === recorded, warnings);
    // Changed by hand since: kept with what describes it, and the entry is kept to ask again.
    if (await exists(path.join(ctx.showDir, transcriptFile))) return;
  }
  await removeOwnFile(
    ctx,
    `${base}.meta.json`,
    () => writtenFor(ctx.showDir, base, item.episode.guid),
    warnings,
  );
  await removeOwnFile(ctx, `${base}.chapters.json`, () => Promise.resolve(true), warnings);
  if (media) {
    await removeOwnFile(
      ctx,
      media.file,
      async (f) => media.size === undefined || (await stat(f)).size === media.size,
      warnings,
    );
  }
  delete ctx.state.episodes[item.key];
}

/** `2026-11-23 22:41 UTC` from the ISO time a deletion was recorded at. */
function describeDeletion(deletedAt: string): string {
  const at = new Date(deletedAt);
  if (Number.isNaN(at.getTime())) return deletedAt;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The admin delete endpoint removed `transcriptFile` from `showDir`: if a feed import wrote
 * it, its item is marked deleted so that the next import does not fetch it back. Appended to
 * the journal, as an import saves an item. Returns the item's key, or null for a file no
 * import of this folder wrote.
 */
export async function recordFeedItemDeleted(
  showDir: string,
  transcriptFile: string,
  deletedAt: Date,
): Promise<string | null> {
  const state = await readStateAndJournal(showDir);
  if (state === null) return null;
  const found = Object.entries(state.episodes).find(([, entry]) => entry.transcriptFile === transcriptFile);
  if (!found) return null;
  const [key, entry] = found;
  const line = `${JSON.stringify({ key, entry: { ...entry, deletedAt: deletedAt.toISOString() } })}\n`;
  await appendFile(path.join(showDir, FEED_JOURNAL_FILE), line);
  return key;
}

/** Removes a file the importer wrote earlier, unless someone changed it since (then it is kept). */
async function removeOwnFile(
  ctx: RunContext,
  name: string,
  isOurs: (file: string) => Promise<boolean>,
  warnings: string[],
): Promise<void> {
  const file = path.join(ctx.showDir, name);
  if (!(await exists(file))) return;
  if (await isOurs(file)) await rm(file, { force: true });
  else warnings.push(`${ctx.folder}/${name} changed since the importer wrote it: kept, please remove it`);
}

export async function importFeed(options: FeedImportOptions): Promise<FeedImportReport> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  if (options.showSlug !== undefined) checkShowSlug(options.showSlug);
  const known =
    options.showSlug !== undefined
      ? await showFolderFor(options.transcriptsDir, options.showSlug)
      : await folderImportedFrom(options.transcriptsDir, options.source);
  const cached =
    isUrl(options.source) && known !== null
      ? await cachedFeed(path.join(options.transcriptsDir, known), options.source)
      : null;
  const loaded = await loadFeed(
    options.source,
    limits,
    cached,
    options.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES,
  );
  const { feed } = loaded;
  // A first import without --show knows its folder only once the feed is read (its title).
  const showSlug = options.showSlug ?? (known !== null ? showIdFor(known) : feedSlug(feed.title));
  checkShowSlug(showSlug);
  const folder = known ?? (await showFolderFor(options.transcriptsDir, showSlug));
  const showDir = path.join(options.transcriptsDir, folder);
  await mkdir(showDir, { recursive: true });
  await removeLeftoverTemporaries(showDir);
  const stateFile = path.join(showDir, FEED_STATE_FILE);
  const journalFile = path.join(showDir, FEED_JOURNAL_FILE);
  const previous = await readStateAndJournal(showDir);
  const state: FeedState = previous ?? { feedUrl: options.source, validators: {}, episodes: {} };
  state.feedUrl = options.source;
  state.validators = loaded.validators;
  if (loaded.body !== null && hasValidators(loaded.validators)) {
    state.feedSha256 = await keepFeedCopy(showDir, loaded.body, previous?.feedSha256);
  } else {
    await rm(path.join(showDir, FEED_CACHE_FILE), { force: true });
    delete state.feedSha256;
  }
  let saved: string | null = null;
  // Each item's entry as last saved: an item that changed nothing costs nothing, and one
  // that did costs a line in the journal (before: the whole state was written out after
  // every item, so a first import of a 3,000-item feed grew with the square of its length).
  const savedEntries = new Map<string, string>();
  const entryOf = (key: string) => JSON.stringify(state.episodes[key] ?? null);
  let journalWrites: Promise<unknown> = Promise.resolve();
  const saveState = async (key?: string) => {
    if (key !== undefined) {
      const entry = entryOf(key);
      if (savedEntries.get(key) === entry) return;
      savedEntries.set(key, entry);
      // One line per append, one append at a time, so items finishing together never interleave.
      const line = `${JSON.stringify({ key, entry: state.episodes[key] ?? null })}\n`;
      const written = journalWrites.then(() => appendFile(journalFile, line));
      journalWrites = written.catch(() => undefined);
      await written;
      return;
    }
    await journalWrites;
    await keepDeletionsMadeMeanwhile(journalFile, state);
    // Through the schema: its key order, so an unchanged state keeps its bytes.
    const text = json(FeedStateSchema.parse(state));
    if (text !== saved) await writeIfChanged(stateFile, text);
    saved = text;
    // Written whole: the journal's lines are in it now.
    await rm(journalFile, { force: true });
    savedEntries.clear();
    for (const k of Object.keys(state.episodes)) savedEntries.set(k, entryOf(k));
  };
  const hosts = new PerHostLimit(REQUESTS_PER_HOST);
  const ctx: RunContext = {
    options,
    limits: { ...limits, hostPauses: hosts },
    feed,
    folder,
    showDir,
    state,
    saveState,
    hosts,
    deletionsSeen: { marks: new Map(), bytes: 0 },
  };

  const warnings: string[] = [];
  // An old feed a show left behind keeps answering, without its new episodes.
  if (feed.newFeedUrl !== null && feed.newFeedUrl !== options.source) {
    warnings.push(
      `the feed says it has moved to ${feed.newFeedUrl} (itunes:new-feed-url), where new episodes appear: ` +
        `import that address with --show ${showSlug} to keep this folder`,
    );
  }
  await writeShowJson(ctx, previous !== null, warnings);
  await saveState();

  const items = keyItems(feed.episodes, state);
  // Entries moved to another key (a guid changed) are saved now, items past --limit too.
  await saveState();
  const selected = options.limit === undefined ? items : items.slice(0, options.limit);
  const duplicates = findDuplicates(selected, state);
  const newBases = await allocateNewBases(ctx, selected, duplicates);
  const duplicateResult = async (item: FeedItem, original: FeedItem): Promise<EpisodeImportResult> => {
    const warnings: string[] = [];
    await removeDuplicateFiles(ctx, item, warnings);
    const base = state.episodes[original.key]?.base ?? newBases.get(original.key)?.base;
    const choice = transcriptChoiceFor(original.episode);
    return {
      guid: item.episode.guid,
      title: item.episode.title,
      status: 'duplicate',
      ...(base !== undefined && choice ? { file: `${folder}/${transcriptFileName(base, choice)}` } : {}),
      reason: `the same episode as the item "${original.episode.title}": imported once`,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  };
  options.onFeedRead?.({ showSlug, feedUnchanged: loaded.notModified, warnings, episodes: selected.length });
  const results: Array<EpisodeImportResult | undefined> = selected.map(() => undefined);
  let reported = 0;
  try {
    await forEachAtMost(selected, ITEMS_AT_ONCE, async (item, index) => {
      const original = duplicates.get(item.key);
      try {
        results[index] = original
          ? await duplicateResult(item, original)
          : await importEpisode(ctx, item, newBases.get(item.key));
      } catch (error) {
        results[index] = {
          guid: item.episode.guid,
          title: item.episode.title,
          status: 'failed',
          reason: messageOf(error),
        };
      }
      await saveState(item.key);
      for (let next = results[reported]; next !== undefined; next = results[reported]) {
        reported++;
        options.onEpisode?.(next);
      }
    });
  } finally {
    await saveState();
  }
  return {
    showSlug,
    folder,
    feedUnchanged: loaded.notModified,
    warnings,
    episodes: results.filter((result) => result !== undefined),
  };
}

/** show.json from the feed, unless the archivist wrote or edited it (then it is kept). */
async function writeShowJson(ctx: RunContext, imported: boolean, warnings: string[]): Promise<void> {
  const { feed, showDir, folder, state } = ctx;
  const label = `${folder}/show.json`;
  const content = json(
    acceptedFields(
      ShowMetadataSchema.shape,
      {
        title: feed.title,
        description: feed.description,
        language: feed.language,
        url: feed.link,
        image: feed.image,
        license: feed.license,
      },
      label,
      warnings,
    ),
  );
  const file = path.join(showDir, 'show.json');
  const current = await readFile(file).catch(() => null);
  // A state without a recorded hash comes from an earlier version, which always wrote show.json.
  const ours =
    current === null ||
    current.equals(Buffer.from(content)) ||
    (state.showJsonSha256 === undefined ? imported : sha256(current) === state.showJsonSha256);
  if (!ours) {
    warnings.push(`${label} was not written by the importer (or was edited since): kept as it is`);
    return;
  }
  await writeIfChanged(file, content);
  state.showJsonSha256 = sha256(content);
}

const TIMED_FORMAT_NAMES: Record<string, string> = {
  json: 'Podcasting 2.0 JSON',
  vtt: 'WebVTT',
  srt: 'SRT',
};

/** An HTML page, whatever type it was served as (none of the timed formats starts with a tag). */
function looksLikeWebPage(body: Buffer, contentType: string | null): boolean {
  const start = body
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '');
  if (/^\s*<(?:!doctype\s+html|html|head|body)[\s>]/i.test(start)) return true;
  return /html/i.test(contentType ?? '') && /^\s*</.test(start);
}

async function importEpisode(
  ctx: RunContext,
  item: FeedItem,
  /** The name handed out to this item if it is new (with what naming it had to say). */
  newBase: { base: string; warnings: string[] } | undefined,
): Promise<EpisodeImportResult> {
  const { options, limits, feed, folder, showDir, state, hosts } = ctx;
  const { episode, key } = item;
  const warnings: string[] = [];
  const result = (
    status: EpisodeImportStatus,
    extra: Partial<EpisodeImportResult> = {},
  ): EpisodeImportResult => ({
    guid: episode.guid,
    title: episode.title,
    status,
    ...extra,
    ...(warnings.length > 0 ? { warnings } : {}),
  });
  if (item.sharedGuid) {
    warnings.push(`another item of the feed has the guid "${episode.guid}": imported under its own name`);
  }

  const choice = transcriptChoiceFor(episode);
  if (!choice) return result('no-transcript', { reason: noTranscriptReason(episode) });

  const recorded = await withDeletionMadeMeanwhile(ctx, key);
  /** Deleted by an admin, and asked for again: reported as added, as it comes back. */
  let restoring = false;
  if (recorded?.deletedAt !== undefined) {
    // Put back by hand (e.g. from the trash): an ordinary item again.
    const putBack =
      recorded.transcriptFile !== undefined && (await exists(path.join(showDir, recorded.transcriptFile)));
    if (!putBack && !options.includeDeleted) {
      return result('skipped', { reason: deletedReason(recorded.deletedAt) });
    }
    restoring = !putBack;
    const { deletedAt: _deletedAt, ...rest } = recorded;
    state.episodes[key] = rest;
  }
  const known = state.episodes[key];
  if (!known && !newBase) throw new Error(`no file name was handed out for the new item "${key}"`);
  const base = known?.base ?? newBase!.base;
  if (!known) warnings.push(...newBase!.warnings);
  const transcriptFile = transcriptFileName(base, choice);
  const transcriptPath = path.join(showDir, transcriptFile);
  const previousFile = known?.transcriptFile;
  if (previousFile !== undefined && previousFile !== transcriptFile && (await exists(transcriptPath))) {
    throw new Error(
      `${folder}/${transcriptFile} was not written by the importer: not overwritten (move it away to import this episode)`,
    );
  }

  // The transcript comes first: media is downloaded only for an episode that has one.
  // Validators only while the file written last time is still there, byte for byte:
  // a deleted or edited file is fetched again.
  const intact =
    known !== undefined &&
    known.transcriptUrl === choice.link.url &&
    previousFile === transcriptFile &&
    known.sha256 !== undefined &&
    (await sha256OfFile(transcriptPath)) === known.sha256;
  const outcome = await hosts
    .run(choice.link.url, () => fetchWithLimits(choice.link.url, limits, intact ? known.validators : {}))
    .catch((error: unknown) => {
      throw fetchFailureOf(TRANSCRIPT_LINK, error);
    });
  // Deleted by an admin while its transcript was being fetched (a slow host): its files are
  // in the trash, and writing them back would undo the deletion.
  const deletedWhileFetching = known && !restoring ? await deletedSince(ctx, key) : undefined;
  if (deletedWhileFetching !== undefined)
    return result('skipped', { reason: deletedReason(deletedWhileFetching) });
  let entry: EpisodeState;
  let changed = false;
  if (outcome.status === 'ok') {
    if (choice.timed && looksLikeWebPage(outcome.body, outcome.contentType)) {
      // A maintenance, login or "not found" page answered 200: the transcript written
      // before stays, and nothing is written for a new item.
      const kept = previousFile !== undefined && (await exists(path.join(showDir, previousFile)));
      throw new FetchFailedError(
        choice.link.url,
        `answered a web page (${(outcome.contentType ?? 'no type').split(';')[0]!.trim()}), ` +
          `not a ${TIMED_FORMAT_NAMES[choice.extension]} transcript${kept ? '; the file imported before is kept' : ''}`,
        undefined,
        false,
        { what: TRANSCRIPT_LINK },
      );
    }
    const bytes = transcriptBytesAsUtf8(outcome.body, outcome.contentType);
    if (choice.timed && previousFile !== undefined)
      await refuseUnparsableReplacement(ctx, choice.link.url, previousFile, transcriptFile, bytes);
    changed = await writeIfChanged(transcriptPath, bytes);
    entry = {
      base,
      title: episode.title,
      enclosureUrl: episode.enclosure?.url ?? null,
      transcriptUrl: choice.link.url,
      transcriptFile,
      sha256: sha256(bytes),
      validators: outcome.validators,
      ...(known?.media ? { media: known.media } : {}),
    };
  } else if (intact) {
    entry = { ...known, title: episode.title, enclosureUrl: episode.enclosure?.url ?? null };
  } else {
    throw new FetchFailedError(
      choice.link.url,
      'HTTP 304 to a request that was not conditional',
      304,
      false,
      {
        what: TRANSCRIPT_LINK,
      },
    );
  }
  // Another format than last time (e.g. VTT added beside the SRT): the old file would be a
  // second copy of the episode in search.
  if (previousFile !== undefined && previousFile !== transcriptFile) {
    const recorded = known?.sha256;
    await removeOwnFile(ctx, previousFile, async (f) => (await sha256OfFile(f)) === recorded, warnings);
    changed = true;
  }
  state.episodes[key] = entry;
  await ctx.saveState(key);

  // Media stays remote unless asked; a downloaded file sits beside the transcript.
  let media: string | undefined = episode.enclosure?.url;
  let failure: string | undefined;
  let mediaDeletedAt: string | undefined;
  if (options.downloadMedia && choice.timed && episode.enclosure) {
    try {
      const download = await downloadMedia(ctx, key, episode.enclosure, base, entry, warnings);
      media = download.file;
      changed ||= download.changed;
      mediaDeletedAt = download.deletedAt;
    } catch (error) {
      // The transcript is kept; the media is tried again on the next run. Said as the
      // enclosure's: the item's status alone reads as if the episode were not imported.
      failure = `media (enclosure) not downloaded, the transcript is imported: ${messageOf(error)}`;
      if (entry.media && (await exists(path.join(showDir, entry.media.file)))) media = entry.media.file;
    }
  }

  let chapters: Buffer | null = null;
  if (episode.chaptersUrl) {
    try {
      const chaptersUrl = episode.chaptersUrl;
      const fetched = await hosts.run(chaptersUrl, () => fetchWithLimits(chaptersUrl, limits));
      if (fetched.status === 'ok') {
        // The schema ingest uses: broken chapters are skipped and never block the transcript.
        parseChaptersJson(episode.chaptersUrl, fetched.body);
        chapters = fetched.body;
      }
    } catch (error) {
      warnings.push(`chapters not imported: ${messageOf(error)}`);
    }
  }

  // Deleted while its media or chapters were coming: no meta.json for a transcript that is
  // in the trash.
  const deletedMeanwhile = mediaDeletedAt ?? (await deletedSince(ctx, key));
  if (deletedMeanwhile !== undefined) return result('skipped', { reason: deletedReason(deletedMeanwhile) });

  const speakers = speakersOf(feed, episode);
  const meta = {
    ...acceptedFields(
      EpisodeMetadataSchema.shape,
      {
        title: episode.title,
        date: episode.date,
        language: choice.link.language ?? episode.language,
        // An empty list would hide the speakers named in the transcript.
        speakers: speakers.length > 0 ? speakers : undefined,
        media,
        url: episode.link,
        license: episode.license ?? feed.license,
        // 0 is what feeds write for "unknown".
        duration: episode.duration !== null && episode.duration > 0 ? episode.duration : undefined,
      },
      `${folder}/${base}.meta.json`,
      warnings,
    ),
    guid: episode.guid,
  };
  if (await writeIfChanged(path.join(showDir, `${base}.meta.json`), json(meta))) changed = true;
  if (chapters && (await writeIfChanged(path.join(showDir, `${base}.chapters.json`), chapters)))
    changed = true;

  const file = `${folder}/${transcriptFile}`;
  if (failure !== undefined) return result('failed', { file, reason: failure });
  if (!choice.timed) {
    return result('untimed', {
      file,
      reason: `only an untimed ${choice.extension} transcript is offered; kept, not indexed`,
    });
  }
  if (!known || restoring) return result('added', { file });
  return result(changed ? 'updated' : 'unchanged', { file });
}

/**
 * Streams the enclosure beside the transcript. Once downloaded it is asked for again only
 * conditionally (and not at all when the host gives no validators but the size matches),
 * as long as the local file still has the size recorded.
 */
async function downloadMedia(
  ctx: RunContext,
  key: string,
  enclosure: NonNullable<FeedEpisode['enclosure']>,
  base: string,
  entry: EpisodeState,
  warnings: string[],
): Promise<{ file: string; changed: boolean; deletedAt?: string }> {
  const { options, limits, showDir, folder } = ctx;
  const mediaFile = `${base}.${mediaExtension(enclosure)}`;
  const target = path.join(showDir, mediaFile);
  const earlier = entry.media;
  const recorded = earlier?.file === mediaFile ? earlier : undefined;
  const have = await stat(target).catch(() => null);
  if (have && !recorded) {
    warnings.push(`${folder}/${mediaFile} was not downloaded by the importer: kept and used as the media`);
    return { file: mediaFile, changed: false };
  }
  const unchangedHere =
    recorded !== undefined && have !== null && (recorded.size === undefined || recorded.size === have.size);
  const intact = unchangedHere && recorded.url === enclosure.url;
  // Validators also go to a new URL (a tracking prefix changed): a host serving the same
  // file answers 304, another file gets a 200 all the same.
  const validators = unchangedHere ? recorded.validators : {};
  const sizeMatches = enclosure.length === null || enclosure.length === have?.size;
  if (intact && !hasValidators(validators) && sizeMatches) return { file: mediaFile, changed: false };

  const outcome = await ctx.hosts.run(enclosure.url, () =>
    downloadWithLimits(
      enclosure.url,
      target,
      {
        ...limits,
        maxBytes: options.maxMediaBytes ?? 500 * 1024 * 1024,
        timeoutMs: Math.max(limits.timeoutMs, MEDIA_TIMEOUT_MS),
      },
      validators,
    ),
  );
  // An admin deleted the episode while it downloaded (a large file takes minutes): the file
  // this run just wrote goes too, and the item stays deleted (checked before this run's own
  // journal line, which would read as the item written again).
  const deletedAt = await deletedSince(ctx, key);
  if (deletedAt !== undefined) {
    if (outcome.status === 'ok') await rm(target, { force: true });
    return { file: mediaFile, changed: false, deletedAt };
  }
  if (outcome.status === 'ok') {
    entry.media = {
      url: enclosure.url,
      file: mediaFile,
      validators: outcome.validators,
      size: outcome.bytes,
    };
  } else if (recorded && have) {
    entry.media = { ...recorded, url: enclosure.url, size: have.size };
  }
  await ctx.saveState(key);
  // Another media type than last time: the earlier download would be left behind.
  if (earlier && earlier.file !== mediaFile) {
    await removeOwnFile(
      ctx,
      earlier.file,
      async (f) => earlier.size === undefined || (await stat(f)).size === earlier.size,
      warnings,
    );
  }
  return { file: mediaFile, changed: outcome.status === 'ok' };
}
