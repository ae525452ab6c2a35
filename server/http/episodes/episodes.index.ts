import { createRouter } from '../create-router.ts';
import * as handlers from './episodes.handlers.ts';
import * as routes from './episodes.routes.ts';

export const episodesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.transcriptVtt, handlers.transcriptVtt)
  .openapi(routes.transcriptSrt, handlers.transcriptSrt)
  .openapi(routes.transcriptJson, handlers.transcriptJson)
  .openapi(routes.transcriptTxt, handlers.transcriptTxt)
  .openapi(routes.chapters, handlers.chapters);
