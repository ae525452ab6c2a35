import { useEffect, useState } from 'react';
import { fetchShows } from '../api/search-api.ts';

/** Show titles by id, for facet labels; ids are shown until (or unless) they arrive. */
export function useShowTitles(): ReadonlyMap<string, string> {
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    fetchShows(controller.signal).then(
      (shows) => setTitles(new Map(shows.items.map((show) => [show.id, show.title]))),
      () => {}, // labels fall back to ids; the search itself reports errors
    );
    return () => controller.abort();
  }, []);
  return titles;
}
