// Streams an HTTP response body to a file without holding it in memory, failing with the
// caller's error as soon as more than `maxBytes` have arrived (a missing or lying
// Content-Length cannot get past it).
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Writes the body to `file` and returns the file's size. With `appendAt` (the bytes `file`
 * already holds, a resumed download) the body is added at its end and counts towards the limit.
 */
export async function writeBodyToFile(
  body: ReadableStream<Uint8Array> | null,
  file: string,
  maxBytes: number,
  tooLarge: () => Error,
  appendAt = 0,
): Promise<number> {
  let bytes = appendAt;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(tooLarge());
      else done(null, chunk);
    },
  });
  const source = body ? Readable.fromWeb(body as WebReadableStream) : Readable.from([]);
  await pipeline(source, limiter, createWriteStream(file, { flags: appendAt > 0 ? 'a' : 'w' }));
  return bytes;
}
