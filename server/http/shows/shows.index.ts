import { createRouter } from '../create-router.ts';
import * as handlers from './shows.handlers.ts';
import * as routes from './shows.routes.ts';

export const showsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne);
