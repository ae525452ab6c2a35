// The query sent to Meilisearch, rebuilt from the shared parser's output rather than
// passed through: words are already folded and split, so nothing the listener types can
// become Meilisearch syntax by accident, and both backends search the same words.
// Meilisearch natively understands `"phrase"`, `-word` and `-"phrase"`, and treats the last word as a
// prefix unless the query ends with a space.
import type { ParsedQuery } from '../query/parse-query.ts';

export function buildMeiliQuery(query: ParsedQuery): string {
  const parts: string[] = [];
  // Exclusions first, so the last word of the string is a word to find (the prefix).
  for (const word of query.excluded) parts.push(`-${word}`);
  for (const phrase of query.excludedPhrases ?? []) parts.push(`-"${phrase.join(' ')}"`);
  for (const phrase of query.phrases) parts.push(`"${phrase.join(' ')}"`);
  const prefixTerm = query.terms.find((t) => t.prefix);
  // A number as typed (`trois cents`): Meilisearch has no OR to look for its other spellings.
  const typed = (term: ParsedQuery['terms'][number]) => term.number?.words.join(' ') ?? term.text;
  for (const term of query.terms) if (term !== prefixTerm) parts.push(typed(term));
  if (prefixTerm) return [...parts, typed(prefixTerm)].join(' ');
  // A trailing space tells Meilisearch the last word is complete (no prefix search).
  return `${parts.join(' ')} `;
}
