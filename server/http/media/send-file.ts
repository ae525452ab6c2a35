// Sends a file with validators (ETag, Last-Modified → 304) and single byte ranges (206/416).
import { createReadStream, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { ifNoneMatchHolds } from '../if-none-match.ts';

export interface SendFileOptions {
  contentType: string;
  cacheControl: string;
  /** Media answers Range requests; other files ignore them. */
  acceptRanges: boolean;
}

type ByteRange = { start: number; end: number };

/**
 * `null` means "ignore the header and send everything": other units, several ranges, and a
 * range that does not parse or is invalid (`abc`, `5-2`), as RFC 9110 §14.2 asks.
 * 'unsatisfiable' is a well-formed range outside the file (`999999-`, `-0`): 416.
 */
export function parseByteRange(header: string, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return null;
  const specs = match[1].split(',');
  if (specs.length !== 1) return null;
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0] ?? '');
  if (!spec || (spec[1] === '' && spec[2] === '')) return null;
  const first = spec[1] ?? '';
  const last = spec[2] ?? '';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}

export function etagFor(stats: Stats): string {
  return `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

function fileBody(file: string, range?: ByteRange): ReadableStream {
  return Readable.toWeb(createReadStream(file, range)) as ReadableStream;
}

export function sendFile(c: Context, file: string, stats: Stats, options: SendFileOptions): Response {
  const etag = etagFor(stats);
  const headers: Record<string, string> = {
    'Content-Type': options.contentType,
    'Cache-Control': options.cacheControl,
    ETag: etag,
    'Last-Modified': stats.mtime.toUTCString(),
  };
  if (options.acceptRanges) headers['Accept-Ranges'] = 'bytes';

  const ifNoneMatch = c.req.header('If-None-Match');
  const ifModifiedSince = c.req.header('If-Modified-Since');
  const notModified = ifNoneMatch
    ? ifNoneMatchHolds(ifNoneMatch, etag)
    : ifModifiedSince !== undefined && Math.floor(stats.mtimeMs / 1000) <= Date.parse(ifModifiedSince) / 1000;
  if (notModified) return c.body(null, 304, headers);

  const rangeHeader = options.acceptRanges ? c.req.header('Range') : undefined;
  const ifRange = c.req.header('If-Range');
  const rangeApplies =
    rangeHeader !== undefined && (ifRange === undefined || ifRangeHolds(ifRange, etag, stats.mtimeMs));
  const range = rangeApplies ? parseByteRange(rangeHeader, stats.size) : null;
  if (range === 'unsatisfiable') {
    return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${stats.size}` });
  }
  // HEAD is answered by the GET route: never open the file for it.
  const head = c.req.method === 'HEAD';
  if (range) {
    const rangeHeaders = {
      ...headers,
      'Content-Range': `bytes ${range.start}-${range.end}/${stats.size}`,
      'Content-Length': String(range.end - range.start + 1),
    };
    return head ? c.body(null, 206, rangeHeaders) : c.body(fileBody(file, range), 206, rangeHeaders);
  }
  const fullHeaders = { ...headers, 'Content-Length': String(stats.size) };
  return head ? c.body(null, 200, fullHeaders) : c.body(fileBody(file), 200, fullHeaders);
}

/**
 * If-Range: send the range only if the client's copy is still this version. It names the
 * version by its strong ETag or by its Last-Modified date (RFC 9110 §13.1.5), which a
 * browser resuming a download sends when it kept no ETag.
 */
function ifRangeHolds(ifRange: string, etag: string, mtimeMs: number): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(mtimeMs / 1000) * 1000 === date;
}
