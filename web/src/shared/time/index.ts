export { formatEpisodeDate } from './format-episode-date.ts';
export { formatTimeRange, formatTimecode, parseMediaFragment, parseTimecode } from './format-timecode.ts';
