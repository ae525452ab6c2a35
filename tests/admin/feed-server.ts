// A podcast host on 127.0.0.1 for feed-import tests: a feed, transcripts in several
// formats, a redirect, a 404, a slow answer, an oversized file; counts every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedRoute {
  body: string | Buffer;
  type?: string;
  status?: number;
  etag?: string;
  delayMs?: number;
  redirectTo?: string;
  /** Sent in 16 KiB chunks without Content-Length (the size is only known by reading). */
  chunked?: boolean;
  /** Answers `Range` (with `If-Range` matching the ETag) with 206, as media hosts do. */
  ranges?: boolean;
  /** The next answers are cut (the connection dropped) after this many body bytes each. */
  cutAfterBytes?: number[];
  /** The answer waits for this (a host that is slow until the test says otherwise). */
  holdUntil?: Promise<void>;
  /** Answers 429 with this Retry-After (seconds) until that long after its first request. */
  retryAfterSeconds?: number;
}

export interface FeedServer {
  url: string;
  routes: Map<string, FeedRoute>;
  hits: Map<string, number>;
  /** Requests answered 304 because the client sent a matching If-None-Match. */
  notModified: Map<string, number>;
  /** The Range header of every request that sent one, by path. */
  ranges: Map<string, string[]>;
  /** Requests being answered right now, and the most there were at once. */
  inFlight: { now: number; most: number };
  /** Every request's path and the status it was answered, in the order the answers began. */
  answered: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const hits = new Map<string, number>();
  const notModified = new Map<string, number>();
  const ranges = new Map<string, string[]>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = { now: 0, most: 0 };
  const answered: Array<{ path: string; status: number }> = [];
  const firstHitAt = new Map<string, number>();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    inFlight.now++;
    inFlight.most = Math.max(inFlight.most, inFlight.now);
    response.once('close', () => inFlight.now--);
    const writeHead = response.writeHead.bind(response);
    response.writeHead = (status: number, ...rest: never[]) => {
      answered.push({ path: pathname, status });
      return writeHead(status, ...rest);
    };
    const route = routes.get(pathname);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.retryAfterSeconds !== undefined) {
      const first = firstHitAt.get(pathname) ?? Date.now();
      firstHitAt.set(pathname, first);
      // A little early, so a client that waited as asked is never turned away by rounding.
      if (Date.now() - first < route.retryAfterSeconds * 1000 - 100) {
        response
          .writeHead(429, { 'retry-after': String(route.retryAfterSeconds), 'content-type': 'text/plain' })
          .end('slow down');
        return;
      }
    }
    if (route.redirectTo) {
      response.writeHead(301, { location: route.redirectTo }).end();
      return;
    }
    if (route.etag && request.headers['if-none-match'] === route.etag) {
      notModified.set(pathname, (notModified.get(pathname) ?? 0) + 1);
      response.writeHead(304, { etag: route.etag }).end();
      return;
    }
    const range = request.headers.range;
    if (range) ranges.set(pathname, [...(ranges.get(pathname) ?? []), range]);
    const send = () => {
      if (response.destroyed) return;
      let body = Buffer.from(route.body);
      const from = /^bytes=(\d+)-$/.exec(range ?? '')?.[1];
      const resumed =
        route.ranges && from !== undefined && route.etag && request.headers['if-range'] === route.etag;
      response.writeHead(resumed ? 206 : (route.status ?? 200), {
        'content-type': route.type ?? 'application/octet-stream',
        ...(route.etag ? { etag: route.etag } : {}),
        ...(route.ranges ? { 'accept-ranges': 'bytes' } : {}),
        ...(resumed ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
        ...(route.chunked ? {} : { 'content-length': String(body.length - (resumed ? Number(from) : 0)) }),
      });
      if (resumed) body = body.subarray(Number(from));
      const cut = route.cutAfterBytes?.shift();
      if (cut !== undefined) {
        // Dropped a moment later, as a line that fails after a while: what was sent is read.
        response.write(body.subarray(0, cut));
        const timer = setTimeout(() => {
          timers.delete(timer);
          response.destroy();
        }, 200);
        timers.add(timer);
        return;
      }
      if (!route.chunked) {
        response.end(body);
        return;
      }
      for (let at = 0; at < body.length; at += 16 * 1024) response.write(body.subarray(at, at + 16 * 1024));
      response.end();
    };
    if (route.holdUntil) {
      void route.holdUntil.then(send);
    } else if (route.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, route.delayMs);
      timers.add(timer);
    } else send();
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    hits,
    notModified,
    ranges,
    inFlight,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
