// The real server on a free port: ingest at start, search, an episode, a transcript
// export, a Range request of real media, the web app, raw-socket traversal attempts,
// graceful shutdown, and `server/main.ts` itself (config errors, SIGTERM).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/http/start-server.ts';
import type { SearchResponse } from '../../server/search/search-types.ts';
import {
  SECRET_TEXT,
  plantTraversalTargets,
  prepareTranscriptsDir,
  testConfig,
} from '../http/http-test-archive.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'web/dist/index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  }
  dir = prepareTranscriptsDir();
  server = await startServer(
    testConfig(dir, { VERBATIM_INGEST_ON_START: 'true', VERBATIM_CORS_ORIGINS: 'https://cours.example.org' }),
  );
  plantTraversalTargets(dir);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sends a request line exactly as written (no client-side URL normalisation). */
function rawGet(port: number, target: string, headers = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('requests Node cannot parse', () => {
  it.each([
    ['a URL over 16 KiB', `/api/search?q=recours&show=${'x'.repeat(17_000)}`, 431, /over 16 KiB/],
    ['raw bytes that are not HTTP', '/api/search?q=\u0001 broken', 400, /not valid HTTP/],
  ])('answers %s with a JSON error, not an empty body', async (_what, target, status, message) => {
    const answer = await rawGet(server.port, target);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      error: { code: string; message: string };
    };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(message);
  });

  it('lets a page on an allowed origin read why its URL was refused, and no other origin', async () => {
    const target = `/api/search?q=recours&show=${'x'.repeat(17_000)}`;
    const headersOf = (answer: string) => answer.slice(0, answer.indexOf('\r\n\r\n')).toLowerCase();
    const allowed = await rawGet(server.port, target, 'Origin: https://cours.example.org\r\n');
    expect(allowed).toMatch(/^HTTP\/1\.1 431 /);
    expect(headersOf(allowed)).toContain('access-control-allow-origin: https://cours.example.org\r\n');
    expect(headersOf(allowed)).toContain('vary: origin');
    const other = await rawGet(server.port, target, 'Origin: https://ailleurs.example.net\r\n');
    expect(other).toMatch(/^HTTP\/1\.1 431 /);
    expect(headersOf(other)).not.toContain('access-control-allow-origin');
  });
});

describe('the running server', () => {
  it('ingested transcripts/ at start', () => {
    expect(server.ingest).toMatchObject({ added: 3, failed: [] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('searches', async () => {
    const res = await fetch(`${server.url}/api/search?q=${encodeURIComponent('"backdoor for everyone"')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SearchResponse;
    expect(body.hits[0]).toMatchObject({
      episode: { id: 'privacy-talks--encryption-backdoors' },
      start: 4,
      speaker: 'Priya Nair',
    });
  });

  it('returns an episode with its cues', async () => {
    const res = await fetch(`${server.url}/api/episodes/${FACIAL}`);
    const body = (await res.json()) as { episode: { mediaUrl: string }; cues: { text: string }[] };
    expect(body.cues).toHaveLength(6);
    expect(body.episode.mediaUrl).toBe('/media/libertes-numeriques/recours-reconnaissance-faciale.opus');
  });

  it('exports a transcript, compressed when asked', async () => {
    const res = await fetch(`${server.url}/api/episodes/${FACIAL}/transcript.srt`, {
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-disposition')).toContain(`${FACIAL}.srt`);
    // fetch decodes br transparently: what the user saves is the SRT itself.
    expect(await res.text()).toContain('00:00:05,000 --> 00:00:07,500');
  });

  it('serves a byte range of real media', async () => {
    const episode = (await (await fetch(`${server.url}/api/episodes/${FACIAL}`)).json()) as {
      episode: { mediaUrl: string };
    };
    const full = Buffer.from(await (await fetch(`${server.url}${episode.episode.mediaUrl}`)).arrayBuffer());
    expect(full.subarray(0, 4).toString('latin1')).toBe('OggS');
    const res = await fetch(`${server.url}${episode.episode.mediaUrl}`, { headers: { Range: 'bytes=0-3' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-range')).toBe(`bytes 0-3/${full.length}`);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe('OggS');
    const tail = await fetch(`${server.url}${episode.episode.mediaUrl}`, {
      headers: { Range: 'bytes=-100' },
    });
    expect(Buffer.from(await tail.arrayBuffer()).equals(full.subarray(full.length - 100))).toBe(true);
  });

  it('serves the built web app at / and for client routes', async () => {
    for (const route of ['/', '/search?q=recours']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toMatch(/<script[^>]+src="\/assets\//);
    }
  });

  it.each([
    '/media/../secret.txt',
    '/media/../../../../etc/passwd',
    '/media/%2e%2e/secret.opus',
    '/media/..%2fsecret.opus',
    '/media/%252e%252e%252fsecret.opus',
    '/media/..\\secret.opus',
    '/media/libertes-numeriques/escape.opus',
    '/media//etc/passwd',
    '/media/secret.opus%00',
  ])('refuses %s sent verbatim on the wire', async (target) => {
    const answer = await rawGet(server.port, target);
    expect(answer).not.toContain(SECRET_TEXT);
    expect(answer).not.toMatch(/root:.*:0:0:/);
    // Either refused, or resolved by the URL parser to a path outside /media, answered by the web app.
    const refused = /^HTTP\/1\.1 (400|404)/.test(answer);
    const webApp = /^HTTP\/1\.1 200/.test(answer) && /content-type: text\/html/i.test(answer);
    expect(refused || webApp).toBe(true);
  });
});

describe('watching transcripts/', () => {
  async function waitForTotal(url: string, q: string, total: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
      const body = (await res.json()) as SearchResponse;
      if (body.total === total) return;
      if (Date.now() > deadline) throw new Error(`"${q}": total ${body.total}, expected ${total}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('ingests a file dropped in while the server runs, an edit, and a deletion', async () => {
    const dir2 = prepareTranscriptsDir();
    const running = await startServer(testConfig(dir2, { VERBATIM_INGEST_ON_START: 'true' }));
    try {
      expect(running.watching).not.toBeNull();
      await running.watching;
      const file = path.join(dir2, 'transcripts', 'libertes-numeriques', 'depot-a-chaud.vtt');
      const vtt = (word: string) =>
        `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Inès Duval>Le mot du jour est ${word}, déposé à chaud.\n`;
      writeFileSync(file, vtt('zorglubisme'));
      await waitForTotal(running.url, 'zorglubisme', 1);
      writeFileSync(file, vtt('batracien'));
      await waitForTotal(running.url, 'batracien', 1);
      await waitForTotal(running.url, 'zorglubisme', 0);
      unlinkSync(file);
      await waitForTotal(running.url, 'batracien', 0);
    } finally {
      await running.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints a summary when a file is renamed while it runs, as for any other change', async () => {
    const dir2 = prepareTranscriptsDir();
    const lines: string[] = [];
    const running = await startServer(testConfig(dir2, { VERBATIM_INGEST_ON_START: 'true' }), {
      log: (line) => lines.push(line),
    });
    try {
      await running.watching;
      const show = path.join(dir2, 'transcripts', 'libertes-numeriques');
      renameSync(path.join(show, 'recours-reconnaissance-faciale.vtt'), path.join(show, 'recours-2024.vtt'));
      const deadline = Date.now() + 20_000;
      while (!lines.some((line) => /1 renamed or moved/.test(line))) {
        if (Date.now() > deadline) throw new Error(`no summary of the rename in:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const moved = await fetch(`${running.url}/api/episodes/${FACIAL}`, { redirect: 'manual' });
      expect(moved.headers.get('location')).toBe('/api/episodes/libertes-numeriques--recours-2024');
    } finally {
      await running.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);

  it('does not watch when VERBATIM_WATCH_TRANSCRIPTS=false, nor when it does not ingest at start', async () => {
    const dir2 = prepareTranscriptsDir();
    for (const env of <Record<string, string>[]>[
      { VERBATIM_INGEST_ON_START: 'true', VERBATIM_WATCH_TRANSCRIPTS: 'false' },
      { VERBATIM_INGEST_ON_START: 'false' },
    ]) {
      const running = await startServer(testConfig(dir2, env));
      try {
        expect(running.watching).toBeNull();
      } finally {
        await running.close();
      }
    }
    rmSync(dir2, { recursive: true, force: true });
  });
});

describe('an archive indexed by an earlier version', () => {
  it('is rebuilt in the background at start, answering all along, and only once', async () => {
    const dir2 = prepareTranscriptsDir();
    const config = testConfig(dir2, {
      VERBATIM_INGEST_ON_START: 'true',
      VERBATIM_WATCH_TRANSCRIPTS: 'false',
    });
    const totalOf = async (url: string, q: string) =>
      ((await (await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`)).json()) as SearchResponse).total;
    try {
      const first = await startServer(config);
      expect(first.upgradingIndex).toBeNull();
      const before = await totalOf(first.url, 'reconnaissance faciale');
      expect(before).toBeGreaterThan(0);
      await first.close();

      // What an index written before glue pair and sample tokens looks like: no markers.
      const db = new Database(path.join(config.dataDir, 'archive.sqlite'));
      db.prepare(`DELETE FROM search_state WHERE key IN ('glue_pairs', 'sample_levels')`).run();
      db.close();

      const lines: string[] = [];
      const second = await startServer(config, { log: (line) => lines.push(line) });
      try {
        expect(second.upgradingIndex).not.toBeNull();
        expect(await totalOf(second.url, 'reconnaissance faciale')).toBe(before);
        await second.upgradingIndex;
        expect(lines.join('\n')).toMatch(/built by an earlier version: rebuilding it in the background/);
        expect(lines.join('\n')).toMatch(/Search index rebuilt: 3 episodes, \d+ passages/);
        expect(second.archive.searchIndexOutdated()).toBe(false);
        expect(await totalOf(second.url, 'reconnaissance faciale')).toBe(before);
      } finally {
        await second.close();
      }

      const third = await startServer(config);
      expect(third.upgradingIndex).toBeNull();
      await third.close();
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('lets an in-flight response finish, then refuses connections and closes the store', async () => {
    const dir2 = prepareTranscriptsDir();
    const running = await startServer(testConfig(dir2, { VERBATIM_INGEST_ON_START: 'true' }));
    try {
      const mediaUrl = `${running.url}/media/libertes-numeriques/recours-reconnaissance-faciale.opus`;
      const res = await fetch(mediaUrl);
      const reader = res.body!.getReader();
      const first = await reader.read();
      const closed = running.close();
      let received = first.value?.length ?? 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) received += r.value.length;
      expect(received).toBe(Number(res.headers.get('content-length')));
      await closed;
      await expect(fetch(`${running.url}/api/health`)).rejects.toThrow();
      await expect(Promise.resolve().then(() => running.archive.store.counts())).rejects.toThrow(/not open/);
    } finally {
      await running.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});

describe('server/main.ts', () => {
  function runMain(env: Record<string, string>) {
    return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  const collect = (stream: NodeJS.ReadableStream) => {
    const out = { text: '' };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (out.text += chunk));
    return out;
  };

  it('fails with exit code 1 and names the variable on a bad environment', async () => {
    const child = runMain({ PORT: 'not-a-port' });
    const stderr = collect(child.stderr);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.text).toContain('PORT');
  });

  it('ingests, prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const dir3 = prepareTranscriptsDir();
    const child = runMain({
      VERBATIM_TRANSCRIPTS_DIR: path.join(dir3, 'transcripts'),
      VERBATIM_DATA_DIR: path.join(dir3, 'data'),
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const stdout = collect(child.stdout);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /listening on (http:\/\/\S+)/.exec(stdout.text);
          if (match?.[1]) {
            clearInterval(timer);
            resolve(match[1]);
          }
        }, 50);
        void exited.then(() => {
          clearInterval(timer);
          reject(new Error(`main exited early:\n${stdout.text}`));
        });
      });
      expect(stdout.text).toMatch(/3 added/);
      const health = (await (await fetch(`${url}/api/health`)).json()) as { counts: { episodes: number } };
      expect(health.counts.episodes).toBe(3);
      // main.ts searches on worker threads: the answer is the same as on the event loop.
      const found = (await (
        await fetch(`${url}/api/search?q=%22backdoor%20for%20everyone%22`)
      ).json()) as SearchResponse;
      expect(found.hits[0]).toMatchObject({
        episode: { id: 'privacy-talks--encryption-backdoors' },
        start: 4,
      });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout.text).toContain('SIGTERM');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir3, { recursive: true, force: true });
    }
  });
});
