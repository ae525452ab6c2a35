// The Meilisearch factory of the search contract suite (tests/search/search-backends.ts):
// used only when MEILI_URL is set. Each run gets its own index prefix, filled through the
// real MeiliStore, and deletes its indexes when closed.
import { randomBytes } from 'node:crypto';
import {
  deleteIndexAndWait,
  meiliConnectionFromConfig,
  openMeiliArchive,
} from '../../../server/search/meilisearch/meili-archive.ts';
import { allIndexUids } from '../../../server/search/meilisearch/meili-client.ts';
import type { OpenSearchBackend } from '../search-backends.ts';

export const openMeiliTestBackend: OpenSearchBackend = async (archive) => {
  const config = {
    meiliUrl: process.env.MEILI_URL,
    meiliKey: process.env.MEILI_MASTER_KEY,
    meiliIndexPrefix: `verbatim_test_${randomBytes(4).toString('hex')}`,
  };
  const meili = await openMeiliArchive(config);
  const close = async () => {
    const connection = meiliConnectionFromConfig(config);
    for (const uid of allIndexUids(meili.names)) await deleteIndexAndWait(meili.client, connection, uid);
  };
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
