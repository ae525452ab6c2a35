// A pack as one zip for the classroom: each clip's cut media and captions, handout.md
// and an offline index.html that plays them in order from the zip's own files.
// The zip is streamed as it is made (media is cut one clip at a time, each in its own slot
// of the shared cut queue), and everything stops when the client goes away.
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { VerbatimError } from '../errors.ts';
import { slugify as slugifyName } from '../ingest/episode-id.ts';
import type { Pack } from '../model/types.ts';
import { clipCaptions, retimeCuesToRange } from './clip-captions.ts';
import type { ClipContext } from './clip-context.ts';
import type { MissingPackItem } from './create-pack.ts';
import { clipExportWords, clipMarkdownSection, playedMediaOf, type PlayedMedia } from './clip-markdown.ts';
import {
  CutCancelledError,
  cutMedia,
  episodeMediaInput,
  probeDuration,
  throwIfCancelled,
  withWorkDir,
  type RemoteFetchLimits,
} from './cut-media.ts';
import { escapeMarkdown, formatCitation, type CitationLanguage } from './format-citation.ts';
import { formatLength } from './format-timecode.ts';
import { buildOfflinePackPage, type OfflinePackItem } from './pack-offline-page.ts';

export type PackZipItem = { missing: false; context: ClipContext; note: string | null } | MissingPackItem;

/**
 * Why a clip of the pack has no media in the zip, known well enough to be said in the
 * handout's language; `message` is the server's English sentence, said as is in English.
 */
export type MediaProblem = { message: string } & (
  | { kind: 'no-media'; episodeId: string }
  | { kind: 'file-missing'; file: string }
  | { kind: 'remote-unreachable'; url: string; status: number | null; timeoutSeconds: number | null }
  | { kind: 'remote-too-large'; url: string; limitBytes: number }
  | { kind: 'cut-failed' }
  | { kind: 'other' }
);

/** Runs `fn` in a slot of the shared cut queue; rejects if `signal` aborts while waiting. */
export type CutSlot = <T>(fn: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

export interface PackZipInput {
  pack: Pack;
  /** The pack's items in order (deleted clips included), with their per-item notes. */
  items: PackZipItem[];
  packUrl: string;
  /** The language of the handout and the offline page (that of the page it is downloaded from). */
  language?: CitationLanguage;
  transcriptsDir: string;
  remoteLimits: RemoteFetchLimits;
  withCutSlot?: CutSlot;
  /** Aborting stops the export: ffmpeg is killed and the work dir removed. */
  signal?: AbortSignal;
}

const maxNameLength = 40;

/**
 * "Le cœur de la reconnaissance faciale" → "le-coeur-de-la-reconnaissance-faciale", for
 * download names and the files inside the zip: at most 40 characters, ending on a whole word.
 */
export function slugify(text: string): string {
  const slug = slugifyName(text);
  if (slug.length <= maxNameLength) return slug || 'clip';
  const cut = slug.slice(0, maxNameLength);
  const lastDash = cut.lastIndexOf('-');
  return slug[maxNameLength] === '-' || lastDash < maxNameLength / 2 ? cut : cut.slice(0, lastDash);
}

/** The clips a pack plays: not deleted, their episode still in the archive. */
const clipsToPlay = (items: PackZipItem[]) =>
  items.flatMap((i) => (i.missing || i.context.episodeGone ? [] : [i.context.clip]));

/** Seconds of media a pack export would cut. */
export function packMediaSeconds(items: PackZipItem[]): number {
  return clipsToPlay(items).reduce((sum, clip) => sum + (clip.end - clip.start), 0);
}

const minutes = (s: number) =>
  s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1).replace(/\.0$/, '')} min (${Math.round(s)} s)`;

export class PackExportTooLongError extends VerbatimError {
  constructor(totalSeconds: number, limitSeconds: number) {
    super(
      'payload_too_large',
      413,
      `This pack holds ${minutes(totalSeconds)} of media; a pack export is limited to ${minutes(limitSeconds)} (VERBATIM_MAX_PACK_EXPORT_SECONDS). Remove or shorten clips, or download them one by one.`,
      { totalSeconds, limitSeconds },
    );
  }
}

/** Refuses, before any work, a pack whose media would take too long to cut. */
export function assertPackExportSize(items: PackZipItem[], limitSeconds: number): void {
  const total = packMediaSeconds(items);
  if (total > limitSeconds + 0.001) throw new PackExportTooLongError(total, limitSeconds);
}

export const deletedClipTitle = (n: number) => `Clip ${n} was deleted`;

const frenchToPlay: Record<PlayedMedia, string> = {
  audio: 'à écouter',
  video: 'à regarder',
  mixed: 'à écouter ou regarder',
};

/** The handout's and the offline page's own words; the clips' are clip-markdown's. */
export const packZipWords = {
  en: {
    online: 'Online:',
    deletedTitle: deletedClipTitle,
    noLongerInArchive: (item: MissingPackItem) => `This clip is no longer in the archive (${item.reason}).`,
    noMedia: (problem: MediaProblem) => `No media for this clip in this pack: ${problem.message}.`,
    file: 'File in this pack:',
    toPlay: (count: number, length: string, _kind: PlayedMedia) =>
      `${count} ${count === 1 ? 'clip' : 'clips'} to play, ${length} in all.`,
  },
  fr: {
    online: 'En ligne :',
    deletedTitle: (n: number) => `L’extrait ${n} a été supprimé`,
    noLongerInArchive: (item: MissingPackItem) =>
      `Cet extrait n’est plus dans l’archive (${item.code === 'clip_deleted' ? 'il a été supprimé' : item.reason}).`,
    noMedia: (problem: MediaProblem) =>
      `Pas de média pour cet extrait dans ce dossier : ${frenchMediaProblem(problem)}.`,
    file: 'Fichier de ce dossier :',
    toPlay: (count: number, length: string, kind: PlayedMedia) =>
      `${count} ${count === 1 ? 'extrait' : 'extraits'} ${frenchToPlay[kind]}, ${length} au total.`,
  },
} satisfies Record<CitationLanguage, unknown>;

function frenchMediaProblem(problem: MediaProblem): string {
  switch (problem.kind) {
    case 'no-media':
      return `l’épisode ${problem.episodeId} n’a pas de média dont tirer un extrait`;
    case 'file-missing':
      return `le fichier média ${problem.file} est introuvable`;
    case 'remote-unreachable': {
      const why =
        problem.status !== null
          ? `HTTP ${problem.status}`
          : problem.timeoutSeconds !== null
            ? `pas de réponse en ${problem.timeoutSeconds} s`
            : 'le serveur ne répond pas';
      return `le média distant de l’épisode (${problem.url}) n’a pas pu être téléchargé : ${why}`;
    }
    case 'remote-too-large':
      return `le média distant de l’épisode (${problem.url}) dépasse la limite de ${problem.limitBytes} octets`;
    case 'cut-failed':
      return 'ffmpeg n’a pas pu découper le média';
    case 'other':
      return `le média n’a pas pu être découpé (${problem.message})`;
  }
}

/**
 * "2 clips to play, 1 min 12 s in all.", counting the clips the zip has media for (a clip
 * whose media could not be cut plays nowhere); null when none is left to play.
 */
export function packLengthLine(entries: HandoutEntry[], language: CitationLanguage): string | null {
  const played = entries.flatMap(({ item, file }) => (item.missing || file === null ? [] : [item]));
  if (played.length === 0) return null;
  const kind = playedMediaOf(played.map((item) => (item.missing ? null : item.context.episode.mediaType)));
  // The sum of the lengths shown for each clip (whole seconds), so "6 s + 2 s + 5 s" is "13 s"
  // in all, not the rounded exact sum (14 s).
  const shownSeconds = clipsToPlay(played).reduce((sum, clip) => sum + Math.round(clip.end - clip.start), 0);
  return packZipWords[language].toPlay(played.length, formatLength(shownSeconds), kind);
}

/** One handout entry: the item, its media file in the zip, and why it has none. */
export interface HandoutEntry {
  item: PackZipItem;
  file: string | null;
  mediaProblem: MediaProblem | null;
}

export function buildHandout(
  input: Pick<PackZipInput, 'pack' | 'packUrl' | 'language'>,
  entries: HandoutEntry[],
): string {
  const language = input.language ?? 'en';
  const say = packZipWords[language];
  const parts = [`# ${escapeMarkdown(input.pack.title)}`, ''];
  if (input.pack.intro) parts.push(escapeMarkdown(input.pack.intro), '');
  parts.push(`${say.online} <${input.packUrl}>`, '');
  const length = packLengthLine(entries, language);
  if (length) parts.push(length, '');
  entries.forEach(({ item, file, mediaProblem }, i) => {
    if (item.missing) {
      parts.push(`## ${i + 1}. ${say.deletedTitle(i + 1)}`, '');
      parts.push(`*${escapeMarkdown(say.noLongerInArchive(item))}*`, '');
      if (item.note) parts.push(escapeMarkdown(item.note), '');
      return;
    }
    const { context, note } = item;
    const title = context.clip.title ?? context.episode.title;
    const clipLength = formatLength(context.clip.end - context.clip.start);
    parts.push(
      clipMarkdownSection(context, {
        heading: `## ${i + 1}. ${escapeMarkdown(title)} (${context.range}, ${clipLength})`,
        note,
        language,
      }),
    );
    // Each its own paragraph: a line right after the licence would run on in the same one.
    if (file) parts.push('', `${say.file} \`${file}\``);
    if (mediaProblem) parts.push('', `*${escapeMarkdown(say.noMedia(mediaProblem))}*`);
    parts.push('');
  });
  return parts.join('\n');
}

const detailsOf = (err: VerbatimError) =>
  (typeof err.details === 'object' && err.details !== null ? err.details : {}) as Record<string, unknown>;
const textOr = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

/** The reason a clip's media could not be cut, said in the pack instead of failing it. */
function mediaProblemOf(err: unknown, episode: { id: string; media: string | null }): MediaProblem {
  if (!(err instanceof VerbatimError)) return { kind: 'other', message: String(err) };
  const message = err.message.replace(/\.$/, '');
  const details = detailsOf(err);
  const media = episode.media ?? '';
  if (err.code === 'not_found' && 'episodeId' in details)
    return { kind: 'no-media', episodeId: textOr(details.episodeId, episode.id), message };
  if (err.code === 'not_found' && details.what === 'Media file')
    return { kind: 'file-missing', file: textOr(details.id, media), message };
  if (err.code === 'backend_unavailable')
    return {
      kind: 'remote-unreachable',
      url: textOr(details.url, media),
      status: numberOrNull(details.status),
      timeoutSeconds: numberOrNull(details.timeoutSeconds),
      message,
    };
  if (err.code === 'payload_too_large')
    return {
      kind: 'remote-too-large',
      url: media,
      limitBytes: numberOrNull(details.limitBytes) ?? 0,
      message,
    };
  if (err.message.startsWith('ffmpeg ')) return { kind: 'cut-failed', message };
  return { kind: 'other', message };
}

interface ZipSink {
  zip: Zip;
  /** Resolves when the reader wants more (backpressure). */
  room: () => Promise<void>;
  /** Every file is dated when the pack was made, so downloading it again gives the same bytes. */
  mtime: Date;
}

function addText(sink: ZipSink, name: string, text: string): void {
  const entry = new ZipDeflate(name, { level: 6 });
  entry.mtime = sink.mtime;
  sink.zip.add(entry);
  entry.push(strToU8(text), true);
}

async function addFile(sink: ZipSink, name: string, file: string, signal?: AbortSignal): Promise<void> {
  // Media is already compressed: store it.
  const entry = new ZipPassThrough(name);
  entry.mtime = sink.mtime;
  sink.zip.add(entry);
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    await sink.room();
    throwIfCancelled(signal);
    entry.push(new Uint8Array(chunk), false);
  }
  entry.push(new Uint8Array(0), true);
}

async function writePackZip(sink: ZipSink, input: PackZipInput): Promise<void> {
  const { signal } = input;
  const language = input.language ?? 'en';
  const say = packZipWords[language];
  const clipSay = clipExportWords[language];
  const withSlot: CutSlot = input.withCutSlot ?? ((fn) => fn());
  await withWorkDir(async (dir) => {
    const handout: HandoutEntry[] = [];
    const offlineItems: OfflinePackItem[] = [];
    for (const [i, item] of input.items.entries()) {
      throwIfCancelled(signal);
      if (item.missing) {
        handout.push({ item, file: null, mediaProblem: null });
        offlineItems.push({
          title: say.deletedTitle(i + 1),
          length: null,
          quote: null,
          attribution: null,
          citation: null,
          note: item.note,
          mediaFile: null,
          mediaType: null,
          duration: 0,
          cues: [],
          link: null,
          notices: [say.noLongerInArchive(item)],
        });
        continue;
      }
      const { context, note } = item;
      const { clip, episode } = context;
      const base = `${String(i + 1).padStart(2, '0')}-${slugify(clip.title ?? episode.title)}`;
      let mediaFile: string | null = null;
      let mediaType: string | null = null;
      let duration = clip.end - clip.start;
      let mediaProblem: MediaProblem | null = null;
      // A clip whose episode is gone has nothing to cut and no captions: quote and citation only.
      if (!context.episodeGone) {
        const clipDir = path.join(dir, String(i + 1));
        await mkdir(clipDir);
        try {
          // One queue slot per clip, so single exports interleave with a long pack.
          const cut = await withSlot(async () => {
            const media = await episodeMediaInput(
              episode,
              input.transcriptsDir,
              clipDir,
              input.remoteLimits,
              signal,
            );
            return cutMedia({
              ...media,
              start: clip.start,
              end: clip.end,
              outFile: path.join(clipDir, base),
              signal,
            });
          }, signal);
          mediaFile = base + cut.extension;
          mediaType = cut.mimeType;
          duration = Math.min(duration, await probeDuration(cut.file));
          await addFile(sink, mediaFile, cut.file, signal);
        } catch (err) {
          if (signal?.aborted || err instanceof CutCancelledError) throw err;
          // One clip without media (none, or a remote file that is gone) must not sink the pack.
          mediaProblem = mediaProblemOf(err, episode);
        } finally {
          await rm(clipDir, { recursive: true, force: true });
        }
      }
      if (!context.episodeGone) {
        const captions = {
          transcriptChanged: context.transcriptChanged,
          quoteEstimated: context.quoteEstimated,
        };
        addText(sink, `${base}.vtt`, clipCaptions(context.cues, clip.start, clip.end, 'vtt', captions));
        addText(sink, `${base}.srt`, clipCaptions(context.cues, clip.start, clip.end, 'srt', captions));
      }
      handout.push({ item, file: mediaFile, mediaProblem });
      const apa = formatCitation(context.citationSource, 'apa', language);
      offlineItems.push({
        title: clip.title ?? episode.title,
        length: formatLength(clip.end - clip.start),
        quote: clip.quote,
        attribution: [context.speaker, context.show?.title ?? episode.showId, episode.title, context.range]
          .filter(Boolean)
          .join(', '),
        citation: `${apa.text} ${apa.inText ?? ''}`.trim(),
        note: [clip.note, note].filter(Boolean).join(' — ') || null,
        mediaFile,
        mediaType,
        duration,
        cues: retimeCuesToRange(context.cues, clip.start, clip.end).map(({ start, end, speaker, text }) => ({
          start,
          end,
          speaker,
          text,
        })),
        link: context.links.page,
        notices: [
          ...(context.episodeGone ? [clipSay.episodeGone] : []),
          ...(context.quoteEstimated ? [clipSay.quoteEstimated] : []),
          ...(mediaProblem ? [say.noMedia(mediaProblem)] : []),
          ...(context.transcriptChanged ? [clipSay.transcriptChanged] : []),
        ],
      });
    }
    addText(sink, 'handout.md', buildHandout(input, handout));
    addText(
      sink,
      'index.html',
      buildOfflinePackPage({
        title: input.pack.title,
        intro: input.pack.intro,
        length: packLengthLine(handout, language),
        items: offlineItems,
        link: input.packUrl,
        language,
      }),
    );
    sink.zip.end();
  });
}

/** The pack's zip as a stream; cancelling it (or aborting `input.signal`) stops the work. */
export function streamPackZip(input: PackZipInput): ReadableStream<Uint8Array> {
  const cancel = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, cancel.signal]) : cancel.signal;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    wake?.();
    wake = null;
  };
  signal.addEventListener('abort', wakeUp, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const room = async () => {
          while ((controller.desiredSize ?? 1) <= 0 && !signal.aborted) {
            await new Promise<void>((resolve) => (wake = resolve));
          }
        };
        const zip = new Zip((err, chunk, final) => {
          if (err) return controller.error(err);
          if (signal.aborted) return;
          controller.enqueue(chunk);
          if (final) controller.close();
        });
        writePackZip({ zip, room, mtime: new Date(input.pack.createdAt) }, { ...input, signal }).catch(
          (err: unknown) => {
            // Headers are sent: an error can only cut the download short (a no-op once closed).
            controller.error(signal.aborted ? new CutCancelledError() : err);
          },
        );
      },
      pull: wakeUp,
      cancel() {
        cancel.abort();
      },
    },
    { highWaterMark: 4 * 1024 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** The whole zip in memory (tests and small packs). */
export async function buildPackZip(input: PackZipInput): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamPackZip(input) as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
