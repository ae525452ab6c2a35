export { formatTimecode, parseMediaFragment, parseTimecode } from './format-timecode.ts';
