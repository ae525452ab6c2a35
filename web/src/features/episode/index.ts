export { EpisodePage } from './components/episode-page.tsx';
export type { CueSelection, EpisodeClipContext, EpisodePageProps } from './components/episode-page.tsx';
export { preloadPlayer as preloadEpisodeMedia } from '../player/index.ts';
