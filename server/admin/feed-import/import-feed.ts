// Podcast feed → files in transcripts/<show>/ (the folder stays the source of truth).
// Re-runs are cheap and safe: conditional requests per URL, files rewritten only when
// their bytes change, one failing episode never stops the others.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { shortHash, slugify } from '../../ingest/episode-id.ts';
import {
  DEFAULT_FETCH_LIMITS,
  downloadWithLimits,
  fetchWithLimits,
  type FetchLimits,
  type Validators,
} from './fetch-with-limits.ts';
import { parseFeed, type FeedEpisode, type ParsedFeed } from './parse-feed.ts';
import { pickTranscript } from './pick-transcript.ts';

export type EpisodeImportStatus = 'added' | 'updated' | 'unchanged' | 'untimed' | 'no-transcript' | 'failed';

export interface EpisodeImportResult {
  guid: string;
  title: string;
  status: EpisodeImportStatus;
  /** Transcript file written, relative to the transcripts root. */
  file?: string;
  reason?: string;
}

export interface FeedImportReport {
  showSlug: string;
  feedUnchanged: boolean;
  episodes: EpisodeImportResult[];
}

export interface FeedImportOptions {
  /** http(s) URL or a local file path. */
  source: string;
  transcriptsDir: string;
  showSlug?: string;
  limit?: number;
  downloadMedia?: boolean;
  limits?: FetchLimits;
  /** Media can be far larger than transcripts. */
  maxMediaBytes?: number;
}

/** A media download may take this long (transcripts keep the shorter fetch timeout). */
const MEDIA_TIMEOUT_MS = 10 * 60_000;

/** Hidden and without a transcript extension, so ingest never mistakes it for an episode. */
export const FEED_STATE_FILE = '.verbatim-feed-state';

const ValidatorsSchema = z.object({ etag: z.string().nullish(), lastModified: z.string().nullish() });
const EpisodeStateSchema = z.object({
  base: z.string(),
  transcriptUrl: z.string().nullable(),
  validators: ValidatorsSchema,
  /** The downloaded media (with --download-media): where from, and its validators. */
  media: z.object({ url: z.string(), file: z.string(), validators: ValidatorsSchema }).optional(),
});
const FeedStateSchema = z.object({
  feedUrl: z.string(),
  validators: z.object({ etag: z.string().nullish(), lastModified: z.string().nullish() }),
  episodes: z.record(z.string(), EpisodeStateSchema),
});
type FeedState = z.infer<typeof FeedStateSchema>;

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

/** A file or folder slug for feed titles: the ingest's slug, kept short for file names. */
function feedSlug(text: string, maxLength = 60): string {
  return slugify(text).slice(0, maxLength).replace(/-+$/g, '') || 'untitled';
}

async function readState(file: string, feedUrl: string): Promise<FeedState> {
  try {
    const parsed = FeedStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable state means a first run: everything is fetched again.
  }
  return { feedUrl, validators: {}, episodes: {} };
}

/** Writes only when the bytes differ, through a temporary file, so ingest hashes stay stable. */
async function writeIfChanged(file: string, content: string | Buffer): Promise<boolean> {
  const next = typeof content === 'string' ? Buffer.from(content) : content;
  try {
    if ((await readFile(file)).equals(next)) return false;
  } catch {
    // Not there yet.
  }
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, next);
  await rename(temporary, file);
  return true;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function loadFeed(
  source: string,
  limits: FetchLimits,
  validators: Validators,
): Promise<{ feed: ParsedFeed; validators: Validators } | 'not-modified'> {
  if (!isUrl(source)) {
    const xml = await readFile(source, 'utf8').catch((error: unknown) => {
      throw new ValidationError(`Cannot read the feed file ${source}`, { source }, { cause: error });
    });
    return { feed: parseFeed(xml, source), validators: {} };
  }
  const outcome = await fetchWithLimits(source, limits, validators);
  if (outcome.status === 'not-modified') return 'not-modified';
  return { feed: parseFeed(outcome.body.toString('utf8'), source), validators: outcome.validators };
}

function speakersOf(feed: ParsedFeed, episode: FeedEpisode): string[] {
  const people = episode.persons.length > 0 ? episode.persons : feed.persons;
  return [...new Set(people.filter((p) => p.role === 'host' || p.role === 'guest').map((p) => p.name))];
}

function chooseBase(episode: FeedEpisode, taken: Set<string>): string {
  const base = feedSlug(`${episode.date ?? ''} ${episode.title}`);
  return taken.has(base) ? `${base}-${shortHash(episode.guid, 8)}` : base;
}

export async function importFeed(options: FeedImportOptions): Promise<FeedImportReport> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const firstLook = isUrl(options.source) ? null : await loadFeed(options.source, limits, {});
  // The show folder is known only after the feed is read (slug from its title).
  let feedResult = firstLook;
  let showSlug = options.showSlug;
  let stateFile: string | null = null;
  let state: FeedState | null = null;

  if (showSlug) {
    stateFile = path.join(options.transcriptsDir, showSlug, FEED_STATE_FILE);
    state = await readState(stateFile, options.source);
  }
  if (!feedResult) {
    const loaded = await loadFeed(
      options.source,
      limits,
      state?.feedUrl === options.source ? state.validators : {},
    );
    if (loaded === 'not-modified') return { showSlug: showSlug ?? '', feedUnchanged: true, episodes: [] };
    feedResult = loaded;
  }
  if (feedResult === 'not-modified') return { showSlug: showSlug ?? '', feedUnchanged: true, episodes: [] };
  const { feed } = feedResult;
  showSlug ??= feedSlug(feed.title);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(showSlug)) {
    throw new ValidationError(`--show must be a slug of a-z, 0-9 and '-', got "${showSlug}"`, {
      field: 'show',
    });
  }
  const showDir = path.join(options.transcriptsDir, showSlug);
  await mkdir(showDir, { recursive: true });
  stateFile ??= path.join(showDir, FEED_STATE_FILE);
  state ??= await readState(stateFile, options.source);
  state.feedUrl = options.source;
  state.validators = feedResult.validators;

  await writeIfChanged(
    path.join(showDir, 'show.json'),
    json({
      title: feed.title,
      description: feed.description,
      language: feed.language,
      url: feed.link,
      image: feed.image,
      license: feed.license,
    }),
  );

  const taken = new Set(Object.values(state.episodes).map((e) => e.base));
  const episodes = options.limit === undefined ? feed.episodes : feed.episodes.slice(0, options.limit);
  const results: EpisodeImportResult[] = [];
  for (const episode of episodes) {
    try {
      results.push(await importEpisode(options, limits, feed, episode, showSlug, showDir, state, taken));
    } catch (error) {
      results.push({
        guid: episode.guid,
        title: episode.title,
        status: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  await writeIfChanged(stateFile, json(state));
  return { showSlug, feedUnchanged: false, episodes: results };
}

async function importEpisode(
  options: FeedImportOptions,
  limits: FetchLimits,
  feed: ParsedFeed,
  episode: FeedEpisode,
  showSlug: string,
  showDir: string,
  state: FeedState,
  taken: Set<string>,
): Promise<EpisodeImportResult> {
  const known = state.episodes[episode.guid];
  const base = known?.base ?? chooseBase(episode, taken);
  taken.add(base);
  const result = (
    status: EpisodeImportStatus,
    extra: Partial<EpisodeImportResult> = {},
  ): EpisodeImportResult => ({
    guid: episode.guid,
    title: episode.title,
    status,
    ...extra,
  });

  const choice = pickTranscript(episode.transcripts, episode.language);
  if (!choice)
    return result('no-transcript', { reason: 'the feed offers no podcast:transcript for this episode' });

  // Media stays remote unless asked; a downloaded file sits beside the transcript.
  let media: string | null = episode.enclosure?.url ?? null;
  let mediaState = known?.media;
  if (options.downloadMedia && episode.enclosure) {
    const extension = MEDIA_EXTENSIONS[episode.enclosure.type ?? ''] ?? 'mp3';
    const mediaFile = `${base}.${extension}`;
    const target = path.join(showDir, mediaFile);
    const url = episode.enclosure.url;
    const previous = mediaState?.url === url && mediaState.file === mediaFile ? mediaState : undefined;
    const have = await stat(target).catch(() => null);
    // Media is large: a file already downloaded from the same URL is only asked for again
    // conditionally, and not at all when the host gives no validators but the feed's
    // declared length matches the file.
    const sameLength =
      have !== null && episode.enclosure.length !== null && have.size === episode.enclosure.length;
    const validators = have !== null && previous ? previous.validators : {};
    const hasValidators = Boolean(validators.etag || validators.lastModified);
    if (!(previous && have && !hasValidators && sameLength)) {
      const outcome = await downloadWithLimits(
        url,
        target,
        {
          ...limits,
          maxBytes: options.maxMediaBytes ?? 500 * 1024 * 1024,
          timeoutMs: Math.max(limits.timeoutMs, MEDIA_TIMEOUT_MS),
        },
        validators,
      );
      if (outcome.status === 'ok') mediaState = { url, file: mediaFile, validators: outcome.validators };
    }
    media = mediaFile;
  }

  let chapters: unknown = null;
  if (episode.chaptersUrl) {
    const outcome = await fetchWithLimits(episode.chaptersUrl, limits).catch(() => null);
    if (outcome?.status === 'ok') {
      try {
        chapters = JSON.parse(outcome.body.toString('utf8'));
      } catch {
        chapters = null; // Broken chapters never block the transcript.
      }
    }
  }

  const sameUrl = known?.transcriptUrl === choice.link.url;
  const outcome = await fetchWithLimits(choice.link.url, limits, sameUrl ? known.validators : {});
  const transcriptFile = choice.timed ? `${base}.${choice.extension}` : `${base}.untimed-${choice.extension}`;
  let transcriptChanged = false;
  if (outcome.status === 'ok') {
    transcriptChanged = await writeIfChanged(path.join(showDir, transcriptFile), outcome.body);
    state.episodes[episode.guid] = {
      base,
      transcriptUrl: choice.link.url,
      validators: outcome.validators,
      ...(mediaState ? { media: mediaState } : {}),
    };
  } else if (mediaState && state.episodes[episode.guid]) {
    state.episodes[episode.guid] = { ...state.episodes[episode.guid]!, media: mediaState };
  }

  const meta = {
    title: episode.title,
    date: episode.date,
    language: choice.link.language ?? episode.language,
    speakers: speakersOf(feed, episode),
    media,
    url: episode.link,
    license: episode.license ?? feed.license,
    duration: episode.duration,
    guid: episode.guid,
  };
  const metaChanged = await writeIfChanged(path.join(showDir, `${base}.meta.json`), json(meta));
  const chaptersChanged =
    chapters !== null
      ? await writeIfChanged(path.join(showDir, `${base}.chapters.json`), json(chapters))
      : false;

  const file = `${showSlug}/${transcriptFile}`;
  if (!choice.timed) {
    return result('untimed', {
      file,
      reason: `only an untimed ${choice.extension} transcript is offered; kept, not indexed`,
    });
  }
  if (!known) return result('added', { file });
  return result(transcriptChanged || metaChanged || chaptersChanged ? 'updated' : 'unchanged', { file });
}
