export { Link, matchPath, navigate, useLocation } from './history-router.tsx';
export type { AppLocation, NavigateOptions } from './history-router.tsx';
