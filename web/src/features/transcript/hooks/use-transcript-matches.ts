import { useEffect, useState } from 'react';
import {
  ApiError,
  busyServerText,
  earlyEpisodeSearchKey,
  isAbortError,
  isNetworkError,
  queryErrorText,
  searchEpisode,
  takeEarly,
  type Cue,
  type SearchResult,
} from '../../../shared/api/index.ts';
import { TYPING_PAUSE_MS, useDebouncedValue } from '../../../shared/hooks/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { queryHasWord } from '../../../shared/text/index.ts';
import { matchesFromMoments, NO_MATCHES, type TranscriptMatches } from '../lib/transcript-matches.ts';

type Settled = { key: string; matches: TranscriptMatches };

/**
 * The moments of `query` in the episode, as the search API finds them (so a typo or a
 * phrase finds here what it finds on the search page). While an answer is on its way the
 * previous matches stay shown, marked pending.
 */
export function useTranscriptMatches(
  episodeId: string,
  cues: readonly Cue[],
  query: string,
): TranscriptMatches {
  const { t } = useI18n();
  const debounced = useDebouncedValue(query, TYPING_PAUSE_MS);
  const [settled, setSettled] = useState<Settled | null>(null);
  const key = JSON.stringify([episodeId, debounced]);
  useEffect(() => {
    const [id, q] = JSON.parse(key) as [string, string];
    // An opening quote alone is not searched (the server refuses it): wait for a word.
    if (!queryHasWord(q)) return;
    const controller = new AbortController();
    // A `?q=` link's matches were asked for with the episode (see startEpisodePageRequests).
    const answer =
      takeEarly<SearchResult>(earlyEpisodeSearchKey(id, q)) ?? searchEpisode(id, q, controller.signal);
    answer.then(
      (result) => {
        if (controller.signal.aborted) return;
        const moments = (result.groups ?? []).flatMap((group) => group.moments);
        setSettled({ key, matches: { ...matchesFromMoments(cues, moments), pending: false, problem: null } });
      },
      (error: unknown) => {
        if (isAbortError(error) || controller.signal.aborted) return;
        const problem =
          error instanceof ApiError && error.status === 400
            ? queryErrorText(error, t)
            : isNetworkError(error)
              ? t('app.networkError')
              : (busyServerText(error, t) ?? (error instanceof Error ? error.message : String(error)));
        setSettled({ key, matches: { ...NO_MATCHES, problem } });
      },
    );
    return () => controller.abort();
  }, [key, cues, t]);
  if (!queryHasWord(query)) return NO_MATCHES;
  if (settled?.key === key && debounced === query) return settled.matches;
  const previous = settled?.matches ?? NO_MATCHES;
  return previous.pending ? previous : { ...previous, pending: true };
}
