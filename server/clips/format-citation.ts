// Citations of a clip with its timecode range, in English or French (the language of the
// text the reader cites it in). English APA 7 comes from citation-js (its bundled APA CSL
// style renders podcast episodes correctly, timestamp locator included). It ships no MLA or
// Chicago style and none can be fetched offline, so those two, and BibTeX, are written here
// from the style guides (MLA 9 §5 and 6.x on time stamps; Chicago 17 14.267). Its French
// locale keeps the English date order and "In" ("(2024, mars 5). … In"), so French APA is
// written here too, as French adaptations of APA 7 give it: "(2024, 5 mars). … Dans".
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { Clip, Episode, Show } from '../model/types.ts';
import { formatTimeRange } from './format-timecode.ts';

export const citationStyles = ['apa', 'mla', 'chicago', 'bibtex', 'csl'] as const;
export type CitationStyle = (typeof citationStyles)[number];
export const citationLanguages = ['en', 'fr'] as const;
export type CitationLanguage = (typeof citationLanguages)[number];

export interface CitationSource {
  clip: Clip;
  episode: Pick<Episode, 'id' | 'showId' | 'title' | 'date' | 'language' | 'mediaType'>;
  show: Show | null;
  /** The episode's own URL when metadata has one, else its page on this archive. */
  episodeUrl: string;
}

export interface FormattedCitation {
  style: CitationStyle;
  /** The reference-list entry (or the BibTeX entry, or CSL-JSON), as plain text. */
  text: string;
  /** The same with italics as Markdown emphasis. */
  markdown: string;
  /** The in-text citation or footnote carrying the timecode range (null for bibtex/csl). */
  inText: string | null;
  /** The clip's range, e.g. "0:41–1:27". */
  range: string;
}

export interface CslItem {
  id: string;
  type: 'broadcast';
  genre: string;
  title: string;
  'container-title': string;
  author: { literal: string }[];
  issued?: { 'date-parts': [[number, number, number]] };
  URL: string;
  language?: string;
  note: string;
}

const monthsLong = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
// MLA abbreviates months longer than four letters.
const monthsMla = [
  'Jan.',
  'Feb.',
  'Mar.',
  'Apr.',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
];

const monthsFrench = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

interface IsoDate {
  y: number;
  m: number;
  d: number;
}

/** What a citation says in each language besides the episode's own titles. */
interface CitationWords {
  /** APA's and CSL's genre, e.g. "Audio podcast episode". */
  genre: (video: boolean) => string;
  /** Chicago's medium, e.g. "podcast audio". */
  medium: (video: boolean) => string;
  /** The note naming the clip's range, e.g. "Clip 0:41–1:27". */
  clip: string;
  /** A day as MLA writes it ("5 Mar. 2024") and as Chicago does ("March 5, 2024"). */
  mlaDate: (date: IsoDate) => string;
  chicagoDate: (date: IsoDate) => string;
  /** A title quoted, then a period or comma, as the language punctuates it. */
  quoted: (title: string, punctuation: '.' | ',') => string;
}

/** A day and month as French writes them, the first of the month "1er": "1er octobre". */
const frenchDayMonth = (date: IsoDate) => `${date.d === 1 ? '1er' : date.d} ${monthsFrench[date.m - 1]}`;
const frenchDate = (date: IsoDate) => `${frenchDayMonth(date)} ${date.y}`;

const words: Record<CitationLanguage, CitationWords> = {
  en: {
    genre: (video) => (video ? 'Video podcast episode' : 'Audio podcast episode'),
    medium: (video) => (video ? 'podcast video' : 'podcast audio'),
    clip: 'Clip',
    mlaDate: (date) => `${date.d} ${monthsMla[date.m - 1]} ${date.y}`,
    chicagoDate: (date) => `${monthsLong[date.m - 1]} ${date.d}, ${date.y}`,
    // MLA and Chicago close a quoted title with a period or comma unless it ends in its own punctuation.
    quoted: (title, punctuation) => (/[.?!]$/.test(title) ? `“${title}”` : `“${title}${punctuation}”`),
  },
  fr: {
    genre: (video) => (video ? 'Épisode de podcast vidéo' : 'Épisode de podcast audio'),
    medium: (video) => (video ? 'podcast vidéo' : 'podcast audio'),
    clip: 'Extrait',
    mlaDate: frenchDate,
    chicagoDate: frenchDate,
    // Guillemets with no-break spaces; the punctuation goes after them, a period only where
    // the title does not end in its own.
    quoted: (title, punctuation) =>
      `«\u00a0${title}\u00a0»${punctuation === '.' && /[.?!]$/.test(title) ? '' : punctuation}`,
  },
};

function parseIsoDate(date: string | null): IsoDate | null {
  const match = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!match) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const isVideo = (episode: Pick<Episode, 'mediaType'>) => episode.mediaType?.startsWith('video/') ?? false;
const showTitleOf = (source: CitationSource) => source.show?.title ?? source.episode.showId;

/** Markdown-escapes characters that would otherwise turn text into emphasis, code or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`<>])/g, '\\$1');
}

export function toCslItem(source: CitationSource, language: CitationLanguage = 'en'): CslItem {
  const { clip, episode } = source;
  const date = parseIsoDate(episode.date);
  const showTitle = showTitleOf(source);
  return {
    id: `verbatim-${clip.id}`,
    type: 'broadcast',
    genre: words[language].genre(isVideo(episode)),
    title: episode.title,
    'container-title': showTitle,
    author: [{ literal: showTitle }],
    ...(date ? { issued: { 'date-parts': [[date.y, date.m, date.d]] as [[number, number, number]] } } : {}),
    URL: source.episodeUrl,
    ...(episode.language ? { language: episode.language } : {}),
    note: `${words[language].clip} ${formatTimeRange(clip.start, clip.end)}`,
  };
}

function decodeCslHtml(html: string): string {
  return html
    .replace(/&#38;/g, '&')
    .replace(/&#60;/g, '<')
    .replace(/&#62;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

function formatApa(source: CitationSource, range: string): FormattedCitation {
  const item = toCslItem(source);
  const cite = new Cite([item]);
  const options = { template: 'apa', lang: 'en-US' };
  const text = (cite.format('bibliography', { ...options, format: 'text' }) as string).trim();
  const html = (cite.format('bibliography', { ...options, format: 'html' }) as string).trim();
  const entry = /<div[^>]*class="csl-entry"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  // Escape the text first, then turn the style's italics into Markdown emphasis.
  const markdown = entry
    .split(/(<i>[\s\S]*?<\/i>)/)
    .map((part) => {
      const italic = /^<i>([\s\S]*)<\/i>$/.exec(part);
      return italic
        ? `*${escapeMarkdown(decodeCslHtml(italic[1] ?? ''))}*`
        : escapeMarkdown(decodeCslHtml(part));
    })
    .join('');
  const inText = (
    cite.format('citation', {
      ...options,
      format: 'text',
      entry: [{ id: item.id, locator: range, label: 'timestamp' }],
    }) as string
  ).trim();
  return { style: 'apa', text, markdown, inText, range };
}

/** French APA 7: "Show. (2024, 5 mars). Title [Épisode de podcast audio]. Dans *Show*. URL". */
function formatApaFrench(source: CitationSource, range: string): FormattedCitation {
  const { episode } = source;
  const date = parseIsoDate(episode.date);
  const show = showTitleOf(source);
  const when = date ? `${date.y}, ${frenchDayMonth(date)}` : 's. d.';
  const head = `${show}. (${when}). ${episode.title} [${words.fr.genre(isVideo(episode))}]. Dans`;
  const text = `${head} ${show}. ${source.episodeUrl}`;
  const markdown = `${escapeMarkdown(head)} *${escapeMarkdown(show)}*. ${escapeMarkdown(source.episodeUrl)}`;
  const inText = `(${show}, ${date ? date.y : 's. d.'}, ${range})`;
  return { style: 'apa', text, markdown, inText, range };
}

function formatMla(source: CitationSource, range: string, language: CitationLanguage): FormattedCitation {
  const { episode } = source;
  const say = words[language];
  const date = parseIsoDate(episode.date);
  const url = source.episodeUrl.replace(/^https?:\/\//, '');
  const show = showTitleOf(source);
  const tail = [date ? say.mlaDate(date) : null, url].filter(Boolean).join(', ');
  const title = say.quoted(episode.title, '.');
  const text = `${title} ${show}, ${tail}.`;
  const markdown = `${escapeMarkdown(title)} *${escapeMarkdown(show)}*, ${escapeMarkdown(tail)}.`;
  const timeStamps = formatTimeRange(source.clip.start, source.clip.end, true);
  const inText =
    language === 'fr'
      ? `(«\u00a0${episode.title}\u00a0» ${timeStamps})`
      : `(“${episode.title}” ${timeStamps})`;
  return { style: 'mla', text, markdown, inText, range };
}

function formatChicago(source: CitationSource, range: string, language: CitationLanguage): FormattedCitation {
  const { episode } = source;
  const say = words[language];
  const date = parseIsoDate(episode.date);
  const show = showTitleOf(source);
  const medium = say.medium(isVideo(episode));
  const when = date ? say.chicagoDate(date) : null;
  const Medium = medium.charAt(0).toUpperCase() + medium.slice(1);
  // Bibliography entry: periods between elements; note: commas, with the time range.
  const bibTail = [Medium, when].filter(Boolean).join(', ');
  const title = say.quoted(episode.title, '.');
  const text = `${title} ${show}. ${bibTail}. ${source.episodeUrl}.`;
  const markdown = `${escapeMarkdown(title)} *${escapeMarkdown(show)}*. ${escapeMarkdown(bibTail)}. ${source.episodeUrl}.`;
  const noteParts = [medium, when, range, source.episodeUrl].filter(Boolean).join(', ');
  const inText = `${say.quoted(episode.title, ',')} ${show}, ${noteParts}.`;
  return { style: 'chicago', text, markdown, inText, range };
}

/** Escapes BibTeX's special characters; braces protect capitalisation of the whole value. */
function bibtexValue(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\textbackslash{}';
      case '~':
        return '\\textasciitilde{}';
      case '^':
        return '\\textasciicircum{}';
      default:
        return `\\${ch}`;
    }
  });
}

const bibtexMonths = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function formatBibtex(source: CitationSource, range: string, language: CitationLanguage): FormattedCitation {
  const { episode, clip } = source;
  const say = words[language];
  const date = parseIsoDate(episode.date);
  const show = showTitleOf(source);
  const fields: [string, string][] = [
    // Braced twice: styles (plain, biblatex-apa…) change an unprotected title's case, so
    // CNIL would print cnil; an episode title is cited as written.
    ['title', `{{${bibtexValue(episode.title)}}}`],
    ['author', `{{${bibtexValue(show)}}}`],
    ['howpublished', `{${bibtexValue(say.genre(isVideo(episode)))}, \\emph{${bibtexValue(show)}}}`],
  ];
  if (date) {
    fields.push(
      ['year', `{${date.y}}`],
      ['month', bibtexMonths[date.m - 1] ?? ''],
      ['date', `{${episode.date}}`],
    );
  }
  fields.push(['note', `{${say.clip} ${range.replace('–', '--')}}`], ['url', `{${source.episodeUrl}}`]);
  if (episode.language) fields.push(['language', `{${bibtexValue(episode.language)}}`]);
  const text = `@misc{verbatim-${clip.id},\n${fields.map(([k, v]) => `  ${k} = ${v},`).join('\n')}\n}`;
  return { style: 'bibtex', text, markdown: '```bibtex\n' + text + '\n```', inText: null, range };
}

function formatCsl(source: CitationSource, range: string, language: CitationLanguage): FormattedCitation {
  const text = JSON.stringify([toCslItem(source, language)], null, 2);
  return { style: 'csl', text, markdown: '```json\n' + text + '\n```', inText: null, range };
}

export function formatCitation(
  source: CitationSource,
  style: CitationStyle,
  language: CitationLanguage = 'en',
): FormattedCitation {
  const range = formatTimeRange(source.clip.start, source.clip.end);
  switch (style) {
    case 'apa':
      return language === 'fr' ? formatApaFrench(source, range) : formatApa(source, range);
    case 'mla':
      return formatMla(source, range, language);
    case 'chicago':
      return formatChicago(source, range, language);
    case 'bibtex':
      return formatBibtex(source, range, language);
    case 'csl':
      return formatCsl(source, range, language);
  }
}
