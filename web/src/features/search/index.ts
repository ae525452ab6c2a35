export { SearchPage } from './components/search-page.tsx';
export { episodeUrl, hitUrl, readSearchParams, searchUrl } from './lib/search-params.ts';
