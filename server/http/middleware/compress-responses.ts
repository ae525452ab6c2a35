// Brotli or gzip for text responses (JSON, transcripts, the web app). Media and range
// responses pass through untouched: they are already compressed and byte-addressed.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { BoundedLru } from '../../shared/bounded-lru.ts';

const COMPRESSIBLE =
  /^\s*(?:text\/[^;\s]+|application\/(?:javascript|json|xml|x-subrip|manifest\+json|[^;\s]+\+json|json\+[^;\s]+)|image\/svg\+xml)\s*(?:;|$)/i;
/** application/json and the +json types, such as application/problem+json. */
export const JSON_TYPE = /^\s*application\/(?:json|[^;\s]+\+json)\s*(?:;|$)/i;
const MIN_BYTES = 1024;
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;

type Encoding = 'br' | 'gzip';

/** The encoding the client prefers among those we offer (br first on ties). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (enc: Encoding) => weights.get(enc) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).reduce<Encoding | null>(
    (acc, enc) => (weight(enc) > 0 && (acc === null || weight(enc) > weight(acc)) ? enc : acc),
    null,
  );
  return best;
}

export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const length = res.headers.get('Content-Length');
    // A HEAD is compressed too, so it names the encoding and length GET would send.
    const skip =
      !res.body ||
      res.status === 206 ||
      res.status === 204 ||
      res.status === 304 ||
      res.headers.has('Content-Encoding') ||
      res.headers.has('Content-Range') ||
      (length !== null && Number(length) < MIN_BYTES) ||
      !COMPRESSIBLE.test(res.headers.get('Content-Type') ?? '') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '');
    // A 304 carries the Vary its 200 would have (RFC 9110 §15.4.5), so caches keep the
    // compressed and plain answers apart.
    if (res.status === 304) c.header('Vary', 'Accept-Encoding', { append: true });
    if (skip) return;
    c.header('Vary', 'Accept-Encoding', { append: true });
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding || !res.body) return;
    if (JSON_TYPE.test(res.headers.get('Content-Type') ?? '')) {
      // API answers are built in memory anyway: compressing the whole body at once costs a
      // fraction of a stream pipeline (the compressed search load ran at half the speed of
      // the uncompressed one with streams), and a small body is sent as it is.
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length < MIN_BYTES) {
        c.res = new Response(body, res);
        return;
      }
      const packed = compressedJson(body, encoding);
      c.res = new Response(packed, res);
      c.res.headers.set('Content-Length', String(packed.length));
      markEncoded(c.res, encoding);
      return;
    }
    const compressor =
      encoding === 'br'
        ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
        : zlib.createGzip({ level: GZIP_LEVEL });
    const source = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>);
    const compressed = Readable.toWeb(source.pipe(compressor)) as ReadableStream<Uint8Array>;
    source.on('error', (err) => compressor.destroy(err));
    c.res = new Response(compressed, res);
    c.res.headers.delete('Content-Length');
    markEncoded(c.res, encoding);
  };
}

// The same answer is often sent again (a popular search, from the search result cache):
// its compressed bytes are remembered by content hash, since hashing costs a fraction of
// compressing.
const PACKED_MAX_BYTES = 16 * 2 ** 20;
const packedByHash = new BoundedLru<Buffer<ArrayBuffer>>(Number.POSITIVE_INFINITY, PACKED_MAX_BYTES);

function compressedJson(body: Buffer, encoding: Encoding): Buffer<ArrayBuffer> {
  const key = `${encoding}:${createHash('sha1').update(body).digest('base64')}`;
  const known = packedByHash.get(key);
  if (known) return known;
  const packed =
    encoding === 'br'
      ? zlib.brotliCompressSync(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : zlib.gzipSync(body, { level: GZIP_LEVEL });
  if (packed.length <= PACKED_MAX_BYTES / 16) packedByHash.set(key, packed, packed.length);
  return packed;
}

function markEncoded(res: Response, encoding: Encoding): void {
  res.headers.set('Content-Encoding', encoding);
  const etag = res.headers.get('ETag');
  if (etag && !etag.startsWith('W/')) res.headers.set('ETag', `W/${etag}`);
}
