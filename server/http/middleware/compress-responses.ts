// Brotli or gzip for text responses (JSON, transcripts, the web app). Media and range
// responses pass through untouched: they are already compressed and byte-addressed.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const COMPRESSIBLE =
  /^\s*(?:text\/[^;\s]+|application\/(?:javascript|json|xml|x-subrip|manifest\+json|[^;\s]+\+json|json\+[^;\s]+)|image\/svg\+xml)\s*(?:;|$)/i;
const MIN_BYTES = 1024;

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
    const skip =
      c.req.method === 'HEAD' ||
      !res.body ||
      res.status === 206 ||
      res.status === 204 ||
      res.status === 304 ||
      res.headers.has('Content-Encoding') ||
      res.headers.has('Content-Range') ||
      (length !== null && Number(length) < MIN_BYTES) ||
      !COMPRESSIBLE.test(res.headers.get('Content-Type') ?? '') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '');
    if (skip) return;
    c.header('Vary', 'Accept-Encoding', { append: true });
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding || !res.body) return;
    const compressor =
      encoding === 'br'
        ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
        : zlib.createGzip({ level: 6 });
    const source = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>);
    const compressed = Readable.toWeb(source.pipe(compressor)) as ReadableStream<Uint8Array>;
    source.on('error', (err) => compressor.destroy(err));
    c.res = new Response(compressed, res);
    c.res.headers.delete('Content-Length');
    c.res.headers.set('Content-Encoding', encoding);
    const etag = c.res.headers.get('ETag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('ETag', `W/${etag}`);
  };
}
