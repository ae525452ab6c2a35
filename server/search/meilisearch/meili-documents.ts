// The shapes Verbatim stores in Meilisearch, and their conversion from/to the model.
// Every document has `docId` (base64url of its natural key, see meiliDocumentId) as
// primary key. Cues and passages carry the episode revision in their key and as a field,
// so a new version is written beside the old one and the old one is deleted afterwards:
// readers never see an episode without cues.
import type {
  Clip,
  Cue,
  Episode,
  EpisodeAtCut,
  EpisodeWithCues,
  Pack,
  PackItem,
  Show,
  WordTiming,
} from '../../model/types.ts';
import type { StoredClip, StoredPack } from '../../store/archive-store.ts';
import { buildPassages, PASSAGE_CUTS_VERSION, type Passage } from '../passages.ts';
import { foldText } from '../text-fold.ts';
import { meiliDocumentId } from './meili-client.ts';
import { isoDateToDay } from './meili-filter.ts';

/**
 * Cues per cue document. A 3-hour episode has ~3,000 cues (and with word timings ~30,000
 * words): one document per episode would be several MB, re-sent whole on every change and
 * read whole for any page; 250 cues keep a document near 100 KB even with word timings.
 */
export const CUES_PER_DOCUMENT = 250;

export interface ShowDocument extends Show {
  docId: string;
  titleSort: string;
}

export interface EpisodeDocument extends Episode {
  docId: string;
  /** YYYYMMDD, absent when the episode has no date (sorts last, like SQL NULLS LAST). */
  dateDay?: number;
  titleSort: string;
  /**
   * SHA-256 of the transcript's bytes (tells a renamed or moved file from a new one) and the
   * files' stat key (see ingest); absent from documents written before, or not by ingest.
   */
  transcriptSha256?: string | null;
  fileStat?: string | null;
}

/** An old id of an episode whose file was renamed or moved: its links lead to `toId`. */
export interface RedirectDocument {
  docId: string;
  fromId: string;
  toId: string;
}

export function redirectToDocument(fromId: string, toId: string): RedirectDocument {
  return { docId: meiliDocumentId(fromId), fromId, toId };
}

/** A cue with word timings stored compactly as `[text, start, end]`. */
export interface StoredCue {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
  words?: [string, number, number][];
}

export interface CueChunkDocument {
  docId: string;
  episodeId: string;
  revision: string;
  chunk: number;
  cues: StoredCue[];
}

export interface PassageDocument extends Passage {
  docId: string;
  revision: string;
  /**
   * PASSAGE_CUTS_VERSION of the code that cut it (absent: written before passages recorded
   * it): passages cut by an earlier version mark the index outdated (meili-archive.ts).
   */
  cuts?: number;
  /** YYYYMMDD for the date filter and the newest/oldest sort; absent when undated. */
  dateDay?: number;
  /** Seconds where the passage starts (orders moments inside an episode). */
  start: number;
}

export interface ClipDocument extends Omit<Clip, 'episodeAtCut'> {
  docId: string;
  editTokenHash: string;
  /** Absent from documents written before clips kept their episode's details. */
  episodeAtCut?: EpisodeAtCut | null;
}

export interface PackDocument {
  docId: string;
  id: string;
  title: string;
  intro: string | null;
  items: PackItem[];
  createdAt: string;
  editTokenHash: string;
}

export function dateDayOf(date: string | null): number | undefined {
  if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  try {
    return isoDateToDay(date);
  } catch {
    return undefined;
  }
}

export function showToDocument(show: Show): ShowDocument {
  return { ...show, docId: meiliDocumentId(show.id), titleSort: foldText(show.title) };
}

export function documentToShow(doc: ShowDocument): Show {
  return {
    id: doc.id,
    title: doc.title,
    description: doc.description ?? null,
    language: doc.language ?? null,
    url: doc.url ?? null,
    image: doc.image ?? null,
    license: doc.license ?? null,
  };
}

export function episodeToDocument(
  episode: Episode,
  keys: { transcriptSha256?: string | null; fileStat?: string | null } = {},
): EpisodeDocument {
  const doc: EpisodeDocument = {
    ...episode,
    docId: meiliDocumentId(episode.id),
    titleSort: foldText(episode.title),
    transcriptSha256: keys.transcriptSha256 ?? null,
    fileStat: keys.fileStat ?? null,
  };
  const day = dateDayOf(episode.date);
  if (day !== undefined) doc.dateDay = day;
  return doc;
}

export function documentToEpisode(doc: EpisodeDocument): Episode {
  return {
    id: doc.id,
    showId: doc.showId,
    title: doc.title,
    date: doc.date ?? null,
    language: doc.language ?? null,
    speakers: doc.speakers ?? [],
    media: doc.media ?? null,
    mediaType: doc.mediaType ?? null,
    url: doc.url ?? null,
    license: doc.license ?? null,
    tags: doc.tags ?? [],
    chapters: doc.chapters ?? [],
    duration: doc.duration,
    source: doc.source,
    format: doc.format,
    revision: doc.revision,
    cueCount: doc.cueCount,
  };
}

function storeCue(cue: Cue): StoredCue {
  const stored: StoredCue = { start: cue.start, end: cue.end, speaker: cue.speaker, text: cue.text };
  if (cue.words && cue.words.length > 0) stored.words = cue.words.map((w) => [w.text, w.start, w.end]);
  return stored;
}

function loadCue(stored: StoredCue): Cue {
  const cue: Cue = {
    start: stored.start,
    end: stored.end,
    speaker: stored.speaker ?? null,
    text: stored.text,
  };
  if (stored.words && stored.words.length > 0) {
    cue.words = stored.words.map(([text, start, end]): WordTiming => ({ text, start, end }));
  }
  return cue;
}

export function cuesToDocuments(episode: Episode, cues: readonly Cue[]): CueChunkDocument[] {
  const docs: CueChunkDocument[] = [];
  for (let i = 0, chunk = 0; i < cues.length; i += CUES_PER_DOCUMENT, chunk++) {
    docs.push({
      docId: meiliDocumentId(episode.id, episode.revision, String(chunk)),
      episodeId: episode.id,
      revision: episode.revision,
      chunk,
      cues: cues.slice(i, i + CUES_PER_DOCUMENT).map(storeCue),
    });
  }
  return docs;
}

/** Reassembles an episode's cues from its chunk documents, in order. */
export function documentsToCues(docs: readonly CueChunkDocument[]): Cue[] {
  return [...docs].sort((a, b) => a.chunk - b.chunk).flatMap((d) => d.cues.map(loadCue));
}

export function passageToDocument(passage: Passage, revision: string): PassageDocument {
  const doc: PassageDocument = {
    ...passage,
    docId: meiliDocumentId(passage.episodeId, revision, String(passage.ordinal)),
    revision,
    cuts: PASSAGE_CUTS_VERSION,
    start: passage.spans[0]?.start ?? 0,
  };
  const day = dateDayOf(passage.date);
  if (day !== undefined) doc.dateDay = day;
  return doc;
}

export function episodePassageDocuments(data: EpisodeWithCues, show: Show): PassageDocument[] {
  return buildPassages(data, show).map((p) => passageToDocument(p, data.episode.revision));
}

/** The Passage back from a search hit (drops Meilisearch's and our extra fields). */
export function documentToPassage(doc: PassageDocument): Passage {
  return {
    id: doc.id,
    ordinal: doc.ordinal,
    episodeId: doc.episodeId,
    showId: doc.showId,
    language: doc.language ?? null,
    date: doc.date ?? null,
    year: doc.year ?? null,
    speakers: doc.speakers ?? [],
    text: doc.text,
    spans: doc.spans,
    episode: doc.episode,
  };
}

export function clipToDocument(stored: StoredClip): ClipDocument {
  return { ...stored.clip, docId: meiliDocumentId(stored.clip.id), editTokenHash: stored.editTokenHash };
}

export function documentToClip(doc: ClipDocument): StoredClip {
  return {
    clip: {
      id: doc.id,
      episodeId: doc.episodeId,
      start: doc.start,
      end: doc.end,
      title: doc.title ?? null,
      note: doc.note ?? null,
      quote: doc.quote,
      revision: doc.revision,
      createdAt: doc.createdAt,
      // Clip documents written before clips kept their episode's details have none.
      episodeAtCut: doc.episodeAtCut ?? null,
    },
    editTokenHash: doc.editTokenHash,
  };
}

export function packToDocument(stored: StoredPack): PackDocument {
  const p: Pack = stored.pack;
  return {
    docId: meiliDocumentId(p.id),
    id: p.id,
    title: p.title,
    intro: p.intro,
    items: p.items,
    createdAt: p.createdAt,
    editTokenHash: stored.editTokenHash,
  };
}

export function documentToPack(doc: PackDocument): StoredPack {
  return {
    pack: {
      id: doc.id,
      title: doc.title,
      intro: doc.intro ?? null,
      items: doc.items ?? [],
      createdAt: doc.createdAt,
    },
    editTokenHash: doc.editTokenHash,
  };
}
