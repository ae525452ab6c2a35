import { useEffect, useState } from 'react';
import { ApiError, isAbortError, isNetworkError, type EpisodeResult } from '../../../shared/api/index.ts';
import { fetchEpisode } from '../api/episode-api.ts';

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
    fetchEpisode(id, controller.signal).then(
      (data) => setState({ id, value: { status: 'ready', data } }),
      (error: unknown) => {
        if (isAbortError(error)) return;
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
