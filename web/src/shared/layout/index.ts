export { NARROW_SCREEN_QUERY, useMediaQuery } from './use-media-query.ts';
