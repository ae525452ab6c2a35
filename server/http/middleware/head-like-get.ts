// HEAD is answered by the GET route (Hono drops the body afterwards), but a body built in
// memory gets its Content-Length only from the Node adapter as it is written, so a HEAD
// lost it. This middleware, outermost, measures such a body and keeps its length.
import type { MiddlewareHandler } from 'hono';

/** Waits one turn of the event loop: long enough for an in-memory body, not for real work. */
const nextTurn = () => new Promise<'later'>((resolve) => setImmediate(() => resolve('later')));

/**
 * The byte length of a body that is whole already (a string or buffer answer), or null for
 * one still being produced (a zip being cut), which GET streams without a length too.
 */
async function lengthIfReady(body: ReadableStream<Uint8Array>): Promise<number | null> {
  const reader = body.getReader();
  try {
    let length = 0;
    for (;;) {
      const chunk = await Promise.race([reader.read(), nextTurn()]);
      if (chunk === 'later') return null;
      if (chunk.done) return length;
      length += chunk.value.byteLength;
    }
  } finally {
    // The body is never sent: stop whatever still produces it (ffmpeg, a file stream).
    void reader.cancel().catch(() => undefined);
  }
}

export function headLikeGet(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Before touching the body: reading it would cost a GET the Node adapter's fast path.
    if (c.req.method !== 'HEAD') return;
    const res = c.res;
    const body = res.body;
    if (!body) return;
    // A compressed stream's length is unknown until it is sent, for GET as well.
    const known = res.headers.has('Content-Length') || res.headers.has('Content-Encoding');
    const length = known ? null : await lengthIfReady(body);
    if (known) void body.cancel().catch(() => undefined);
    c.res = new Response(null, res);
    if (length !== null) c.res.headers.set('Content-Length', String(length));
  };
}
