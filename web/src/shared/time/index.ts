export { formatEpisodeDate } from './format-episode-date.ts';
export { formatTimecode, parseMediaFragment, parseTimecode } from './format-timecode.ts';
