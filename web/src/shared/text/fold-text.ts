// Matching in the browser folds case, diacritics and typographic apostrophes like the
// server does, while keeping a map back to the original characters for highlighting.

export interface FoldedText {
  folded: string;
  /** For each UTF-16 index in `folded`, the index of the original character it came from. */
  origin: number[];
}

const APOSTROPHES = /[\u2018\u2019\u02bc\u2032`´]/g;

export function foldText(text: string): FoldedText {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(code);
    const piece = char.normalize('NFD').replace(/\p{M}/gu, '').replace(APOSTROPHES, "'").toLowerCase();
    for (let k = 0; k < piece.length; k++) origin.push(i);
    folded += piece;
    if (char.length === 2) i++;
  }
  return { folded, origin };
}

export function foldQuery(text: string): string {
  return foldText(text).folded;
}
