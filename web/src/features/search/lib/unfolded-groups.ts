// Episodes unfolded with "Show all" and how many moments each lists, kept in the search's
// own history entry: back from a moment's episode page, the list is as the listener left
// it, so the moment they followed (the 150th, say) is there to be focused again.

interface UnfoldedGroups {
  query: string;
  /** Moments listed, by episode id. */
  shown: Record<string, number>;
}

function unfoldedGroups(): UnfoldedGroups | null {
  const state = window.history.state as unknown;
  if (typeof state !== 'object' || state === null) return null;
  const unfolded = (state as { unfoldedGroups?: Partial<UnfoldedGroups> }).unfoldedGroups;
  if (typeof unfolded !== 'object' || typeof unfolded.query !== 'string') return null;
  if (typeof unfolded.shown !== 'object' || unfolded.shown === null) return null;
  return { query: unfolded.query, shown: unfolded.shown };
}

/** How many moments the episode listed when this entry was left unfolded; null: folded. */
export function unfoldedMomentsOf(query: string, episodeId: string): number | null {
  const unfolded = unfoldedGroups();
  const shown = unfolded?.query === query ? unfolded.shown[episodeId] : undefined;
  return typeof shown === 'number' && shown > 0 ? shown : null;
}

/** Notes in the current history entry that the episode lists `shown` moments (null: folded). */
export function noteUnfoldedMoments(query: string, episodeId: string, shown: number | null): void {
  const before = unfoldedGroups();
  const kept = before?.query === query ? before.shown : {};
  if ((kept[episodeId] ?? null) === shown) return;
  const next = { ...kept };
  if (shown === null) delete next[episodeId];
  else next[episodeId] = shown;
  const state = window.history.state as unknown;
  const rest = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState({ ...rest, unfoldedGroups: { query, shown: next } }, '');
}
