export { formatEpisodeDate } from './format-episode-date.ts';
export {
  formatLength,
  formatTimeRange,
  formatTimecode,
  parseMediaFragment,
  parseTimecode,
} from './format-timecode.ts';
