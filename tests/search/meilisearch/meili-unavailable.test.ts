import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { MeilisearchApiError } from 'meilisearch';
import { BackendUnavailableError, ValidationError, VerbatimError } from '../../../server/errors.ts';
import {
  openMeiliArchive,
  unsupportedVersionReason,
} from '../../../server/search/meilisearch/meili-archive.ts';
import {
  createMeiliClient,
  meiliIndexNames,
  toVerbatimError,
} from '../../../server/search/meilisearch/meili-client.ts';
import { MeiliSearchBackend } from '../../../server/search/meilisearch/meili-search-backend.ts';
import { MeiliStore } from '../../../server/store/meili-store.ts';

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an unreachable Meilisearch server', () => {
  it('fails opening the archive with an error naming MEILI_URL and the cause', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const opening = openMeiliArchive({ meiliUrl: url, meiliKey: 'k', meiliIndexPrefix: 'verbatim' });
    await expect(opening).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(opening).rejects.toThrow(`Meilisearch at ${url} (MEILI_URL)`);
    await expect(opening).rejects.toThrow(/connection refused/);
    await expect(opening).rejects.toMatchObject({ status: 503, code: 'backend_unavailable' });
  });

  it('fails a search and a store read with the same clear error, and reports unhealthy', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const connection = { url, apiKey: undefined, indexPrefix: 'verbatim', requestTimeoutMs: 2_000 };
    const client = createMeiliClient(connection);
    const names = meiliIndexNames('verbatim');
    const search = new MeiliSearchBackend({ client, connection, passagesIndex: names.passages });
    const request = {
      q: 'reconnaissance faciale',
      filters: {},
      sort: 'relevance',
      group: 'none',
      limit: 10,
      offset: 0,
    } as const;
    await expect(search.search(request)).rejects.toThrow(
      /cannot reach Meilisearch at .* \(MEILI_URL\).*connection refused/,
    );
    const store = new MeiliStore({ client, connection, names });
    await expect(store.getEpisode('recours-lycees')).rejects.toBeInstanceOf(BackendUnavailableError);
    const health = await search.health();
    expect(health.ok).toBe(false);
    expect(health.reason).toContain(url);
  });

  it('needs MEILI_URL to open at all', async () => {
    await expect(
      openMeiliArchive({ meiliUrl: undefined, meiliKey: undefined, meiliIndexPrefix: 'v' }),
    ).rejects.toThrow(ValidationError);
  });
});

describe('Meilisearch API errors', () => {
  const connection = { url: 'http://meili.example:7700' };
  const apiError = (status: number, code: string) =>
    new MeilisearchApiError(new Response(null, { status }), {
      message: `${code} happened`,
      code,
      type: 'x',
      link: '',
    });

  it('tells the operator to check MEILI_MASTER_KEY when the key is refused', () => {
    const mapped = toVerbatimError(apiError(403, 'invalid_api_key'), connection, 'searching');
    expect(mapped).toBeInstanceOf(BackendUnavailableError);
    expect(mapped.message).toMatch(/MEILI_MASTER_KEY/);
  });

  it('reports server failures as unavailable and other API errors as internal', () => {
    expect(toVerbatimError(apiError(500, 'internal'), connection, 'searching')).toBeInstanceOf(
      BackendUnavailableError,
    );
    const other = toVerbatimError(apiError(400, 'invalid_document_fields'), connection, 'saving');
    expect(other).toBeInstanceOf(VerbatimError);
    expect((other as VerbatimError).status).toBe(500);
    expect(other.message).toContain('invalid_document_fields');
  });
});

describe('the Meilisearch server version', () => {
  it('accepts 1.18 and newer and explains why an older server is refused', () => {
    expect(unsupportedVersionReason('1.18.0')).toBeNull();
    expect(unsupportedVersionReason('1.27.1')).toBeNull();
    expect(unsupportedVersionReason('2.0.0')).toBeNull();
    expect(unsupportedVersionReason('1.9.3')).toMatch(/1\.9\.3 is too old: Verbatim needs 1\.18 or newer/);
  });
});
