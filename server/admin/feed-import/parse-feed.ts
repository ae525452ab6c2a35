// RSS 2.0 + iTunes + Podcasting 2.0 feed → the fields Verbatim imports.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';

export interface FeedTranscriptLink {
  url: string;
  type: string;
  language: string | null;
  rel: string | null;
}

export interface FeedPerson {
  name: string;
  role: string;
}

export interface FeedEpisode {
  guid: string;
  title: string;
  /** ISO date (YYYY-MM-DD) or null. */
  date: string | null;
  link: string | null;
  description: string | null;
  enclosure: { url: string; type: string | null; length: number | null } | null;
  /** Seconds, from itunes:duration. */
  duration: number | null;
  transcripts: FeedTranscriptLink[];
  /** podcast:transcript links left out: not http(s), or relative in a feed read from a file. */
  unusableTranscriptLinks: string[];
  chaptersUrl: string | null;
  persons: FeedPerson[];
  license: string | null;
  language: string | null;
}

export interface ParsedFeed {
  title: string;
  description: string | null;
  link: string | null;
  language: string | null;
  image: string | null;
  /** Where the show says its feed now lives (itunes:new-feed-url), if anywhere. */
  newFeedUrl: string | null;
  license: string | null;
  persons: FeedPerson[];
  episodes: FeedEpisode[];
}

const ALWAYS_ARRAYS = new Set(['item', 'podcast:transcript', 'podcast:person', 'itunes:category']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

type XmlNode = Record<string, unknown>;

function textOf(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node.trim() || null;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'object') return textOf((node as XmlNode)['#text']);
  return null;
}

function attrOf(node: unknown, name: string): string | null {
  if (!node || typeof node !== 'object') return null;
  const value = (Array.isArray(node) ? (node[0] as XmlNode | undefined) : (node as XmlNode))?.[`@_${name}`];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function asArray(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** itunes:duration is seconds, mm:ss or hh:mm:ss. */
export function parseItunesDuration(value: string | null): number | null {
  if (!value) return null;
  const parts = value.split(':').map((p) => Number(p));
  if (parts.some((p) => !Number.isFinite(p) || p < 0)) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Zone names written in pubDates, as minutes from UTC (CET and CEST are common in French feeds). */
const ZONE_OFFSETS: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
};

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * The day a pubDate names, in its own time zone: an episode published at 00:30 in Paris
 * (`+0100`) is dated the 5th, not the 4th it is in UTC.
 */
function isoDate(pubDate: string | null): string | null {
  const text = pubDate?.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  let offset: number | null = null;
  let parseable = text;
  const numeric = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  const named = /[\s\d]([A-Za-z]{1,4})$/.exec(text);
  if (numeric && /[T\s:]\d{2}(?::\d{2})?(?:\.\d+)?\s*[+-]\d{2}:?\d{2}$/.test(text)) {
    offset = (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  } else if (named && ZONE_OFFSETS[named[1]!.toUpperCase()] !== undefined) {
    offset = ZONE_OFFSETS[named[1]!.toUpperCase()]!;
    // Date.parse knows the American zones and GMT, not CET/CEST: given as an offset instead.
    const sign = offset < 0 ? '-' : '+';
    parseable = `${text.slice(0, text.length - named[1]!.length)}${sign}${twoDigits(Math.floor(Math.abs(offset) / 60))}${twoDigits(Math.abs(offset) % 60)}`;
  }
  const ms = Date.parse(parseable);
  if (Number.isNaN(ms)) return null;
  if (offset !== null) return new Date(ms + offset * 60_000).toISOString().slice(0, 10);
  // No zone: read as written (Date.parse took it as this machine's local time).
  const local = new Date(ms);
  return `${local.getFullYear()}-${twoDigits(local.getMonth() + 1)}-${twoDigits(local.getDate())}`;
}

function persons(node: unknown): FeedPerson[] {
  return asArray(node)
    .map((p) => ({ name: textOf(p) ?? '', role: (attrOf(p, 'role') ?? 'host').toLowerCase() }))
    .filter((p) => p.name);
}

function licenseOf(node: unknown): string | null {
  return textOf(node) ?? attrOf(node, 'url');
}

const HttpUrl = z.url({ protocol: /^https?$/ });

/**
 * A link as a browser would follow it: one written relative to a feed fetched over http(s)
 * (`/t/12.vtt`, against the rules but found) is resolved against the feed's address.
 */
function linkOf(value: string | null, source: string): string | null {
  if (value === null || !/^https?:\/\//i.test(source) || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  try {
    return new URL(value, source).href;
  } catch {
    return value;
  }
}

/** `base`: the address the feed was read from after redirects, which relative links follow. */
export function parseFeed(xml: string, source: string, base: string = source): ParsedFeed {
  if (xml.trim() === '') {
    throw new ValidationError(`${source}: the document is empty: expected an RSS feed`, { source });
  }
  if (/^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html)[\s>]/i.test(xml)) {
    throw new ValidationError(
      `${source}: a web page (HTML), not an RSS 2.0 feed: give the address of the podcast's feed (often ending in /feed, .rss or .xml)`,
      { source },
    );
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`${source}: not well-formed XML (${message})`, { source }, { cause: error });
  }
  const rss = doc['rss'] as XmlNode | undefined;
  const channel = rss?.['channel'] as XmlNode | undefined;
  if (!channel) throw new ValidationError(`${source}: not an RSS 2.0 feed (no <rss><channel>)`, { source });

  const title = textOf(channel['title']);
  if (!title) throw new ValidationError(`${source}: the channel has no <title>`, { source });
  const channelLanguage = textOf(channel['language']);

  const episodes: FeedEpisode[] = [];
  for (const [index, raw] of asArray(channel['item']).entries()) {
    const item = raw as XmlNode;
    const enclosureUrl = linkOf(attrOf(item['enclosure'], 'url'), base);
    const guid = textOf(item['guid']) ?? enclosureUrl ?? textOf(item['link']) ?? textOf(item['title']);
    if (!guid) continue; // An item with nothing to identify it cannot be updated safely later.
    const links = asArray(item['podcast:transcript']).map((t) => ({
      url: linkOf(attrOf(t, 'url'), base) ?? '',
      type: (attrOf(t, 'type') ?? '').toLowerCase(),
      language: attrOf(t, 'language'),
      rel: attrOf(t, 'rel'),
    }));
    const transcripts = links.filter((t) => HttpUrl.safeParse(t.url).success);
    const lengthText = attrOf(item['enclosure'], 'length');
    episodes.push({
      guid,
      title: textOf(item['title']) ?? textOf(item['itunes:title']) ?? `Episode ${index + 1}`,
      date: isoDate(textOf(item['pubDate'])),
      link: textOf(item['link']),
      description: textOf(item['description']) ?? textOf(item['itunes:summary']),
      enclosure: enclosureUrl
        ? {
            url: enclosureUrl,
            type: attrOf(item['enclosure'], 'type'),
            length: lengthText && /^\d+$/.test(lengthText) ? Number(lengthText) : null,
          }
        : null,
      duration: parseItunesDuration(textOf(item['itunes:duration'])),
      transcripts,
      unusableTranscriptLinks: links.filter((t) => !transcripts.includes(t) && t.url).map((t) => t.url),
      chaptersUrl: linkOf(attrOf(item['podcast:chapters'], 'url'), base),
      persons: persons(item['podcast:person']),
      license: licenseOf(item['podcast:license']),
      language: channelLanguage,
    });
  }

  return {
    title,
    description: textOf(channel['description']) ?? textOf(channel['itunes:summary']),
    link: textOf(channel['link']),
    language: channelLanguage,
    newFeedUrl: textOf(channel['itunes:new-feed-url']),
    image:
      attrOf(channel['itunes:image'], 'href') ?? textOf((channel['image'] as XmlNode | undefined)?.['url']),
    license: licenseOf(channel['podcast:license']),
    persons: persons(channel['podcast:person']),
    episodes,
  };
}
