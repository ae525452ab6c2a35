export { SearchPage } from './components/search-page.tsx';
export { BackToSearchLink } from './components/back-to-search-link.tsx';
export { episodeUrl, hitUrl, readSearchParams, searchUrl } from './lib/search-params.ts';
export { PageMessage } from './components/page-message.tsx';
