// Text clean-up shared by the parsers and the normaliser: HTML entities decoded with the
// full HTML table (the one webvtt-parser ships), markup stripped, whitespace collapsed.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Keys look like "&amp;" (and legacy "&amp" without the semicolon). */
export const HTML_ENTITIES = require('webvtt-parser/html-entities.json') as Record<string, string>;

const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Decodes `&amp;`, `&eacute;`, `&#39;`, `&#x2019;`; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name.startsWith('#')) {
      const codePoint =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : whole;
    }
    return HTML_ENTITIES[`&${name};`] ?? whole;
  });
}

// Only real tag shapes (`<i>`, `</font>`, `<font color="#fff">`, `<v Name>`): "a < b" stays.
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9]*(?:[.\s][^<>]*)?>/g;
// ASS/SSA override blocks that SRT files inherit from subtitle editors: {\an8}, {\i1}, {\pos(10,20)}.
const ASS_OVERRIDE = /\{\\[^{}]*\}/g;

export function stripMarkupTags(text: string): string {
  if (!text.includes('<') && !text.includes('{')) return text;
  return text.replace(HTML_TAG, '').replace(ASS_OVERRIDE, '');
}

// Whitespace other than a single inner space: tabs, line breaks, no-break and other Unicode spaces, doubled spaces.
const NEEDS_COLLAPSE = /[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * Collapses whitespace runs (newlines included) to one space and trims. A lone no-break
 * space is kept: French typography puts one before `:;?!` and inside « guillemets ».
 */
export function collapseWhitespace(text: string): string {
  // Most cue text is already clean; the callback replace below is the slow path.
  if (!NEEDS_COLLAPSE.test(text) && !text.startsWith(' ') && !text.endsWith(' ')) return text;
  if (!text.includes('\u00a0') && !text.includes('\u202f')) return text.replace(/\s+/g, ' ').trim();
  return text.replace(/\s+/g, (run) => (run === '\u00a0' || run === '\u202f' ? run : ' ')).trim();
}

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/**
 * `text` as a string of its own. V8 keeps a substring (a regex capture, a split line) as a
 * view of the string it was cut from, so every cue text cut from a file's text kept the
 * whole text alive (twice the file's size, for text with ’ or œ) until the cues were
 * stored. Appending forces a copy; slicing off the space keeps the copy only.
 */
export function detachedString(text: string): string {
  // Shorter substrings are copied by V8 anyway.
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}
