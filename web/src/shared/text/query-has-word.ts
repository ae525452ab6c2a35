/**
 * Whether a query holds something to search: a letter or a digit. A phrase's opening quote
 * (`"`, `« `), a lone `-` or `/` is the start of a query, not one the server could search
 * (it refuses it): the page waits for the first word instead of showing that refusal.
 */
export function queryHasWord(q: string): boolean {
  return /[\p{L}\p{N}]/u.test(q);
}
