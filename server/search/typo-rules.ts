// Typo tolerance shared by every backend, modelled on Meilisearch's defaults:
// no typo on words shorter than 5 letters, 1 typo from 5 letters, 2 from 9.
// A typo is one insertion, deletion, substitution or swap of two neighbours
// (optimal string alignment distance). The first letter must be right: Meilisearch counts
// a first-letter typo as two, and we go one step further and never accept it, which keeps
// the embedded candidate search to one first-letter bucket (fast) and avoids most
// nonsense matches. The last query word, typed as a prefix, matches words that start with
// it exactly, or the whole word with typos.

export const ONE_TYPO_MIN_LENGTH = 5;
export const TWO_TYPOS_MIN_LENGTH = 9;

/** How many typos a folded query word of this length may contain. */
export function allowedTypos(word: string): number {
  const n = [...word].length;
  if (n >= TWO_TYPOS_MIN_LENGTH) return 2;
  if (n >= ONE_TYPO_MIN_LENGTH) return 1;
  return 0;
}

// Reused rows so the hot loop of the candidate search allocates nothing.
let prevPrev = new Int32Array(64);
let prev = new Int32Array(64);
let cur = new Int32Array(64);

/**
 * Optimal string alignment distance between a and b when it is ≤ max, else max + 1.
 * Exits early once every cell of a row exceeds max.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (a === b) return 0;
  if (lb + 1 > cur.length) {
    prevPrev = new Int32Array(lb + 1);
    prev = new Int32Array(lb + 1);
    cur = new Int32Array(lb + 1);
  }
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb] ?? max + 1;
  return d > max ? max + 1 : d;
}

/**
 * Typos between a folded query word and a folded text word under the rules above,
 * or -1 when the text word does not match.
 */
export function typosBetween(
  queryWord: string,
  textWord: string,
  max: number = allowedTypos(queryWord),
): number {
  if (queryWord === textWord) return 0;
  // Cheap rejections first: this runs for every word of every candidate passage.
  if (max === 0 || queryWord[0] !== textWord[0] || Math.abs(queryWord.length - textWord.length) > max)
    return -1;
  const d = boundedEditDistance(queryWord, textWord, max);
  return d <= max ? d : -1;
}
