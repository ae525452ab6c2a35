// The link-preview image for a clip: its quote, speaker, show and timecode on a 1200×630
// card (the Open Graph size), drawn as SVG and rasterised by resvg with a bundled font.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

export interface QuoteCardInput {
  quote: string;
  speaker: string | null;
  showTitle: string;
  episodeTitle: string;
  /** e.g. "0:41–1:27" */
  range: string;
  /** The episode's language: a French quote is set between « », others between “ ”. */
  language?: string | null;
  /** The quote was estimated (a long line without word timings): the card says so. */
  quoteEstimated?: boolean;
}

export const quoteCardSize = { width: 1200, height: 630 } as const;

// Debian's fonts-dejavu-core (installed by .ci/run); it covers French and most Latin text.
const fontCandidates = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Control characters are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex -- matching them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/**
 * The text's words, French punctuation kept with its word as French typesetting does: a
 * ? ! : ; » after a space never starts a line, a « never ends one.
 */
function unbreakableWords(text: string): string[] {
  const words: string[] = [];
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)) {
    const last = words.length - 1;
    if (last >= 0 && (/^[?!:;»›]/.test(word) || /[«‹]$/.test(words[last] ?? ''))) words[last] += ` ${word}`;
    else words.push(word);
  }
  return words;
}

/**
 * Greedy word wrap at `maxChars` per line; at most `maxLines`, the last one ending in an
 * ellipsis when the text did not fit. Words longer than a line are cut.
 */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const words = unbreakableWords(text);
  const lines: string[] = [];
  let current = '';
  let truncated = false;
  for (let i = 0; i < words.length; i++) {
    let word = words[i] ?? '';
    if (word.length > maxChars) word = word.slice(0, maxChars - 1) + '…';
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= maxChars) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) {
      truncated = true;
      current = '';
      break;
    }
  }
  if (current) lines.push(current);
  if (truncated || lines.length > maxLines) {
    lines.length = maxLines;
    const last = lines[maxLines - 1] ?? '';
    lines[maxLines - 1] =
      (last.length + 1 > maxChars ? last.slice(0, maxChars - 1).replace(/\s+\S*$/, '') : last) + '…';
  }
  return lines;
}

function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}

/**
 * A width in px that DejaVu Sans at `fontSize` does not exceed: each character counts as at
 * least as wide as its widest kind (its real advances are 0.28–1.0 em).
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[ .,:;'’!|iIjlft()[\]·]/.test(ch)) em += 0.45;
    else if (/[mwMW@%…—]/.test(ch)) em += 1.05;
    else if (/[A-Z]/.test(ch)) em += 0.82;
    else if (/[a-z0-9\u00c0-\u024f–-]/.test(ch)) em += 0.68;
    else em += 1.05;
  }
  return em * fontSize;
}

/** The text, shortened with an ellipsis until it fits `maxWidth` px. */
export function fitToWidth(text: string, fontSize: number, maxWidth: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && estimateTextWidth(chars.join('').trimEnd() + '…', fontSize) > maxWidth)
    chars.pop();
  return chars.length > 0 ? chars.join('').trimEnd() + '…' : '';
}

const margin = 80;
const sourceFontSize = 26;
/** Space between the source line and the time range on the card's bottom line. */
const bottomGap = 40;

export function buildQuoteCardSvg(input: QuoteCardInput): string {
  const { width, height } = quoteCardSize;
  const quote = input.quote.trim() || input.episodeTitle;
  // Shorter quotes get bigger type. DejaVu Sans averages about 0.55 em per character.
  const fontSize = quote.length < 90 ? 52 : quote.length < 180 ? 42 : 34;
  const maxChars = Math.floor(1040 / (fontSize * 0.56));
  const maxLines = Math.floor(340 / (fontSize * 1.3));
  const french = /^fr\b/i.test(input.language ?? '');
  const [open, close] = french ? ['« ', ' »'] : ['“', '”'];
  const lines = wrapText(`${open}${quote}${close}`, maxChars, maxLines);
  const lineHeight = Math.round(fontSize * 1.3);
  const top = 90 + Math.max(0, (maxLines - lines.length) * lineHeight) / 2;
  const quoteLines = lines
    .map(
      (line, i) =>
        `<text x="80" y="${top + i * lineHeight}" font-size="${fontSize}" fill="#111827">${escapeXml(line)}</text>`,
    )
    .join('\n  ');
  const speaker = input.speaker ? `— ${ellipsize(input.speaker, 50)}` : '';
  // The source line shares the bottom line with the range: it gets the width left of it.
  const sourceWidth = width - 2 * margin - estimateTextWidth(input.range, sourceFontSize) - bottomGap;
  const source = fitToWidth(
    `${ellipsize(input.showTitle, 40)} · ${ellipsize(input.episodeTitle, 60)}`,
    sourceFontSize,
    sourceWidth,
  );
  // Beside the Verbatim mark, so a shared card never shows an estimated quote as verbatim.
  const estimated = input.quoteEstimated
    ? `\n  <text x="80" y="600" font-size="20" fill="#b45309">${
        french
          ? 'Citation approximative : pas de minutage des mots ici'
          : 'Approximate quote: no word timings here'
      }</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">
  <rect width="${width}" height="${height}" fill="#fdfaf3"/>
  <rect x="0" y="0" width="16" height="${height}" fill="#b45309"/>
  ${quoteLines}
  <text x="80" y="500" font-size="30" fill="#374151" font-weight="bold">${escapeXml(speaker)}</text>
  <text x="${margin}" y="548" font-size="${sourceFontSize}" fill="#4b5563">${escapeXml(source)}</text>
  <text x="${width - margin}" y="548" font-size="${sourceFontSize}" fill="#b45309" text-anchor="end">${escapeXml(input.range)}</text>
  <text x="${width - 80}" y="600" font-size="20" fill="#9ca3af" text-anchor="end">Verbatim</text>${estimated}
</svg>`;
}

export function renderQuoteCard(input: QuoteCardInput): Buffer {
  const fontFiles = fontCandidates.filter((f) => existsSync(f));
  const resvg = new Resvg(buildQuoteCardSvg(input), {
    fitTo: { mode: 'original' },
    font: {
      fontFiles,
      // Without the bundled font, fall back to whatever the system has rather than drawing no text.
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: 'DejaVu Sans',
    },
  });
  return Buffer.from(resvg.render().asPng());
}
