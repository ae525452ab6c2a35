/**
 * A query that is one quoted phrase, without its quotes: for the messages and titles that
 * quote the query themselves (“"exact phrase"” read twice quoted).
 */
export function queryWithoutOwnQuotes(q: string): string {
  return q.replace(/^["“«]\s*([^"“”«»]+?)\s*["”»]$/u, '$1');
}
