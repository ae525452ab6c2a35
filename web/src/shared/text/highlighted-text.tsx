import type { ReactNode } from 'react';

/** Character range [start, end) inside the string it accompanies (the API's highlights). */
export interface TextRange {
  start: number;
  end: number;
}

interface HighlightedTextProps {
  text: string;
  /** Ranges to mark; out-of-bounds or overlapping ranges are clipped, never trusted. */
  ranges: readonly TextRange[];
}

/** Text with `<mark>`ed ranges, built from React text nodes only: transcript text is data, never HTML. */
export function HighlightedText({ text, ranges }: HighlightedTextProps) {
  const parts: ReactNode[] = [];
  let cursor = 0;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (const range of sorted) {
    const start = Math.max(cursor, Math.min(range.start, text.length));
    const end = Math.max(start, Math.min(range.end, text.length));
    if (end <= start) continue;
    if (start > cursor) parts.push(text.slice(cursor, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    cursor = end;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return <>{parts}</>;
}
