import { createRouter } from '../create-router.ts';
import * as handlers from './search.handlers.ts';
import * as routes from './search.routes.ts';

export const searchRouter = createRouter().openapi(routes.search, handlers.search);
