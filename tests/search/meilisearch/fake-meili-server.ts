// A Meilisearch stand-in on 127.0.0.1 that keeps documents, for tests of the store's
// behaviour (ingest, renames, clips) in Meilisearch mode on a machine where no Meilisearch
// can run. It answers the routes the store uses as Meilisearch documents them: indexes,
// settings, documents (add, partial update, fetch with filter, delete by id and by filter),
// placeholder searches (filter, sort, facets), tasks, swaps. A filter on an attribute that
// is not filterable is refused as Meilisearch refuses it. Full-text search is not emulated
// (tests/search/meilisearch/meili-wire.test.ts covers its wire shape): a query answers 501.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

type Doc = Record<string, unknown>;

interface FakeIndex {
  docs: Map<string, Doc>;
  filterable: Set<string>;
  settings: Record<string, unknown>;
}

interface FakeTask {
  uid: number;
  indexUid: string | null;
  type: string;
  status: 'succeeded' | 'failed';
  error: { code: string; message: string; type: string; link: string } | null;
  details: Record<string, unknown>;
}

export interface FakeMeiliServer {
  url: string;
  /** Stops answering (connections refused), keeping every index: Meilisearch gone away. */
  stop(): Promise<void>;
  /** Answers again on the same port, with what it held. */
  start(): Promise<void>;
  /** Every request answered, as `METHOD /path`, oldest first. */
  requests: string[];
  /** The documents of an index (a copy), or null when it does not exist. */
  documents(uid: string): Doc[] | null;
  /** Replaces an index's settings as someone editing them by hand would (no task). */
  setSettings(uid: string, settings: Record<string, unknown>): void;
  close(): Promise<void>;
}

class FilterSyntaxError extends Error {}

/** Evaluates the filter grammar the store writes: =, !=, >=, <=, >, <, IN [...], NOT, AND, OR, (). */
function compileFilter(expression: string, filterable: Set<string>): (doc: Doc) => boolean {
  const tokens = expression.match(/"(?:[^"\\]|\\.)*"|\(|\)|\[|\]|,|!=|>=|<=|=|>|<|[^\s()[\],=!<>]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const token = tokens[at++];
    if (token === undefined) throw new FilterSyntaxError(`unexpected end of filter \`${expression}\``);
    return token;
  };
  const literal = (token: string): string | number =>
    token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : Number(token);
  const valuesOf = (doc: Doc, field: string): unknown[] => {
    const value = doc[field];
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  };
  const same = (a: unknown, b: string | number) => String(a) === String(b);
  const primary = (): ((doc: Doc) => boolean) => {
    const token = next();
    if (token === '(') {
      const inner = or();
      if (next() !== ')') throw new FilterSyntaxError(`missing ) in \`${expression}\``);
      return inner;
    }
    if (token === 'NOT') {
      const inner = primary();
      return (doc) => !inner(doc);
    }
    const field = token;
    if (!filterable.has(field)) throw new Error(`Attribute \`${field}\` is not filterable.`);
    const op = next();
    if (op === 'IN') {
      if (next() !== '[') throw new FilterSyntaxError(`expected [ after IN in \`${expression}\``);
      const list: (string | number)[] = [];
      while (peek() !== ']') {
        const t = next();
        if (t !== ',') list.push(literal(t));
      }
      next();
      return (doc) => valuesOf(doc, field).some((v) => list.some((l) => same(v, l)));
    }
    const operand = literal(next());
    const compare: Record<string, (v: unknown) => boolean> = {
      '=': (v) => same(v, operand),
      '>=': (v) => Number(v) >= Number(operand),
      '<=': (v) => Number(v) <= Number(operand),
      '>': (v) => Number(v) > Number(operand),
      '<': (v) => Number(v) < Number(operand),
    };
    if (op === '!=') return (doc) => !valuesOf(doc, field).some((v) => same(v, operand));
    const test = compare[op];
    if (!test) throw new FilterSyntaxError(`unknown operator ${op} in \`${expression}\``);
    return (doc) => valuesOf(doc, field).some(test);
  };
  const and = () => {
    const parts = [primary()];
    while (peek() === 'AND') {
      next();
      parts.push(primary());
    }
    return (doc: Doc) => parts.every((p) => p(doc));
  };
  const or = (): ((doc: Doc) => boolean) => {
    const parts = [and()];
    while (peek() === 'OR') {
      next();
      parts.push(and());
    }
    return (doc) => parts.some((p) => p(doc));
  };
  const compiled = or();
  if (at !== tokens.length) throw new FilterSyntaxError(`unexpected ${peek()} in \`${expression}\``);
  return compiled;
}

function filterOf(filter: unknown, filterable: Set<string>): (doc: Doc) => boolean {
  if (filter === undefined || filter === null || filter === '') return () => true;
  const parts = (Array.isArray(filter) ? filter : [filter]).map((f) => compileFilter(String(f), filterable));
  return (doc) => parts.every((p) => p(doc));
}

function sortDocs(docs: Doc[], sort: unknown): Doc[] {
  if (!Array.isArray(sort)) return docs;
  const rules = sort.map((s) => String(s).split(':') as [string, string]);
  return [...docs].sort((a, b) => {
    for (const [field, direction] of rules) {
      const [x, y] = [a[field], b[field]];
      // Documents without the field come last whichever the direction, as Meilisearch sorts.
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      const order = (x as number | string) < (y as number | string) ? -1 : x === y ? 0 : 1;
      if (order !== 0) return direction === 'desc' ? -order : order;
    }
    return 0;
  });
}

export async function startFakeMeiliServer(options: { apiKey?: string } = {}): Promise<FakeMeiliServer> {
  const indexes = new Map<string, FakeIndex>();
  const requests: string[] = [];
  const tasks: FakeTask[] = [];
  const indexOf = (uid: string) => {
    let index = indexes.get(uid);
    if (!index) {
      index = { docs: new Map(), filterable: new Set(), settings: {} };
      indexes.set(uid, index);
    }
    return index;
  };
  const applySettings = (index: FakeIndex, settings: Record<string, unknown>) => {
    index.settings = { ...index.settings, ...settings };
    const filterable = index.settings['filterableAttributes'];
    index.filterable = new Set(Array.isArray(filterable) ? filterable.map(String) : []);
  };

  const enqueue = (
    res: http.ServerResponse,
    type: string,
    indexUid: string | null,
    work: () => Record<string, unknown> | void,
  ) => {
    const task: FakeTask = {
      uid: tasks.length,
      indexUid,
      type,
      status: 'succeeded',
      error: null,
      details: {},
    };
    try {
      task.details = work() ?? {};
    } catch (error) {
      task.status = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof NotFound ? 'index_not_found' : 'invalid_document_filter';
      task.error = { code, message, type: 'invalid_request', link: '' };
    }
    tasks.push(task);
    send(res, 202, {
      taskUid: task.uid,
      indexUid,
      status: 'enqueued',
      type,
      enqueuedAt: new Date().toISOString(),
    });
  };

  const route = (method: string, url: URL, body: unknown, res: http.ServerResponse) => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'available' });
    if (method === 'GET' && url.pathname === '/version')
      return send(res, 200, { pkgVersion: '1.18.0', commitSha: 'fake', commitDate: '2026-01-01' });
    if (method === 'GET' && parts[0] === 'tasks' && parts.length === 2) {
      const task = tasks[Number(parts[1])];
      if (!task) return notFound(res, 'task_not_found', `Task \`${parts[1]}\` not found.`);
      const now = new Date().toISOString();
      return send(res, 200, { ...task, enqueuedAt: now, startedAt: now, finishedAt: now, duration: 'PT0S' });
    }
    if (method === 'POST' && url.pathname === '/indexes') {
      const { uid } = body as { uid: string };
      return enqueue(res, 'indexCreation', uid, () => {
        if (indexes.has(uid)) throw new Error(`Index \`${uid}\` already exists.`);
        indexOf(uid);
      });
    }
    if (method === 'POST' && url.pathname === '/swap-indexes') {
      return enqueue(res, 'indexSwap', null, () => {
        for (const {
          indexes: [a, b],
        } of body as { indexes: [string, string] }[]) {
          const [x, y] = [indexes.get(a), indexes.get(b)];
          if (!x || !y) throw new NotFound(`Index \`${x ? b : a}\` not found.`);
          indexes.set(a, y);
          indexes.set(b, x);
        }
      });
    }
    if (parts[0] !== 'indexes' || parts[1] === undefined) return notFound(res, 'not_found', url.pathname);
    const uid = parts[1];
    const rest = parts.slice(2).join('/');
    const existing = indexes.get(uid);
    const missing = () => notFound(res, 'index_not_found', `Index \`${uid}\` not found.`);
    if (rest === '' && method === 'GET') {
      if (!existing) return missing();
      const now = new Date().toISOString();
      return send(res, 200, { uid, primaryKey: 'docId', createdAt: now, updatedAt: now });
    }
    if (rest === '' && method === 'DELETE') {
      return enqueue(res, 'indexDeletion', uid, () => {
        if (!indexes.delete(uid)) throw new NotFound(`Index \`${uid}\` not found.`);
      });
    }
    if (rest === 'settings' && method === 'PATCH')
      return enqueue(res, 'settingsUpdate', uid, () =>
        applySettings(indexOf(uid), body as Record<string, unknown>),
      );
    if (rest === 'settings' && method === 'GET')
      return existing ? send(res, 200, existing.settings) : missing();
    if (rest === 'stats' && method === 'GET')
      return existing
        ? send(res, 200, { numberOfDocuments: existing.docs.size, isIndexing: false, fieldDistribution: {} })
        : missing();
    if (rest === 'documents' && (method === 'POST' || method === 'PUT')) {
      return enqueue(res, 'documentAdditionOrUpdate', uid, () => {
        const index = indexOf(uid);
        for (const doc of body as Doc[]) {
          const id = String(doc['docId']);
          index.docs.set(id, method === 'PUT' ? { ...index.docs.get(id), ...doc } : doc);
        }
      });
    }
    if (rest === 'documents/delete' && method === 'POST') {
      return enqueue(res, 'documentDeletion', uid, () => {
        const index = indexes.get(uid);
        if (!index) throw new NotFound(`Index \`${uid}\` not found.`);
        const matches = filterOf((body as { filter: unknown }).filter, index.filterable);
        for (const [id, doc] of index.docs) if (matches(doc)) index.docs.delete(id);
      });
    }
    if (parts[2] === 'documents' && parts.length === 4 && method === 'DELETE') {
      return enqueue(res, 'documentDeletion', uid, () => {
        indexes.get(uid)?.docs.delete(parts[3]!);
      });
    }
    if (parts[2] === 'documents' && parts.length === 4 && method === 'GET') {
      const doc = existing?.docs.get(parts[3]!);
      return doc
        ? send(res, 200, doc)
        : notFound(res, 'document_not_found', `Document \`${parts[3]}\` not found.`);
    }
    if ((rest === 'documents/fetch' && method === 'POST') || (rest === 'documents' && method === 'GET')) {
      if (!existing) return missing();
      const query = (method === 'GET' ? Object.fromEntries(url.searchParams) : body) as Record<
        string,
        unknown
      >;
      const fields = typeof query['fields'] === 'string' ? query['fields'].split(',') : query['fields'];
      let selected: Doc[];
      try {
        selected = [...existing.docs.values()].filter(filterOf(query['filter'], existing.filterable));
      } catch (error) {
        return refuse(res, 'invalid_document_filter', error);
      }
      const offset = Number(query['offset'] ?? 0);
      const limit = Number(query['limit'] ?? 20);
      const pick = (doc: Doc) =>
        Array.isArray(fields)
          ? Object.fromEntries(
              fields
                .map(String)
                .filter((f) => f in doc)
                .map((f) => [f, doc[f]]),
            )
          : doc;
      return send(res, 200, {
        results: selected.slice(offset, offset + limit).map(pick),
        offset,
        limit,
        total: selected.length,
      });
    }
    if (rest === 'search' && method === 'POST') {
      if (!existing) return missing();
      const query = body as Record<string, unknown>;
      let selected: Doc[];
      try {
        selected = sortDocs(
          [...existing.docs.values()].filter(filterOf(query['filter'], existing.filterable)),
          query['sort'],
        );
      } catch (error) {
        return refuse(res, 'invalid_search_filter', error);
      }
      // Checked after the filter, as Meilisearch refuses a filter whatever the query.
      if (typeof query['q'] === 'string' && query['q'] !== '')
        return send(res, 501, {
          message: 'full-text search is not emulated',
          code: 'not_emulated',
          type: 'internal',
          link: '',
        });
      const offset = Number(query['offset'] ?? 0);
      const limit = Number(query['limit'] ?? 20);
      const facetDistribution: Record<string, Record<string, number>> = {};
      const facets = (query['facets'] as string[] | undefined) ?? [];
      const unfilterable = facets.find((f) => !existing.filterable.has(f));
      if (unfilterable !== undefined)
        return refuse(
          res,
          'invalid_search_facets',
          new Error(`Attribute \`${unfilterable}\` is not filterable.`),
        );
      for (const facet of facets) {
        const counts: Record<string, number> = {};
        for (const doc of selected) {
          const value = doc[facet];
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            counts[String(v)] = (counts[String(v)] ?? 0) + 1;
        }
        facetDistribution[facet] = counts;
      }
      return send(res, 200, {
        hits: selected.slice(offset, offset + limit),
        query: '',
        processingTimeMs: 0,
        offset,
        limit,
        estimatedTotalHits: selected.length,
        ...(query['facets'] ? { facetDistribution } : {}),
      });
    }
    return notFound(res, 'not_found', `${method} ${url.pathname}`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(res, 403, {
          message: 'The provided API key is invalid.',
          code: 'invalid_api_key',
          type: 'auth',
          link: '',
        });
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push(`${req.method} ${url.pathname}`);
      route(req.method ?? 'GET', url, raw === '' ? undefined : (JSON.parse(raw) as unknown), res);
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop,
    start: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    documents: (uid) => {
      const index = indexes.get(uid);
      return index ? [...index.docs.values()].map((d) => ({ ...d })) : null;
    },
    setSettings: (uid, settings) => applySettings(indexOf(uid), settings),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

class NotFound extends Error {}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function notFound(res: http.ServerResponse, code: string, message: string): void {
  send(res, 404, { message, code, type: 'invalid_request', link: '' });
}

function refuse(res: http.ServerResponse, code: string, error: unknown): void {
  send(res, 400, {
    message: error instanceof Error ? error.message : String(error),
    code,
    type: 'invalid_request',
    link: '',
  });
}
