// <episode>.chapters.json in the Podcasting 2.0 chapters shape
// (https://github.com/Podcastindex-org/podcast-namespace/blob/main/chapters/jsonChapters.md).
// Chapters marked `toc: false` only change artwork, so they are left out of the list;
// an untitled chapter is named by its position ("Chapter 3").
import { z } from 'zod';
import type { Chapter } from '../../model/types.ts';
import { decodeTranscriptText } from './decode-transcript-text.ts';
import { parseJsonText, validate } from './parse-transcript-json.ts';

const seconds = z.number().finite().nonnegative();

const ChapterEntry = z.object({
  startTime: seconds,
  endTime: seconds.optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  img: z.string().optional(),
  toc: z.boolean().optional(),
});
const ChaptersFile = z.object({ version: z.string().optional(), chapters: z.array(ChapterEntry) });

export function parseChaptersJson(fileName: string, content: Buffer | string): Chapter[] {
  const text = decodeTranscriptText(fileName, content);
  const file = validate(fileName, text, ChaptersFile, parseJsonText(fileName, text));
  const chapters: Chapter[] = [];
  const listed = file.chapters.filter((c) => c.toc !== false).toSorted((a, b) => a.startTime - b.startTime);
  for (const [index, entry] of listed.entries()) {
    const chapter: Chapter = {
      startTime: Math.round(entry.startTime * 1000) / 1000,
      title: entry.title?.trim() || `Chapter ${index + 1}`,
    };
    if (entry.endTime !== undefined) chapter.endTime = Math.round(entry.endTime * 1000) / 1000;
    if (entry.url?.trim()) chapter.url = entry.url.trim();
    if (entry.img?.trim()) chapter.img = entry.img.trim();
    chapters.push(chapter);
  }
  return chapters;
}
