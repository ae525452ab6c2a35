// Clips (issue 6): clip-making on the episode page, and the clip, embed and pack pages.
import './clips.css';

export { ClipMaker } from './components/clip-maker.tsx';
export type { ClipMakerProps } from './components/clip-maker.tsx';
export { ClipPage } from './components/clip-page.tsx';
export { EmbedClipPage } from './components/embed-clip-page.tsx';
export { PackBuilderPage } from './components/pack-builder-page.tsx';
export { PackPage } from './components/pack-page.tsx';
