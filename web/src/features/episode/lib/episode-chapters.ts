import type { Chapter } from '../../../shared/api/index.ts';

export interface TimedChapter {
  start: number;
  end: number;
  title: string;
}

/** Chapters with an end each: the given end, else the next chapter's start, else the episode's end. */
export function timeChapters(chapters: readonly Chapter[], duration: number): TimedChapter[] {
  const sorted = [...chapters].sort((a, b) => a.startTime - b.startTime);
  return sorted.map((chapter, i) => ({
    start: chapter.startTime,
    end: chapter.endTime ?? sorted[i + 1]?.startTime ?? duration,
    title: chapter.title,
  }));
}

export function activeChapterIndex(chapters: readonly TimedChapter[], time: number): number {
  let found = -1;
  chapters.forEach((chapter, i) => {
    if (chapter.start <= time + 0.05) found = i;
  });
  return found;
}
