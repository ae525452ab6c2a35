// The archive store on Meilisearch indexes (`<prefix>_shows`, `_episodes`, `_cues`,
// `_passages`, `_clips`, `_packs`), so API servers keep no local state and can be
// replicated. Every write waits for its Meilisearch tasks before it resolves.
//
// Replacing an episode is ordered so readers never see it half-written: the new
// revision's cue chunks and passages are added beside the old ones (their ids carry the
// revision), then the episode document (which names the current revision) is replaced,
// then the old revision's documents are deleted. A crash between steps leaves the previous
// version readable; the next replace of that episode removes any leftovers.
import type { DocumentsQuery, Index, Meilisearch, RecordAny } from 'meilisearch';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Cue, Episode, Show } from '../model/types.ts';
import type {
  ArchiveCounts,
  ArchiveStore,
  EpisodePage,
  EpisodeRedirect,
  IngestKeys,
  IngestRecord,
  IngestedEpisode,
  ShowSummary,
  StoredClip,
  StoredPack,
} from './archive-store.ts';
import {
  MEILI_PRIMARY_KEY,
  isMeiliNotFound,
  meiliCall,
  meiliDocumentId,
  runTask,
  runTasks,
  type MeiliConnection,
  type MeiliIndexNames,
} from '../search/meilisearch/meili-client.ts';
import {
  clipToDocument,
  cuesToDocuments,
  documentToClip,
  documentToEpisode,
  documentToPack,
  documentToShow,
  documentsToCues,
  episodePassageDocuments,
  episodeToDocument,
  packToDocument,
  redirectToDocument,
  showToDocument,
  type ClipDocument,
  type CueChunkDocument,
  type EpisodeDocument,
  type PackDocument,
  type RedirectDocument,
  type ShowDocument,
} from '../search/meilisearch/meili-documents.ts';
import {
  inFilter,
  joinFilter,
  olderRevisionsFilter,
  quoteFilterValue,
} from '../search/meilisearch/meili-filter.ts';

/** Documents per addDocuments request: passages with their maps are ~2–4 KB each. */
export const MEILI_WRITE_BATCH = 500;
/** Episodes written together by replaceEpisodes (bounds request and filter size). */
export const MEILI_EPISODES_PER_BATCH = 50;
/** Documents per page when reading a whole index (getDocuments). */
const READ_PAGE = 1_000;

/** What tells an episode's transcript apart when its file moves (as in the embedded store). */
interface FileKeys {
  revision: string;
  transcriptSha256: string | null;
}

const FILE_KEY_FIELDS = ['id', 'revision', 'transcriptSha256'];

function fileKeysOf(doc: { revision: string; transcriptSha256?: string | null }): FileKeys {
  return { revision: doc.revision, transcriptSha256: doc.transcriptSha256 ?? null };
}

/** Both hashes known and equal: the very same transcript words. */
function sameTranscript(a: FileKeys, b: FileKeys): boolean {
  return a.transcriptSha256 !== null && a.transcriptSha256 === b.transcriptSha256;
}

export interface MeiliStoreOptions {
  client: Meilisearch;
  connection: MeiliConnection;
  names: MeiliIndexNames;
}

export class MeiliStore implements ArchiveStore {
  readonly kind = 'meilisearch' as const;
  // Meilisearch queues writes itself: two ingests cannot make each other's writes fail.
  readonly ingestLockFile = null;
  readonly client: Meilisearch;
  readonly names: MeiliIndexNames;
  private readonly connection: MeiliConnection;

  constructor(options: MeiliStoreOptions) {
    this.client = options.client;
    this.connection = options.connection;
    this.names = options.names;
  }

  private index<T extends RecordAny>(uid: string): Index<T> {
    return this.client.index<T>(uid);
  }

  /** Adds documents in batches and waits for every batch's task. */
  async addDocuments<T extends RecordAny>(uid: string, docs: readonly T[], doing: string): Promise<void> {
    if (docs.length === 0) return;
    const index = this.index<T>(uid);
    const enqueued = [];
    for (let i = 0; i < docs.length; i += MEILI_WRITE_BATCH) {
      const batch = docs.slice(i, i + MEILI_WRITE_BATCH);
      enqueued.push(index.addDocuments(batch, { primaryKey: MEILI_PRIMARY_KEY }));
    }
    await runTasks(this.connection, doing, enqueued);
  }

  private async deleteByFilter(uid: string, conditions: string[], doing: string): Promise<void> {
    await runTask(this.connection, doing, () =>
      this.index(uid).deleteDocuments({ filter: joinFilter(conditions) }),
    );
  }

  private async getById<T extends RecordAny>(uid: string, docId: string, doing: string): Promise<T | null> {
    return meiliCall(this.connection, doing, async () => {
      try {
        return await this.index<T>(uid).getDocument<T>(docId);
      } catch (error) {
        if (isMeiliNotFound(error)) return null;
        throw error;
      }
    });
  }

  /** Reads every document matching a filter, page by page. */
  private async readAll<T extends RecordAny>(
    uid: string,
    doing: string,
    query: { filter?: string[]; fields?: string[] } = {},
  ): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += READ_PAGE) {
      const page = await meiliCall(this.connection, doing, () =>
        this.index<T>(uid).getDocuments({
          offset,
          limit: READ_PAGE,
          ...(query.filter && query.filter.length > 0 ? { filter: query.filter } : {}),
          ...(query.fields ? { fields: query.fields } : {}),
        } as DocumentsQuery<T>),
      );
      out.push(...page.results);
      if (page.results.length < READ_PAGE || out.length >= page.total) return out;
    }
  }

  private async countDocuments(uid: string, filter: string[] | undefined, doing: string): Promise<number> {
    const page = await meiliCall(this.connection, doing, () =>
      this.index(uid).getDocuments({
        limit: 1,
        fields: [MEILI_PRIMARY_KEY],
        ...(filter && filter.length > 0 ? { filter } : {}),
      }),
    );
    return page.total;
  }

  // ---- shows ----

  async upsertShow(show: Show): Promise<void> {
    await this.addDocuments(this.names.shows, [showToDocument(show)], `saving show ${show.id}`);
  }

  async getShow(id: string): Promise<Show | null> {
    const doc = await this.getById<ShowDocument>(this.names.shows, meiliDocumentId(id), `reading show ${id}`);
    return doc ? documentToShow(doc) : null;
  }

  async getShowSummary(id: string): Promise<ShowSummary | null> {
    const [show, episodeCount] = await Promise.all([
      this.getShow(id),
      this.countDocuments(
        this.names.episodes,
        [`showId = ${quoteFilterValue(id)}`],
        `counting episodes of show ${id}`,
      ),
    ]);
    return show ? { ...show, episodeCount } : null;
  }

  async listShows(): Promise<ShowSummary[]> {
    const [docs, counts] = await Promise.all([
      this.readAll<ShowDocument>(this.names.shows, 'listing shows'),
      this.episodeCountsByShow(),
    ]);
    return docs
      .sort((a, b) => a.titleSort.localeCompare(b.titleSort) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((doc) => ({ ...documentToShow(doc), episodeCount: counts[doc.id] ?? 0 }));
  }

  private async episodeCountsByShow(): Promise<Record<string, number>> {
    const result = await meiliCall(this.connection, 'counting episodes per show', () =>
      this.index(this.names.episodes).search(null, { limit: 0, facets: ['showId'] }),
    );
    return result.facetDistribution?.['showId'] ?? {};
  }

  async removeShow(id: string): Promise<void> {
    const n = await this.countDocuments(
      this.names.episodes,
      [`showId = ${quoteFilterValue(id)}`],
      `counting episodes of show ${id}`,
    );
    if (n > 0)
      throw new ConflictError(`Show ${id} still has ${n} episode(s); remove them first`, {
        showId: id,
        episodes: n,
      });
    await runTask(this.connection, `removing show ${id}`, () =>
      this.index(this.names.shows).deleteDocument(meiliDocumentId(id)),
    );
  }

  // ---- episodes ----

  replaceEpisode(data: IngestedEpisode): Promise<void> {
    return this.replaceEpisodes([data]);
  }

  /**
   * Bulk path for ingest: the same steps as replaceEpisode for up to
   * MEILI_EPISODES_PER_BATCH episodes at a time, so a folder of transcripts costs a few
   * tasks per batch instead of six per episode.
   */
  async replaceEpisodes(batch: readonly IngestedEpisode[]): Promise<void> {
    for (let i = 0; i < batch.length; i += MEILI_EPISODES_PER_BATCH) {
      await this.replaceBatch(batch.slice(i, i + MEILI_EPISODES_PER_BATCH));
    }
  }

  private async replaceBatch(batch: readonly IngestedEpisode[]): Promise<void> {
    if (batch.length === 0) return;
    const shows = new Map<string, Show>();
    for (const showId of new Set(batch.map((d) => d.episode.showId))) {
      const show = await this.getShow(showId);
      if (!show) throw new NotFoundError('Show', showId);
      shows.set(showId, show);
    }
    const stored: IngestedEpisode[] = batch.map((data) => ({
      ...data,
      episode:
        data.episode.cueCount === data.cues.length
          ? data.episode
          : { ...data.episode, cueCount: data.cues.length },
    }));
    const label = stored.length === 1 ? (stored[0]?.episode.id ?? '') : `${stored.length} episodes`;
    const newIds = stored.map((d) => d.episode.id);

    // The versions these replace, and the source as the episode's identity on disk: if the
    // same file had another id before, that old episode goes, its clips and links following
    // it (as in the embedded store).
    const before = await this.readAll<EpisodeDocument>(
      this.names.episodes,
      `looking up sources of ${label}`,
      {
        filter: [
          `(${inFilter('id', newIds)}) OR (${inFilter(
            'source',
            stored.map((d) => d.episode.source),
          )})`,
        ],
        fields: [...FILE_KEY_FIELDS, 'source'],
      },
    );
    const redirectsFromNewIds = await this.readAll<RedirectDocument>(
      this.names.redirects,
      `looking up old links to ${label}`,
      { filter: [inFilter('fromId', newIds)], fields: ['fromId'] },
    );

    await this.addDocuments(
      this.names.cues,
      stored.flatMap((d) => cuesToDocuments(d.episode, d.cues)),
      `saving cues of ${label}`,
    );
    await this.addDocuments(
      this.names.passages,
      stored.flatMap((d) => episodePassageDocuments(d, shows.get(d.episode.showId)!)),
      `indexing passages of ${label}`,
    );
    await this.addDocuments(
      this.names.episodes,
      stored.map((d) => episodeToDocument(d.episode, d)),
      `saving ${label}`,
    );
    // An id in the archive is a page of its own, no longer a moved episode's old address.
    if (redirectsFromNewIds.length > 0) {
      await this.deleteByFilter(
        this.names.redirects,
        [inFilter('fromId', newIds)],
        `removing old links to ${label}`,
      );
    }

    // Only now, with the new revision readable, do the old revision's documents go.
    const olderFilter = olderRevisionsFilter(stored.map((d) => d.episode));
    await runTask(this.connection, `removing old passages of ${label}`, () =>
      this.index(this.names.passages).deleteDocuments({ filter: olderFilter }),
    );
    await runTask(this.connection, `removing old cues of ${label}`, () =>
      this.index(this.names.cues).deleteDocuments({ filter: olderFilter }),
    );
    const beforeById = new Map(before.map((d) => [d.id, d]));
    const written = new Set(newIds);
    for (const data of stored) {
      const keys = fileKeysOf({ ...data, revision: data.episode.revision });
      const replaced = beforeById.get(data.episode.id);
      // A clip cut from these very words is not flagged "transcript edited" by a new revision.
      if (replaced && sameTranscript(fileKeysOf(replaced), keys)) {
        await this.moveClips(data.episode.id, data.episode.id, replaced.revision, keys.revision);
      }
      // An id this batch wrote again (two files swapping ids) is an episode still: it stays.
      const previous = before.find((d) => d.source === data.episode.source && !written.has(d.id));
      if (previous) {
        await this.followMove(previous.id, fileKeysOf(previous), data.episode.id, keys);
        await this.deleteEpisodeDocuments(previous.id);
      }
    }
  }

  /**
   * The episode `fromId` is now `toId`: its file was renamed or moved. Its clips move to
   * `toId` (keeping their revision when the words are the same), and its old id, and any
   * id that led to it, redirect there.
   */
  private async followMove(fromId: string, from: FileKeys, toId: string, to: FileKeys): Promise<void> {
    await this.moveClips(fromId, toId, sameTranscript(from, to) ? from.revision : null, to.revision);
    const leadingToOld = await this.readAll<RedirectDocument>(
      this.names.redirects,
      `reading old links to ${fromId}`,
      { filter: [inFilter('toId', [fromId])] },
    );
    await this.addDocuments(
      this.names.redirects,
      [...leadingToOld.map((r) => redirectToDocument(r.fromId, toId)), redirectToDocument(fromId, toId)],
      `leading old links of ${fromId} to ${toId}`,
    );
    await this.deleteByFilter(
      this.names.redirects,
      [inFilter('fromId', [toId])],
      `removing old links to ${toId}`,
    );
  }

  /** Puts the clips of `fromId` on `toId`; those cut from `revision` (when given) get `newRevision`. */
  private async moveClips(
    fromId: string,
    toId: string,
    revision: string | null,
    newRevision: string,
  ): Promise<void> {
    const clips = await this.readAll<ClipDocument>(this.names.clips, `reading clips of ${fromId}`, {
      filter: [inFilter('episodeId', [fromId])],
    });
    const moved = clips
      .map((clip) => ({
        ...clip,
        episodeId: toId,
        revision: revision !== null && clip.revision === revision ? newRevision : clip.revision,
      }))
      .filter((clip, i) => clip.episodeId !== clips[i]!.episodeId || clip.revision !== clips[i]!.revision);
    await this.addDocuments(this.names.clips, moved, `moving clips of ${fromId} to ${toId}`);
  }

  async redirectEpisode(fromId: string, toId: string): Promise<boolean> {
    const [from, to] = await Promise.all(
      [fromId, toId].map((id) =>
        this.getById<EpisodeDocument>(this.names.episodes, meiliDocumentId(id), `reading episode ${id}`),
      ),
    );
    if (!from) return false;
    if (!to) throw new NotFoundError('Episode', toId);
    // Clips and links first: a stop between the steps leaves both episodes, never a lost clip.
    await this.followMove(fromId, fileKeysOf(from), toId, fileKeysOf(to));
    await this.deleteEpisodeDocuments(fromId);
    return true;
  }

  async saveRedirects(redirects: readonly EpisodeRedirect[]): Promise<void> {
    await this.addDocuments(
      this.names.redirects,
      redirects.map((r) => redirectToDocument(r.fromId, r.toId)),
      `saving ${redirects.length} old links of moved episodes`,
    );
  }

  async setIngestKeys(entries: readonly IngestKeys[]): Promise<void> {
    if (entries.length === 0) return;
    const index = this.index(this.names.episodes);
    const updates = entries.map((e) => ({
      docId: meiliDocumentId(e.episodeId),
      transcriptSha256: e.transcriptSha256,
      fileStat: e.fileStat,
    }));
    const enqueued = [];
    for (let i = 0; i < updates.length; i += MEILI_WRITE_BATCH) {
      enqueued.push(
        index.updateDocuments(updates.slice(i, i + MEILI_WRITE_BATCH), { primaryKey: MEILI_PRIMARY_KEY }),
      );
    }
    await runTasks(
      this.connection,
      `recording what ingest read of ${entries.length} unchanged files`,
      enqueued,
    );
  }

  /** Deletes an episode's search documents, cues and document; false when it was not stored. */
  private async deleteEpisodeDocuments(id: string): Promise<boolean> {
    const existing = await this.getById<EpisodeDocument>(
      this.names.episodes,
      meiliDocumentId(id),
      `reading episode ${id}`,
    );
    const byEpisode = [`episodeId = ${quoteFilterValue(id)}`];
    // Search documents first, so a removed episode stops matching before its cues go.
    await this.deleteByFilter(this.names.passages, byEpisode, `removing passages of ${id}`);
    await this.deleteByFilter(this.names.cues, byEpisode, `removing cues of ${id}`);
    if (!existing) return false;
    await runTask(this.connection, `removing episode ${id}`, () =>
      this.index(this.names.episodes).deleteDocument(meiliDocumentId(id)),
    );
    return true;
  }

  async removeEpisode(id: string): Promise<boolean> {
    // Its old ids lead nowhere now: they answer 404 as the id itself does.
    await this.deleteByFilter(this.names.redirects, [inFilter('toId', [id])], `removing old links to ${id}`);
    return this.deleteEpisodeDocuments(id);
  }

  async getEpisode(id: string): Promise<Episode | null> {
    const doc = await this.getById<EpisodeDocument>(
      this.names.episodes,
      meiliDocumentId(id),
      `reading episode ${id}`,
    );
    return doc ? documentToEpisode(doc) : null;
  }

  async getCues(episodeId: string): Promise<Cue[]> {
    const episode = await this.getEpisode(episodeId);
    if (!episode) return [];
    const docs = await this.readAll<CueChunkDocument>(this.names.cues, `reading cues of ${episodeId}`, {
      filter: [
        `episodeId = ${quoteFilterValue(episodeId)}`,
        `revision = ${quoteFilterValue(episode.revision)}`,
      ],
    });
    return documentsToCues(docs);
  }

  async listEpisodes(query: { showId?: string; limit: number; offset: number }): Promise<EpisodePage> {
    const filter = query.showId === undefined ? [] : [inFilter('showId', [query.showId])];
    const [total, result] = await Promise.all([
      this.countDocuments(this.names.episodes, filter, 'counting episodes'),
      query.limit <= 0
        ? Promise.resolve({ hits: [] as EpisodeDocument[] })
        : meiliCall(this.connection, 'listing episodes', () =>
            this.index<EpisodeDocument>(this.names.episodes).search(null, {
              ...(filter.length > 0 ? { filter } : {}),
              // Same order as the embedded store: newest first, undated last, then title, id.
              sort: ['dateDay:desc', 'titleSort:asc', 'id:asc'],
              offset: query.offset,
              limit: query.limit,
            }),
          ),
    ]);
    return { total, items: result.hits.map((hit) => documentToEpisode(hit)) };
  }

  async listIngestRecords(): Promise<IngestRecord[]> {
    const docs = await this.readAll<EpisodeDocument>(this.names.episodes, 'listing ingest records', {
      fields: [...FILE_KEY_FIELDS, 'source', 'fileStat'],
    });
    return docs
      .map((d) => ({
        episodeId: d.id,
        source: d.source,
        revision: d.revision,
        transcriptSha256: d.transcriptSha256 ?? null,
        fileStat: d.fileStat ?? null,
      }))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }

  async episodeRedirect(id: string): Promise<string | null> {
    const doc = await this.getById<RedirectDocument>(
      this.names.redirects,
      meiliDocumentId(id),
      `reading where episode ${id} moved`,
    );
    return doc?.toId ?? null;
  }

  async counts(): Promise<ArchiveCounts> {
    const [shows, episodes, byCueCount, clips, packs] = await Promise.all([
      this.countDocuments(this.names.shows, undefined, 'counting shows'),
      this.countDocuments(this.names.episodes, undefined, 'counting episodes'),
      // Episodes per cue count, summed: one request whatever the archive's size (health
      // asks often; reading every episode took a request per 1,000 of them).
      meiliCall(this.connection, 'counting cues', () =>
        this.index(this.names.episodes).search(null, { limit: 0, facets: ['cueCount'] }),
      ),
      this.countDocuments(this.names.clips, undefined, 'counting clips'),
      this.countDocuments(this.names.packs, undefined, 'counting packs'),
    ]);
    const cues = Object.entries(byCueCount.facetDistribution?.['cueCount'] ?? {}).reduce(
      (sum, [cueCount, episodesWithIt]) => sum + Number(cueCount) * episodesWithIt,
      0,
    );
    return { shows, episodes, cues, clips, packs };
  }

  // ---- clips and packs ----

  async saveClip(stored: StoredClip): Promise<void> {
    await this.addDocuments(this.names.clips, [clipToDocument(stored)], `saving clip ${stored.clip.id}`);
  }

  async getClip(id: string): Promise<StoredClip | null> {
    const doc = await this.getById<ClipDocument>(this.names.clips, meiliDocumentId(id), `reading clip ${id}`);
    return doc ? documentToClip(doc) : null;
  }

  async deleteClip(id: string): Promise<boolean> {
    return this.deleteIfPresent(this.names.clips, id, `deleting clip ${id}`);
  }

  async savePack(stored: StoredPack): Promise<void> {
    await this.addDocuments(this.names.packs, [packToDocument(stored)], `saving pack ${stored.pack.id}`);
  }

  async getPack(id: string): Promise<StoredPack | null> {
    const doc = await this.getById<PackDocument>(this.names.packs, meiliDocumentId(id), `reading pack ${id}`);
    return doc ? documentToPack(doc) : null;
  }

  async deletePack(id: string): Promise<boolean> {
    return this.deleteIfPresent(this.names.packs, id, `deleting pack ${id}`);
  }

  private async deleteIfPresent(uid: string, id: string, doing: string): Promise<boolean> {
    const docId = meiliDocumentId(id);
    const existing = await this.getById(uid, docId, doing);
    if (!existing) return false;
    await runTask(this.connection, doing, () => this.index(uid).deleteDocument(docId));
    return true;
  }

  close(): Promise<void> {
    // HTTP only: nothing to flush or release.
    return Promise.resolve();
  }
}

export function isMeiliStore(store: ArchiveStore): store is MeiliStore {
  return store instanceof MeiliStore;
}
