// The server's own types, imported as types only: web/ never runs server code.
export type { Chapter, Cue, Episode, Show, WordTiming } from '../../../../server/model/types.ts';
export type {
  EpisodeGroup,
  FacetCounts,
  SearchHit,
  SearchResponse,
  SearchSort,
  TextRange,
} from '../../../../server/search/search-types.ts';

/** The server's error body: `{ error: { code, message, details } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
