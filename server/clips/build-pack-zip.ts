// A pack as one zip for the classroom: each clip's cut media and captions, handout.md
// and an offline index.html that plays them in order from the zip's own files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { Pack } from '../model/types.ts';
import { clipCaptions, retimeCuesToRange } from './clip-captions.ts';
import type { ClipContext } from './clip-context.ts';
import { clipMarkdownSection } from './clip-markdown.ts';
import {
  cutMedia,
  episodeMediaInput,
  probeDuration,
  withWorkDir,
  type RemoteFetchLimits,
} from './cut-media.ts';
import { escapeMarkdown, formatCitation } from './format-citation.ts';
import { buildOfflinePackPage, type OfflinePackItem } from './pack-offline-page.ts';

export interface PackZipInput {
  pack: Pack;
  /** The pack's clips in order, with their per-item notes. */
  items: { context: ClipContext; note: string | null }[];
  packUrl: string;
  transcriptsDir: string;
  remoteLimits: RemoteFetchLimits;
}

/** "La reconnaissance faciale" → "la-reconnaissance-faciale", for file names inside the zip. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'clip'
  );
}

export function buildHandout(
  input: Pick<PackZipInput, 'pack' | 'items' | 'packUrl'>,
  files: string[],
): string {
  const parts = [`# ${escapeMarkdown(input.pack.title)}`, ''];
  if (input.pack.intro) parts.push(escapeMarkdown(input.pack.intro), '');
  parts.push(`Online: <${input.packUrl}>`, '');
  input.items.forEach(({ context, note }, i) => {
    const title = context.clip.title ?? context.episode.title;
    parts.push(
      clipMarkdownSection(context, {
        heading: `## ${i + 1}. ${escapeMarkdown(title)} (${context.range})`,
        note,
      }),
    );
    if (files[i]) parts.push(`File in this pack: \`${files[i]}\``);
    parts.push('');
  });
  return parts.join('\n');
}

export async function buildPackZip(input: PackZipInput): Promise<Uint8Array> {
  return withWorkDir(async (dir) => {
    const entries: Zippable = {};
    const offlineItems: OfflinePackItem[] = [];
    const mediaFiles: string[] = [];
    for (const [i, { context, note }] of input.items.entries()) {
      const { clip, episode } = context;
      const base = `${String(i + 1).padStart(2, '0')}-${slugify(clip.title ?? episode.title)}`;
      const media = await episodeMediaInput(episode, input.transcriptsDir, dir, input.remoteLimits);
      const cut = await cutMedia({
        ...media,
        start: clip.start,
        end: clip.end,
        outFile: path.join(dir, base),
      });
      const mediaFile = base + cut.extension;
      // Media is already compressed: store it, deflate only the text files.
      entries[mediaFile] = [await readFile(cut.file), { level: 0 }];
      entries[`${base}.vtt`] = strToU8(clipCaptions(context.cues, clip.start, clip.end, 'vtt'));
      entries[`${base}.srt`] = strToU8(clipCaptions(context.cues, clip.start, clip.end, 'srt'));
      mediaFiles.push(mediaFile);
      const apa = formatCitation(context.citationSource, 'apa');
      offlineItems.push({
        title: clip.title ?? episode.title,
        quote: clip.quote,
        attribution: [context.speaker, context.show?.title ?? episode.showId, episode.title, context.range]
          .filter(Boolean)
          .join(', '),
        citation: `${apa.text} ${apa.inText ?? ''}`.trim(),
        note: [clip.note, note].filter(Boolean).join(' — ') || null,
        mediaFile,
        mediaType: cut.mimeType,
        duration: Math.min(clip.end - clip.start, await probeDuration(cut.file)),
        cues: retimeCuesToRange(context.cues, clip.start, clip.end).map(({ start, end, speaker, text }) => ({
          start,
          end,
          speaker,
          text,
        })),
        link: context.links.page,
      });
    }
    entries['handout.md'] = strToU8(buildHandout(input, mediaFiles));
    entries['index.html'] = strToU8(
      buildOfflinePackPage({
        title: input.pack.title,
        intro: input.pack.intro,
        items: offlineItems,
        link: input.packUrl,
      }),
    );
    return zipSync(entries, { level: 6 });
  });
}
