// A JSON answer of a GET route without a validator of its own gets an ETag of its bytes,
// revalidated every time (no-cache): a browser revisiting an episode, a course page
// reloading a clip or a proxy gets 304 without a body instead of every cue again.
// Routes that tag their answers themselves (search, exports) are left as they are.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ifNoneMatchHolds } from '../if-none-match.ts';
import { JSON_TYPE } from './compress-responses.ts';

/** A 304 carries the validators and caching headers of its 200, not its body's. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-disposition'];

export function tagJsonAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return;
    if (res.status !== 200 || res.headers.has('ETag') || !res.body) return;
    if (!JSON_TYPE.test(res.headers.get('Content-Type') ?? '')) return;
    // Read once and answered from memory (a clone would copy the stream through a tee).
    const bytes = new Uint8Array(await res.arrayBuffer());
    // Weak: the same answer compressed or not (compression happens outside this).
    const tag = `W/"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
    const holds = ifNoneMatchHolds(c.req.header('If-None-Match'), tag);
    // Hono copies the replaced answer's headers onto the new one: a 304 drops the body's after.
    c.res = new Response(holds ? null : bytes, { status: holds ? 304 : 200, headers: res.headers });
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache');
    c.res.headers.set('ETag', tag);
    if (holds) for (const name of BODY_HEADERS) c.res.headers.delete(name);
  };
}
