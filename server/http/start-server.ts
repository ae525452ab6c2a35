// Starts the whole server: archive, optional ingest of transcripts/, HTTP on host:port,
// and a close() that stops accepting, lets in-flight requests finish, then closes the store.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createArchive, type Archive } from '../app/create-archive.ts';
import type { Config } from '../config/env.ts';
import { describeAutomaticEmptying, emptyTrash } from '../admin/trash.ts';
import { formatIngestSummary } from '../ingest/format-ingest-summary.ts';
import { ingestFolder, type IngestSummary } from '../ingest/ingest-folder.ts';
import { describeWaitForOtherIngest } from '../ingest/ingest-lock.ts';
import { watchFolder, type FolderWatcher } from '../ingest/watch-folder.ts';
import { archiveWriteLock } from '../admin/archive-write-lock.ts';
import { writeServerLock, type ServerLock } from '../admin/running-server-lock.ts';
import { createApp, type AppOptions } from './app.ts';

export interface StartServerOptions extends AppOptions {
  /** Where start-up lines (the ingest summary) go; default: nowhere. */
  log?: (line: string) => void;
  /** How long close() waits for in-flight requests before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
  /** Embedded mode: worker threads for searches (default 0: on the event loop). */
  searchThreads?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  archive: Archive;
  /** The start-up ingest summary, or null when ingestOnStart is off. */
  ingest: IngestSummary | null;
  /** Watching the transcripts folder (ingestOnStart and watchTranscripts), ready once its scan is done. */
  watching: Promise<void> | null;
  /** The rebuild of an index built by an earlier version, under way; null when none was needed. */
  upgradingIndex: Promise<void> | null;
  close(): Promise<void>;
}

/**
 * Search threads for a machine with `cores` cores: one per core, at most 4. The event loop
 * needs little CPU beside them (an answer from the result cache costs ~0.4 ms of it): on 2
 * cores, 2 search threads served 405 uncached searches/s against 235 with 1.
 */
export function defaultSearchThreads(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The Origin header of the bytes Node could not parse, when they hold one. */
function originOf(rawPacket: unknown): string | null {
  if (!Buffer.isBuffer(rawPacket)) return null;
  const head = rawPacket.toString('latin1');
  const end = head.indexOf('\r\n\r\n');
  const found = /\r\norigin:[ \t]*([^\r\n]*)/i.exec(end < 0 ? head : head.slice(0, end));
  return found ? found[1]!.trim() : null;
}

/**
 * Node refuses a request it cannot parse (a URL or headers over 16 KiB, bytes that are not
 * HTTP) before the app sees it, with an empty body: answered here in the API's error shape,
 * readable by a page on an allowed origin (CORS) as the app's own errors are.
 */
export function unparsableRequestAnswerer(
  allowedOrigins: readonly string[] = [],
): (error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex) => void {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  return (error, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, text, message] = tooLarge
      ? [
          431,
          'Request Header Fields Too Large',
          'The request line and headers are over 16 KiB: shorten the URL (fewer filter values) or the headers',
        ]
      : [400, 'Bad Request', 'The request is not valid HTTP'];
    const body = JSON.stringify({ error: { code: 'bad_request', message, details: null } });
    const origin = originOf(error.rawPacket);
    const cors =
      origin !== null && allowed.has(origin)
        ? `Access-Control-Allow-Origin: ${origin}\r\nVary: Origin\r\n`
        : '';
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n${cors}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

/** The same, for a server that allows no other origin. */
export const answerUnparsableRequest = unparsableRequestAnswerer();

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config) {
  return new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
      server.off('error', reject);
      resolve({ server: server as Server, port: info.port });
    });
    server.on('clientError', unparsableRequestAnswerer(config.corsOrigins));
    server.once('error', reject);
  });
}

const TRASH_CHECK_MS = 6 * 60 * 60 * 1000;

/** Removes the deletions older than VERBATIM_TRASH_DAYS; a failure is logged, never fatal. */
async function emptyOldTrash(config: Config, log: (line: string) => void): Promise<void> {
  if (config.trashDays === null) return;
  try {
    const result = await emptyTrash(config.transcriptsDir, { olderThanDays: config.trashDays });
    const line = describeAutomaticEmptying(result, config.trashDays);
    if (line) log(line);
  } catch (error) {
    log(`Emptying the trash failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const archive = await createArchive(config, { searchThreads: options.searchThreads ?? 0 });
  for (const notice of archive.notices) log(notice);
  let ingest: IngestSummary | null = null;
  let listening: { server: Server; port: number };
  // Embedded mode: tells `npm run restore` this archive is open (see running-server-lock.ts).
  let lock: ServerLock | null = null;
  try {
    if (!config.meiliUrl) lock = await writeServerLock(config.dataDir);
    if (config.ingestOnStart) {
      ingest = await ingestFolder({
        transcriptsDir: config.transcriptsDir,
        store: archive.store,
        onWaitForOtherIngest: (holder) => log(describeWaitForOtherIngest(holder)),
      });
      log(formatIngestSummary(ingest, config.transcriptsDir));
    }
    await emptyOldTrash(config, log);
    const app = createApp(archive, options);
    listening = await listen(app.fetch, config);
    await lock?.setPort(listening.port);
  } catch (err) {
    await archive.close();
    await lock?.remove();
    throw err;
  }
  const { server, port } = listening;
  const graceMs = options.shutdownGraceMs ?? 10_000;

  // The server that ingests the folder at start also follows it: an archivist drops, edits or
  // deletes a file and the archive follows, under the same write lock as the admin routes.
  let watcher: FolderWatcher | null = null;
  if (config.ingestOnStart && config.watchTranscripts) {
    const writeLock = archiveWriteLock(archive.store);
    watcher = watchFolder({
      transcriptsDir: config.transcriptsDir,
      store: archive.store,
      exclusive: (work) => writeLock.run(work),
      onIngest: (summary) => {
        if (summary.added + summary.updated + summary.moved + summary.removed + summary.failed.length > 0)
          log(formatIngestSummary(summary, config.transcriptsDir));
      },
      onError: (error) => log(`Watching ${config.transcriptsDir} failed: ${String(error)}`),
    });
  }

  // An index built by an earlier version lacks what searches now use (glue pair tokens for
  // common phrases, sample tokens for large sets): it is rebuilt aside while it answers.
  const upgrade = new AbortController();
  let upgradingIndex: Promise<void> | null = null;
  if (archive.reindex && archive.searchIndexOutdated()) {
    log(
      'The search index was built by an earlier version: rebuilding it in the background (searches keep answering).',
    );
    upgradingIndex = archive.reindex(upgrade.signal).then(
      (r) =>
        log(
          `Search index rebuilt: ${r.episodes} episodes, ${r.passages} passages in ${(r.ms / 1000).toFixed(1)} s.`,
        ),
      (error: unknown) => {
        if (!upgrade.signal.aborted) log(`Rebuilding the search index failed: ${String(error)}`);
      },
    );
  }

  // A server running for months still empties the trash: checked again every few hours.
  const trashTimer =
    config.trashDays === null ? null : setInterval(() => void emptyOldTrash(config, log), TRASH_CHECK_MS);
  trashTimer?.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (trashTimer) clearInterval(trashTimer);
      await new Promise<void>((resolve) => {
        // Stop accepting; the callback runs once every in-flight response has finished.
        server.close(() => resolve());
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
      });
      await watcher?.close();
      // A rebuild stops at its next batch and leaves the index as it was; the next start resumes it.
      upgrade.abort();
      await upgradingIndex;
      await archive.close();
      await lock?.remove();
    })());

  return {
    url: `http://${displayHost(config.host)}:${port}`,
    port,
    archive,
    ingest,
    watching: watcher?.ready ?? null,
    upgradingIndex,
    close,
  };
}
