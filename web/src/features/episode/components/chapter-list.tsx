import { useId } from 'react';
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
  if (chapters.length === 0) return null;
  const active = activeChapterIndex(chapters, currentTime);
  return (
    <nav className="chapters" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('episode.chapters')}</h2>
      <ol>
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
