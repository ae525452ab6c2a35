// The Meilisearch factory of the search contract suite (tests/search/search-backends.ts):
// used only when MEILI_URL is set. Each run gets its own index prefix, filled through the
// real MeiliStore, and deletes its indexes when closed.
import { randomBytes } from 'node:crypto';
import {
  deleteIndexAndWait,
  meiliConnectionFromConfig,
  openMeiliArchive,
} from '../../../server/search/meilisearch/meili-archive.ts';
import {
  allIndexUids,
  createMeiliClient,
  meiliIndexNames,
} from '../../../server/search/meilisearch/meili-client.ts';
import type { OpenSearchBackend } from '../search-backends.ts';

/** A prefix of its own for one test run, so runs sharing a server never see each other's indexes. */
export function meiliTestIndexPrefix(): string {
  return `verbatim_test_${randomBytes(4).toString('hex')}`;
}

/** Deletes every index of the archive with this prefix (those absent are no error). */
export async function deleteMeiliTestIndexes(config: {
  meiliUrl: string | undefined;
  meiliKey: string | undefined;
  meiliIndexPrefix: string;
}): Promise<void> {
  const connection = meiliConnectionFromConfig(config);
  const client = createMeiliClient(connection);
  for (const uid of allIndexUids(meiliIndexNames(config.meiliIndexPrefix)))
    await deleteIndexAndWait(client, connection, uid);
}

export const openMeiliTestBackend: OpenSearchBackend = async (archive) => {
  const config = {
    meiliUrl: process.env.MEILI_URL,
    meiliKey: process.env.MEILI_MASTER_KEY,
    meiliIndexPrefix: meiliTestIndexPrefix(),
  };
  const meili = await openMeiliArchive(config);
  const close = () => deleteMeiliTestIndexes(config);
  try {
    for (const show of archive.shows) await meili.store.upsertShow(show);
    for (const episode of archive.episodes) await meili.store.replaceEpisode(episode);
  } catch (error) {
    // A fill that fails still leaves no test index behind on the server.
    await close();
    throw error;
  }
  return { search: meili.search, close };
};
