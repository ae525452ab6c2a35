import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { activeChapterIndex, type TimedChapter } from '../lib/episode-chapters.ts';

interface ChapterListProps {
  chapters: readonly TimedChapter[];
  currentTime: number;
  onSeek: (time: number) => void;
}

export function ChapterList({ chapters, currentTime, onSeek }: ChapterListProps) {
  const { t } = useI18n();
  const headingId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const active = activeChapterIndex(chapters, currentTime);
  // The list shows a few chapters at a time: it brings the one being played into view (a
  // link to 2:30:00 showed chapters 1 to 7, the 31st marked out of sight), scrolling itself
  // only, never the page.
  useEffect(() => {
    const list = listRef.current;
    const item = active >= 0 ? list?.children[active] : undefined;
    if (!list || !item) return;
    const box = item.getBoundingClientRect();
    const frame = list.getBoundingClientRect();
    if (box.top < frame.top) list.scrollTop -= frame.top - box.top;
    else if (box.bottom > frame.bottom) list.scrollTop += box.bottom - frame.bottom;
  }, [active]);
  if (chapters.length === 0) return null;
  return (
    <nav className="chapters" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('episode.chapters')}</h2>
      <ol ref={listRef}>
        {chapters.map((chapter, i) => (
          <li key={`${chapter.start}-${i}`}>
            <button
              type="button"
              className={i === active ? 'chapter chapter-active' : 'chapter'}
              aria-current={i === active ? 'true' : undefined}
              onClick={() => onSeek(chapter.start)}
            >
              <span className="chapter-time">{formatTimecode(chapter.start)}</span>
              <span className="chapter-title">{chapter.title}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
