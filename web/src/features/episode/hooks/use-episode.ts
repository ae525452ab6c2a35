import { useEffect, useState } from 'react';
import {
  ApiError,
  earlyEpisodeKey,
  fetchEpisode,
  isAbortError,
  isNetworkError,
  takeEarly,
  type EpisodeResult,
} from '../../../shared/api/index.ts';

export type EpisodeState =
  | { status: 'loading' }
  | { status: 'ready'; data: EpisodeResult }
  | { status: 'not-found' }
  /** `network`: no answer at all (the page says so in its own words). */
  | { status: 'error'; message: string; network: boolean };

export function useEpisode(id: string): EpisodeState {
  const [state, setState] = useState<{ id: string; value: EpisodeState }>({
    id,
    value: { status: 'loading' },
  });
  useEffect(() => {
    const controller = new AbortController();
    // Asked for as the page's code loaded (see startEpisodePageRequests), else now.
    const answer = takeEarly<EpisodeResult>(earlyEpisodeKey(id)) ?? fetchEpisode(id, controller.signal);
    answer.then(
      (data) => {
        if (!controller.signal.aborted) setState({ id, value: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (isAbortError(error) || controller.signal.aborted) return;
        const value: EpisodeState =
          error instanceof ApiError && error.status === 404
            ? { status: 'not-found' }
            : {
                status: 'error',
                message: error instanceof Error ? error.message : String(error),
                network: isNetworkError(error),
              };
        setState({ id, value });
      },
    );
    return () => controller.abort();
  }, [id]);
  return state.id === id ? state.value : { status: 'loading' };
}
