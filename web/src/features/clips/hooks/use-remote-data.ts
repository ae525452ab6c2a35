import { useEffect, useState } from 'react';
import { ApiError, isAbortError, isNetworkError } from '../../../shared/api/index.ts';

export type RemoteData<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'not-found' }
  /** `network`: no answer at all (shown in the reader's language, not the client's words). */
  | { status: 'error'; message: string; network: boolean };

/** Loads `load(key)` whenever the key changes, cancelling the stale request. */
export function useRemoteData<T>(
  key: string,
  load: (key: string, signal: AbortSignal) => Promise<T>,
): RemoteData<T> {
  const [state, setState] = useState<{ key: string; value: RemoteData<T> }>({
    key,
    value: { status: 'loading' },
  });
  useEffect(() => {
    const controller = new AbortController();
    load(key, controller.signal)
      .then((data) => setState({ key, value: { status: 'ready', data } }))
      .catch((err: unknown) => {
        if (isAbortError(err)) return;
        if (err instanceof ApiError && err.status === 404) setState({ key, value: { status: 'not-found' } });
        else
          setState({
            key,
            value: {
              status: 'error',
              message: err instanceof Error ? err.message : String(err),
              network: isNetworkError(err),
            },
          });
      });
    return () => controller.abort();
  }, [key, load]);
  return state.key === key ? state.value : { status: 'loading' };
}
