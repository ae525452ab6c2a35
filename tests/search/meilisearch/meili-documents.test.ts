import { describe, expect, it } from 'vitest';
import {
  allIndexUids,
  meiliDocumentId,
  meiliIndexNames,
} from '../../../server/search/meilisearch/meili-client.ts';
import {
  CUES_PER_DOCUMENT,
  clipToDocument,
  cuesToDocuments,
  documentToClip,
  documentToEpisode,
  documentToPack,
  documentToPassage,
  documentsToCues,
  episodePassageDocuments,
  episodeToDocument,
  packToDocument,
} from '../../../server/search/meilisearch/meili-documents.ts';
import { buildPassages } from '../../../server/search/passages.ts';
import {
  fixtureShow,
  threeHourEpisode,
  wordTimedEpisode,
} from '../../fixtures/meilisearch/archive-fixture.ts';
import { recoursEpisodeAtCut } from '../../fixtures/clips/episode-at-cut.ts';

describe('Meilisearch document ids', () => {
  it('are always in the charset Meilisearch accepts, even for ids with dots or accents', () => {
    for (const id of ['show--episode.2024', 'émission/épisode 1', 'a:b', 'x'.repeat(200)]) {
      const docId = meiliDocumentId(id);
      expect(docId).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.byteLength(docId)).toBeLessThanOrEqual(511);
    }
  });

  it('never collide for different keys', () => {
    expect(meiliDocumentId('a', 'b')).not.toBe(meiliDocumentId('a:b'));
    expect(meiliDocumentId('a.b')).not.toBe(meiliDocumentId('a-b'));
  });

  it('name every index under the configured prefix', () => {
    const names = meiliIndexNames('radio_a');
    expect(allIndexUids(names).every((n) => n.startsWith('radio_a_'))).toBe(true);
    expect(new Set(allIndexUids(names)).size).toBe(8);
    expect(names.passagesNext).toBe('radio_a_passages_next');
  });
});

describe('cues stored in chunks', () => {
  it('keeps a 3-hour episode in bounded documents and restores every cue and word exactly', () => {
    const data = threeHourEpisode();
    const docs = cuesToDocuments(data.episode, data.cues);
    expect(docs).toHaveLength(Math.ceil(3000 / CUES_PER_DOCUMENT));
    const largest = Math.max(...docs.map((d) => Buffer.byteLength(JSON.stringify(d))));
    expect(largest).toBeLessThan(512 * 1024);
    // Meilisearch may return the chunks in any order.
    expect(documentsToCues([...docs].reverse())).toEqual(data.cues);
  });

  it('puts the revision in each chunk id, so a new version is written beside the old one', () => {
    const data = wordTimedEpisode();
    const a = cuesToDocuments(data.episode, data.cues);
    const b = cuesToDocuments({ ...data.episode, revision: 'rev-a2' }, data.cues);
    expect(a[0]?.docId).not.toBe(b[0]?.docId);
    expect(b[0]?.revision).toBe('rev-a2');
  });
});

describe('episode, passage, clip and pack documents', () => {
  it('round-trip an episode and give it a numeric day for date sorting', () => {
    const { episode } = wordTimedEpisode();
    const doc = episodeToDocument(episode);
    expect(doc.dateDay).toBe(20240312);
    expect(documentToEpisode(doc)).toEqual(episode);
    expect(episodeToDocument({ ...episode, date: null }).dateDay).toBeUndefined();
  });

  it('index passages with the fields filters and facets use, and give the passage back unchanged', () => {
    const data = wordTimedEpisode();
    const docs = episodePassageDocuments(data, fixtureShow);
    const passages = buildPassages(data, fixtureShow);
    expect(docs).toHaveLength(passages.length);
    const doc = docs[0]!;
    expect(doc).toMatchObject({
      showId: 'libertes-numeriques',
      episodeId: 'recours-lycees',
      language: 'fr',
      year: 2024,
    });
    expect(doc.dateDay).toBe(20240312);
    expect(doc.revision).toBe('rev-a1');
    expect(doc.speakers).toEqual(expect.arrayContaining(['Claire']));
    expect(doc.start).toBe(0);
    expect(documentToPassage(doc)).toEqual(passages[0]);
  });

  it('round-trip clips and packs with their edit token hashes', () => {
    const clip = {
      clip: {
        id: 'Ab3dE',
        episodeId: 'recours-lycees',
        start: 9,
        end: 19,
        title: null,
        note: 'Pour le cours de jeudi',
        quote: 'Ce qui a motivé notre recours',
        revision: 'rev-a1',
        createdAt: '2026-11-22T10:00:00.000Z',
        episodeAtCut: recoursEpisodeAtCut,
      },
      editTokenHash: 'hash-1',
    };
    expect(documentToClip(clipToDocument(clip))).toEqual(clip);
    // A document written before clips kept their episode's details reads as having none.
    const { episodeAtCut: _kept, ...older } = clipToDocument(clip);
    expect(documentToClip(older).clip.episodeAtCut).toBeNull();
    const pack = {
      pack: {
        id: 'P1',
        title: 'Vie privée',
        intro: null,
        items: [{ clipId: 'Ab3dE', note: null }],
        createdAt: '2026-11-22T10:00:00.000Z',
      },
      editTokenHash: 'hash-2',
    };
    expect(documentToPack(packToDocument(pack))).toEqual(pack);
  });
});
