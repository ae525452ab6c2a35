// Embedded-backend behaviour beyond the shared contract: large match sets (bounded walks,
// estimated totals), re-ingest and removal through the store, reopening the file, and the
// zero-downtime rebuild.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cue, EpisodeWithCues, Show } from '../../server/model/types.ts';
import type { SearchResponse } from '../../server/search/search-types.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import {
  createSqliteSearchBackend,
  MATCH_WALK_CAP,
} from '../../server/search/sqlite/sqlite-search-backend.ts';
import {
  rebuildSqliteSearchIndex,
  type EpisodeToIndex,
} from '../../server/search/sqlite/rebuild-sqlite-search-index.ts';
import { GLUE_PAIRS_VERSION } from '../../server/search/sqlite/glue-pairs.ts';
import { SAMPLE_LEVELS_VERSION } from '../../server/search/sqlite/sample-levels.ts';
import {
  PASSAGE_CUTS_STATE_KEY,
  PASSAGE_CUTS_VERSION,
  searchIndexFormatCurrent,
} from '../../server/search/sqlite/sqlite-search-schema.ts';
import { searchRequest } from '../fixtures/search/search-request.ts';
import { withFacetsWithoutOwnFilter } from '../../server/search/facets-without-own-filter.ts';
import { episodeWithCues } from '../fixtures/search/episode-with-cues.ts';
import { seededRandom } from '../fixtures/ingest/transcript-files.ts';

const show: Show = {
  id: 'surveillance-hebdo',
  title: 'Surveillance hebdo',
  description: null,
  language: 'fr',
  url: null,
  image: null,
  license: null,
};

const SENTENCES = [
  'La surveillance des communications inquiète les défenseurs des libertés.',
  'Chaque caméra ajoutée dans la rue change notre rapport à l’espace public.',
  'Les journalistes demandent la fin de la surveillance de leurs sources.',
  'Un algorithme ne devrait jamais décider seul qui est suspect.',
];

function episode(i: number, cueCount: number, transform: (t: string) => string = (t) => t): EpisodeWithCues {
  const cues: Cue[] = Array.from({ length: cueCount }, (_, c) => ({
    start: c * 3,
    end: c * 3 + 2.8,
    speaker: c % 2 === 0 ? 'Inès Moreau' : 'Hugo Bernard',
    text: transform(SENTENCES[c % SENTENCES.length] ?? ''),
  }));
  const month = String(1 + (i % 12)).padStart(2, '0');
  return episodeWithCues(show.id, `episode-${i}`, cues, {
    title: `Épisode ${i}`,
    date: `${2010 + Math.floor(i / 12)}-${month}-10`,
    language: 'fr',
    speakers: ['Inès Moreau', 'Hugo Bernard'],
    duration: cueCount * 3,
    revision: `r-${i}`,
  });
}

const req = searchRequest;

/**
 * 40 episodes of one show, then 8 of a second show with a guest of its own: the second
 * show's passages have the highest rowids, beyond the first bounded walk of a word every
 * passage has.
 */
async function archiveWithLaterShow() {
  const later: Show = { ...show, id: 'libertes-en-ligne', title: 'Libertés en ligne' };
  await store.upsertShow(later);
  const episodes: EpisodeToIndex[] = [];
  for (let i = 0; i < 40; i++) {
    const e = episode(i, 160);
    await store.replaceEpisode(e);
    episodes.push({ data: e, show });
  }
  const addLaterEpisode = async (i: number, guest: string) => {
    const e = episode(100 + i, 160);
    e.episode = { ...e.episode, id: `ligne-${i}`, showId: later.id, date: `2031-0${1 + i}-15` };
    e.cues = e.cues.map((c) => ({ ...c, speaker: c.speaker === 'Hugo Bernard' ? guest : c.speaker }));
    await store.replaceEpisode(e);
    episodes.push({ data: e, show: later });
  };
  for (let i = 0; i < 8; i++) await addLaterEpisode(i, 'Nadia Karim');
  return { later, episodes, addLaterEpisode };
}

let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-sqlite-search-'));
  store = openSqliteStore({ file: path.join(dir, 'archive.sqlite'), indexer: sqliteSearchIndexer });
  await store.upsertShow(show);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Words drawn at random for large sets whose moments and episodes rank apart (not all tied). */
const SHUFFLED_WORDS = [
  'surveillance',
  'caméra',
  'rue',
  'voisins',
  'données',
  'la',
  'des',
  'publique',
  'et',
  'quartier',
];

describe('sqlite search backend', () => {
  it('answers a very common word from a bounded walk, marks the total estimated, and stays consistent', async () => {
    const episodes = Array.from({ length: 30 }, (_, i) => episode(i, 160));
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);

    const res = await search.search(req('surveillance '));
    expect(res.estimated).toBe(true);
    expect(res.total).toBeGreaterThan(MATCH_WALK_CAP);
    expect(res.hits).toHaveLength(20);
    const keys = res.hits.map((h) => `${h.episode.id}@${h.start}`);
    expect(new Set(keys).size).toBe(keys.length);
    const scores = res.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Object.values(res.facets.show).reduce((a, b) => a + b, 0)).toBeGreaterThan(MATCH_WALK_CAP);

    const newest = await search.search(req('surveillance ', { sort: 'newest', limit: 5 }));
    const latest = episodes
      .map((e) => e.episode.date ?? '')
      .sort()
      .at(-1);
    expect(newest.hits.every((h) => h.episode.date === latest)).toBe(true);
    const oldest = await search.search(req('surveillance ', { sort: 'oldest', limit: 5 }));
    expect(oldest.hits.every((h) => h.episode.date === '2010-01-10')).toBe(true);
    // A set too large to read whole is searched episode by episode, with the same answer.
    const byEpisode = createSqliteSearchBackend(store.db, { wholeWalkCap: 50 });
    for (const sort of ['newest', 'oldest'] as const) {
      const whole = await search.search(req('surveillance ', { sort, limit: 30 }));
      const scanned = await byEpisode.search(req('surveillance ', { sort, limit: 30 }));
      expect(scanned.hits.map((h) => [h.episode.id, h.start])).toEqual(
        whole.hits.map((h) => [h.episode.id, h.start]),
      );
    }

    const grouped = await search.search(req('surveillance ', { group: 'episode', limit: 3 }));
    expect(grouped.groups).toHaveLength(3);
    expect(grouped.total).toBe(30);
    // Every moment of the episode: the word is said in 2 of every 4 cues.
    for (const g of grouped.groups!) expect(g.count).toBe(160 / 2);
  });

  it('pages a large set in one order: each episode and each moment listed once, none left out', async () => {
    // Episodes of shuffled words, so that moments and episodes rank apart (not all tied).
    const random = seededRandom(3);
    for (let i = 0; i < 40; i++) {
      const cues: Cue[] = Array.from({ length: 100 }, (_, c) => ({
        start: c * 3,
        end: c * 3 + 2.8,
        speaker: c % 2 === 0 ? 'Inès Moreau' : 'Hugo Bernard',
        text: Array.from(
          { length: 10 },
          () => SHUFFLED_WORDS[Math.floor(random() * SHUFFLED_WORDS.length)] ?? '',
        ).join(' '),
      }));
      const date = `${2015 + (i % 7)}-0${1 + (i % 3)}-1${i % 2}`;
      await store.replaceEpisode(episodeWithCues(show.id, `melange-${i}`, cues, { language: 'fr', date }));
    }
    const search = createSqliteSearchBackend(store.db);
    for (const q of ['la ', 'surveillance caméra']) {
      const listed: string[] = [];
      let total = 0;
      for (let offset = 0; offset < 40; offset += 5) {
        const page = await search.search(req(q, { group: 'episode', limit: 5, offset }));
        total = page.total;
        listed.push(...page.groups!.map((g) => g.episode.id));
      }
      expect(total, q).toBe(40);
      expect(new Set(listed).size, q).toBe(listed.length);
      expect(listed, q).toHaveLength(40);
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        const moments: string[] = [];
        const totals = new Set<number>();
        for (let offset = 0; offset < 100; offset += 20) {
          const page = await search.search(req(q, { limit: 20, offset, sort }));
          expect(page.estimated, q).toBe(true);
          totals.add(page.total);
          moments.push(...page.hits.map((h) => `${h.episode.id}@${h.start}`));
        }
        expect(new Set(moments).size, `${q} ${sort}`).toBe(100);
        expect(totals.size, `${q} ${sort}`).toBe(1);
      }
    }
  });

  it('keeps the total of a dated answer on every page, to its last one', async () => {
    // `hibou` about once in 70 words: a set read whole, too large to resolve at once.
    const random = seededRandom(3);
    for (let i = 0; i < 20; i++) {
      const cues: Cue[] = Array.from({ length: 100 }, (_, c) => ({
        start: c * 3,
        end: c * 3 + 2.8,
        speaker: 'Inès Moreau',
        text: Array.from({ length: 10 }, () =>
          random() < 1 / 70 ? 'hibou' : (SHUFFLED_WORDS[Math.floor(random() * SHUFFLED_WORDS.length)] ?? ''),
        ).join(' '),
      }));
      const date = `${2015 + (i % 7)}-0${1 + (i % 3)}-1${i % 2}`;
      await store.replaceEpisode(episodeWithCues(show.id, `hibou-${i}`, cues, { language: 'fr', date }));
    }
    const search = createSqliteSearchBackend(store.db);
    for (const sort of ['newest', 'oldest'] as const) {
      const totals = new Set<string>();
      const moments: string[] = [];
      for (let offset = 0; offset < 1_000; offset += 20) {
        const page = await search.search(req('hibou ', { limit: 20, offset, sort }));
        totals.add(`${page.total}${page.estimated ? '~' : ''}`);
        moments.push(...page.hits.map((h) => `${h.episode.id}@${h.start}`));
        if (page.hits.length === 0) break;
      }
      expect(moments.length, sort).toBeGreaterThan(200);
      expect(new Set(moments).size, sort).toBe(moments.length);
      expect([...totals], sort).toHaveLength(1);
    }
  });

  it('groups by episode over the whole match set: the best episode leads even when it was ingested last', async () => {
    for (let i = 0; i < 40; i++) await store.replaceEpisode(episode(i, 160));
    // Only the last episode says the two words side by side; its passages have the
    // highest rowids, beyond the first bounded walk of the set.
    const best = episode(40, 160, (t) =>
      t.replace('surveillance des communications', 'surveillance communications'),
    );
    await store.replaceEpisode(best);
    const search = createSqliteSearchBackend(store.db);
    const flat = await search.search(req('surveillance communications '));
    expect(flat.total).toBeGreaterThan(MATCH_WALK_CAP);
    expect(flat.hits[0]?.episode.id).toBe('episode-40');
    const grouped = await search.search(req('surveillance communications ', { group: 'episode', limit: 3 }));
    expect(grouped.groups!.map((g) => g.episode.id)[0]).toBe('episode-40');
    // Read whole, the set gives an exact count of episodes; its facets are still a sample's.
    expect(grouped.total).toBe(41);
    expect(grouped.estimated).toBeUndefined();
    expect(grouped.facetsEstimated).toBe(true);
    expect(flat.facetsEstimated).toBe(true);
    // Too large to read whole, it is read episode by episode: the same groups.
    const byEpisode = createSqliteSearchBackend(store.db, { wholeWalkCap: 50 });
    for (const sort of ['relevance', 'newest'] as const) {
      const q = req('surveillance communications ', { group: 'episode', limit: 5, sort });
      const whole = await search.search(q);
      const scanned = await byEpisode.search(q);
      expect(scanned.estimated).toBe(true);
      expect(scanned.groups!.map((g) => [g.episode.id, g.count])).toEqual(
        whole.groups!.map((g) => [g.episode.id, g.count]),
      );
    }
  });

  it('answers a common word from the whole archive, not only from the episodes indexed first', async () => {
    const { later, addLaterEpisode } = await archiveWithLaterShow();
    const search = createSqliteSearchBackend(store.db);
    const res = await search.search(req('surveillance '));
    expect(res.estimated).toBe(true);
    // The word is said in 80 cues of each of the 48 episodes.
    const perEpisode = 160 / 2;
    expect(res.total).toBeGreaterThan(48 * perEpisode * 0.75);
    expect(res.total).toBeLessThan(48 * perEpisode * 1.25);
    const laterShow = (r: SearchResponse) => r.facets.show[later.id] ?? 0;
    expect(laterShow(res)).toBeGreaterThan(8 * perEpisode * 0.6);
    expect(laterShow(res)).toBeLessThan(8 * perEpisode * 1.4);
    expect(res.facets.year['2031']).toBeGreaterThan(0);
    expect(res.facets.speaker['Inès Moreau']).toBeGreaterThan(0);
    // The page is drawn from across the archive, not from the first episode indexed (its
    // passages all tie here, so the page lists three moments of each candidate episode).
    expect(new Set(res.hits.map((h) => h.episode.id)).size).toBeGreaterThanOrEqual(5);
    // So is a phrase said side by side wherever its words are.
    const side = await search.search(req('communications inquiète'));
    expect(side.hits[0]?.snippet).toContain('communications inquiète');
    expect(new Set(side.hits.map((h) => h.episode.id)).size).toBeGreaterThanOrEqual(5);
    // Dated sorts count the same way.
    const newest = await search.search(req('surveillance ', { sort: 'newest', limit: 5 }));
    expect(laterShow(newest)).toBeGreaterThan(8 * perEpisode * 0.6);
    expect(laterShow(newest)).toBeLessThan(8 * perEpisode * 1.4);
    expect(newest.hits[0]?.episode.id).toBe('ligne-7');
    // The last episodes re-imported with another guest (they keep their place in the index):
    // the speaker facet follows, nothing stale is kept. She says what Nadia Karim said.
    for (let i = 4; i < 8; i++) await addLaterEpisode(i, 'Léa Fournier');
    const again = await search.search(req('caméra '));
    expect(again.facets.speaker['Léa Fournier']).toBeGreaterThan(0);
    expect(again.facets.speaker['Nadia Karim']).toBeGreaterThan(0);
  });

  it('counts a large set the same whatever the sort, and gives speakers the moments they say', async () => {
    const { later } = await archiveWithLaterShow();
    const search = createSqliteSearchBackend(store.db);
    const counts = (r: SearchResponse) => ({ total: r.total, estimated: r.estimated, facets: r.facets });
    for (const q of ['surveillance ', 'la surveillance ', 'caméra ']) {
      for (const filters of [{}, { speakers: ['Hugo Bernard'] }]) {
        const relevance = await search.search(req(q, { limit: 5, filters }));
        for (const sort of ['newest', 'oldest'] as const) {
          const dated = await search.search(req(q, { sort, limit: 5, filters }));
          expect(counts(dated), `${q} ${JSON.stringify(filters)} ${sort}`).toEqual(counts(relevance));
        }
      }
    }
    // Inès Moreau says every `surveillance` (even cues); Hugo Bernard and Nadia Karim, who
    // share her passages, never do: they are not in its speaker facet, and filtering on
    // one of them finds nothing. `caméra` is theirs alone.
    const said = await search.search(req('surveillance '));
    expect(said.estimated).toBe(true);
    expect(said.facetsEstimated).toBe(true);
    expect(Object.keys(said.facets.speaker)).toEqual(['Inès Moreau']);
    expect(said.facets.speaker['Inès Moreau']).toBe(said.total);
    const notSaid = await search.search(req('surveillance ', { filters: { speakers: ['Hugo Bernard'] } }));
    expect(notSaid.hits).toEqual([]);
    expect(notSaid.total).toBe(0);
    expect(notSaid.facets.show).toEqual({});
    const camera = await search.search(req('caméra '));
    expect(camera.estimated).toBe(true);
    expect(Object.keys(camera.facets.speaker).sort()).toEqual(['Hugo Bernard', 'Nadia Karim']);
    // 40 cues of each episode: Hugo Bernard's 40 episodes, Nadia Karim's 8 (in the later show).
    expect(camera.facets.speaker['Nadia Karim']).toBeGreaterThan(8 * 40 * 0.6);
    expect(camera.facets.speaker['Nadia Karim']).toBeLessThan(8 * 40 * 1.4);
    expect(camera.facets.show[later.id]).toBeGreaterThan(8 * 40 * 0.6);
    expect(camera.facets.show[later.id]).toBeLessThan(8 * 40 * 1.4);
  });

  it('samples a set too large to read whole by its sample tokens; an older index without them until rebuilt', async () => {
    const { later, episodes } = await archiveWithLaterShow();
    // The cap at 0 makes `surveillance` one of the sets whose postings are too many to read
    // (at a million cues: `de`, `données`, any search with `the`).
    const search = createSqliteSearchBackend(store.db, { spreadScanCap: 0 });
    const perEpisode = 160 / 2;
    const check = async () => {
      const res = await search.search(req('surveillance '));
      expect(res.estimated).toBe(true);
      expect(res.total).toBeGreaterThan(48 * perEpisode * 0.75);
      expect(res.total).toBeLessThan(48 * perEpisode * 1.25);
      expect(res.facets.show[later.id]).toBeGreaterThan(8 * perEpisode * 0.6);
      expect(res.facets.show[later.id]).toBeLessThan(8 * perEpisode * 1.4);
      expect(res.facets.speaker['Inès Moreau']).toBeGreaterThan(0);
      expect(new Set(res.hits.map((h) => h.episode.id)).size).toBeGreaterThanOrEqual(5);
    };
    await check();

    // An index built before sample tokens has no marker: the set is estimated from its
    // bounded walk, the episodes indexed first (the later show is missing from the facets).
    const marker = () =>
      store.db.prepare(`SELECT value FROM search_state WHERE key = 'sample_levels'`).pluck().get();
    expect(marker()).toBe(SAMPLE_LEVELS_VERSION);
    store.db.prepare(`DELETE FROM search_state WHERE key = 'sample_levels'`).run();
    store.db.prepare(`UPDATE search_state SET value = value + 1 WHERE key = 'generation'`).run();
    const older = await search.search(req('surveillance '));
    expect(older.total).toBeGreaterThan(0);
    expect(older.facets.show[later.id]).toBeUndefined();

    // A rebuild gives every passage its sample tokens and marks the index.
    await rebuildSqliteSearchIndex(store.db, () => episodes);
    expect(marker()).toBe(SAMPLE_LEVELS_VERSION);
    await check();
  });

  it('draws candidates of a phrase said in many episodes from all of them, so the best lead wherever they are', async () => {
    // The words are in almost every passage, side by side in one cue in 32; the show
    // imported last says the phrase twice in those cues, its best matches.
    const later: Show = { ...show, id: 'libertes-en-ligne', title: 'Libertés en ligne' };
    await store.upsertShow(later);
    const phrase = 'La surveillance des communications';
    const rephrased = (i: number, twice: boolean) => {
      const e = episode(i, 160);
      e.cues = e.cues.map((cue, c) => {
        if (!cue.text.startsWith(phrase)) return cue;
        if (c % 32 !== 0)
          return { ...cue, text: cue.text.replace(phrase, 'Les communications sous surveillance') };
        return twice
          ? { ...cue, text: cue.text.replace(phrase, `${phrase}, oui, ${phrase.toLowerCase()}`) }
          : cue;
      });
      return e;
    };
    for (let i = 0; i < 40; i++) await store.replaceEpisode(rephrased(i, false));
    for (let i = 0; i < 8; i++) {
      const e = rephrased(100 + i, true);
      e.episode = { ...e.episode, id: `ligne-${i}`, showId: later.id };
      await store.replaceEpisode(e);
    }
    const search = createSqliteSearchBackend(store.db);
    const res = await search.search(req('surveillance des communications '));
    expect(res.hits[0]?.episode.showId).toBe(later.id);
    expect(res.hits[0]?.snippet).toContain('oui, la surveillance des communications');
  });

  it('finds a quote said word for word once in a large set when one of its words is typed with a typo', async () => {
    // Every passage holds the three words, never side by side but in one cue of the last
    // episode: the quote the listener remembers, typed with two letters swapped.
    const phrase = 'La surveillance des communications';
    const episodes = Array.from({ length: 48 }, (_, i) => {
      const e = episode(i, 160);
      e.cues = e.cues.map((cue, c) =>
        i === 47 && c === 96
          ? cue
          : { ...cue, text: cue.text.replace(phrase, 'Les communications sous surveillance') },
      );
      return e;
    });
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    for (const q of [
      'surveillance des communications',
      'survelilance des communications',
      'surveillacne des communic',
    ]) {
      const res = await search.search(req(q));
      expect(res.estimated, q).toBe(true);
      expect([res.hits[0]?.episode.id, res.hits[0]?.start], q).toEqual(['episode-47', 96 * 3]);
      const hit = res.hits[0]!;
      expect(
        hit.highlights.map((h) => hit.snippet.slice(h.start, h.end)),
        q,
      ).toEqual(['surveillance', 'des', 'communications']);
    }
  });

  it('finds first, in a large set, the one place a quote is said with the elided article typed', async () => {
    // `cet espace public` everywhere, `l’espace public` once, in the last episode.
    const episodes = Array.from({ length: 48 }, (_, i) => {
      const e = episode(i, 160);
      e.cues = e.cues.map((cue, c) =>
        i === 47 && c === 97 ? cue : { ...cue, text: cue.text.replace('l’espace', 'cet espace') },
      );
      return e;
    });
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    for (const q of ['l’espace public', "rapport à l'espace public "]) {
      const res = await search.search(req(q));
      expect(res.estimated, q).toBe(true);
      expect([res.hits[0]?.episode.id, res.hits[0]?.start], q).toEqual(['episode-47', 97 * 3]);
      expect(res.hits[0]?.snippet, q).toContain('l’espace public');
    }
  });

  it('finds words joined by several apostrophes and hyphens typed glued (cestadire, questce), bare and quoted', async () => {
    const cues: Cue[] = [
      {
        start: 0,
        end: 4,
        speaker: 'Inès Moreau',
        text: 'Ces fichiers sont partagés, c’est-à-dire copiés ailleurs.',
      },
      {
        start: 4,
        end: 8,
        speaker: 'Hugo Bernard',
        text: 'Qu’est-ce qu’on en sait, et qu’est-ce que ça change ?',
      },
      { start: 8, end: 12, speaker: 'Inès Moreau', text: 'Rien, et vis-à-vis du public, va-t-il le dire ?' },
    ];
    await store.replaceEpisode(episodeWithCues(show.id, 'glued-words', cues, { language: 'fr' }));
    const search = createSqliteSearchBackend(store.db);
    const found = async (q: string) => {
      const res = await search.search(req(q));
      return {
        partial: res.partial,
        hits: res.hits.map((h) => [h.start, h.highlights.map((r) => h.snippet.slice(r.start, r.end))]),
      };
    };
    expect(await found('cestadire copiés')).toEqual({
      partial: false,
      hits: [[0, ['c’est-à-dire', 'copiés']]],
    });
    expect(await found('"partagés cestadire copiés"')).toEqual({
      partial: false,
      hits: [[0, ['partagés, c’est-à-dire copiés']]],
    });
    expect(await found('questce quon ')).toEqual({ partial: false, hits: [[4, ['Qu’est-ce', 'qu’on']]] });
    // `que` typed as a prefix is not the start of `Qu’est-ce` when `questce` is.
    expect(await found('questce que')).toEqual({ partial: false, hits: [[4, ['qu’est-ce', 'que']]] });
    expect(await found('visavis du public ')).toEqual({
      partial: false,
      hits: [[8, ['vis-à-vis', 'du', 'public']]],
    });
    expect(await found('vatil le dire')).toEqual({ partial: false, hits: [[8, ['va-t-il', 'le', 'dire']]] });
  });

  it('replaces an episode on re-ingest and forgets it on removal', async () => {
    const search = createSqliteSearchBackend(store.db);
    await store.replaceEpisode(episode(1, 8));
    const before = await search.search(req('algorithme '));
    await store.replaceEpisode(episode(1, 8));
    expect((await search.search(req('algorithme '))).total).toBe(before.total);
    await store.replaceEpisode(episode(1, 8, (t) => t.replace('algorithme', 'logiciel')));
    expect((await search.search(req('algorithme '))).total).toBe(0);
    expect((await search.search(req('logiciel '))).total).toBe(before.total);
    await store.removeEpisode('episode-1');
    expect((await search.search(req('logiciel '))).total).toBe(0);
  });

  it('still finds a new word with a typo after a failed batch wrote it again alone', async () => {
    const fresh = episode(1, 4, (t) => t.replace('algorithme', 'cryptoprocesseur'));
    const orphan = episode(2, 4);
    orphan.episode.showId = 'no-such-show';
    // The batch rolls back (unknown show): the word it recorded must be recorded again.
    expect(() => store.replaceEpisodesSync([fresh, orphan])).toThrow(/no-such-show/);
    await store.replaceEpisode(fresh);
    const search = createSqliteSearchBackend(store.db);
    const res = await search.search(req('cryptoprocseur '));
    expect(res.hits.map((h) => h.episode.id)).toContain('episode-1');
  });

  it('completes a long typed prefix from the index vocabulary, and a short one from FTS5', async () => {
    await store.replaceEpisode(episode(1, 8));
    const search = createSqliteSearchBackend(store.db);
    for (const q of ['algor', 'algorithm', 'al', 'alg', 'surveillance des comm']) {
      const res = await search.search(req(q));
      expect(res.total, q).toBeGreaterThan(0);
    }
    expect((await search.search(req('algorx'))).total).toBe(0);
    // A passage without the prefix's word is no candidate, even next to the other word.
    const res = await search.search(req('surveillance algor'));
    for (const h of res.hits) expect(h.snippet.toLowerCase()).toContain('algor');
  });

  it('serves the same answers from a fresh read-only connection (persisted index)', async () => {
    for (let i = 0; i < 3; i++) await store.replaceEpisode(episode(i, 12));
    store.optimizeIndex();
    const live = await createSqliteSearchBackend(store.db).search(req('journalistes sources'));
    const db = new Database(path.join(dir, 'archive.sqlite'), { readonly: true });
    try {
      const cold = await createSqliteSearchBackend(db).search(req('journalistes sources'));
      expect(cold.hits.map((h) => [h.episode.id, h.start])).toEqual(
        live.hits.map((h) => [h.episode.id, h.start]),
      );
      expect(cold.total).toBe(3 * 3);
    } finally {
      db.close();
    }
  });

  it('fills the page when most candidate passages give no moment (a speaker filter)', async () => {
    // Hugo says "caméra" once per episode; Inès says it in every other cue. Every passage
    // has both speakers, so the filter keeps them all and only one in ~30 gives a moment.
    for (let i = 0; i < 30; i++) {
      const cues: Cue[] = Array.from({ length: 160 }, (_, c) => ({
        start: c * 3,
        end: c * 3 + 2.8,
        speaker: c % 2 === 0 ? 'Inès Moreau' : 'Hugo Bernard',
        text:
          c % 2 === 0
            ? 'La caméra de la gare filme encore les passants.'
            : c === 159
              ? 'Une caméra de plus ne change rien.'
              : 'Nous en reparlerons après la pause.',
      }));
      await store.replaceEpisode({ ...episode(i, 0), cues });
    }
    const search = createSqliteSearchBackend(store.db);
    for (const sort of ['relevance', 'newest'] as const) {
      const res = await search.search(req('caméra ', { filters: { speakers: ['Hugo Bernard'] }, sort }));
      expect(res.hits, sort).toHaveLength(20);
      expect(new Set(res.hits.map((h) => h.episode.id)).size).toBe(20);
      for (const h of res.hits) expect(h.snippet).toContain('Une caméra de plus');
    }
  });

  it('gives a facets-only search the facets of the full search, on large sets too', async () => {
    await archiveWithLaterShow();
    const search = createSqliteSearchBackend(store.db);
    const queries = [
      'surveillance ',
      'la ',
      'caméra rue',
      'journalistes sources',
      'algorithme suspect',
      'libert',
    ];
    for (const q of queries) {
      const full = await search.search(req(q));
      const facetsOnly = await search.search(req(q, { limit: 1, facetsOnly: true }));
      expect(facetsOnly.facets, q).toEqual(full.facets);
      expect(facetsOnly.facetsEstimated, q).toBe(full.facetsEstimated);
    }
    // Some of those sets are too large to resolve whole (estimated), some are not.
    const estimated = await search.search(req('la '));
    expect(estimated.estimated).toBe(true);
  });

  it('finds every moment under a dated sort and counts facets alike when the first episode is one long untimed cue', async () => {
    // The oldest episode: one cue of ~2,000 passages without word timings; five later ones.
    const words = Array.from({ length: 100_000 }, (_, i) => (i % 50 === 7 ? 'surveillance' : 'la'));
    await store.replaceEpisode({
      ...episode(0, 0),
      cues: [{ start: 0, end: 3600, speaker: 'Inès Moreau', text: words.join(' ') }],
    });
    let said = 1;
    for (let i = 1; i <= 5; i++) {
      const later = episode(i, 8);
      said += later.cues.filter((c) => c.text.includes('surveillance')).length;
      await store.replaceEpisode(later);
    }
    const search = createSqliteSearchBackend(store.db);
    for (const sort of ['relevance', 'oldest', 'newest'] as const) {
      const res = await search.search(req('surveillance ', { sort, limit: 50 }));
      expect(res.hits.length, sort).toBe(said);
    }
    // A facet counted by a facets-only search (a filter ticked on a search not remembered)
    // is the one the search gives in full.
    const faceted = withFacetsWithoutOwnFilter(search);
    for (const filters of [{ showIds: [show.id] }, { speakers: ['Hugo Bernard'] }]) {
      const ticked = await faceted.search(req('surveillance ', { filters }));
      const before = await search.search(req('surveillance '));
      expect(filters.showIds ? ticked.facets.show : ticked.facets.speaker).toEqual(
        filters.showIds ? before.facets.show : before.facets.speaker,
      );
    }
  });

  it('counts a word said all through one hour-long cue without word timings as one moment, at its start', async () => {
    // A transcript timed by the hour (one cue, no word timings): every match in it is heard
    // from the cue's start, so it is one moment, whatever the number of passages it fills.
    const words = Array.from(
      { length: 36_000 },
      (_, i) => SENTENCES[i % SENTENCES.length]!.split(' ')[i % 9] ?? 'la',
    );
    const cues: Cue[] = [
      { start: 0, end: 3600, speaker: 'Inès Moreau', text: words.join(' ') },
      { start: 3600, end: 3604, speaker: 'Hugo Bernard', text: 'La surveillance, encore elle, pour finir.' },
    ];
    await store.replaceEpisode({ ...episode(0, 0), cues });
    const search = createSqliteSearchBackend(store.db);
    for (const sort of ['relevance', 'newest'] as const) {
      const res = await search.search(req('surveillance ', { sort }));
      expect(
        res.hits.map((h) => h.start),
        sort,
      ).toEqual(sort === 'newest' ? [0, 3600] : expect.arrayContaining([0, 3600]));
      expect(res.hits, sort).toHaveLength(2);
      expect(res.total, sort).toBe(2);
      expect(res.estimated, sort).toBeFalsy();
      expect(res.facets.speaker, sort).toEqual({ 'Inès Moreau': 1, 'Hugo Bernard': 1 });
    }
    const grouped = await search.search(req('surveillance ', { group: 'episode' }));
    expect(grouped.groups?.[0]?.count).toBe(2);
  });

  it('fills the page for a glue phrase whose pair tokens are in every passage', async () => {
    // `est un` and `un de` are in every passage; `est un de` once per episode.
    for (let i = 0; i < 30; i++) {
      const cues: Cue[] = Array.from({ length: 160 }, (_, c) => ({
        start: c * 3,
        end: c * 3 + 2.8,
        speaker: 'Inès Moreau',
        text:
          c === 100
            ? 'C’est un de nos invités qui l’a dit.'
            : c % 2 === 0
              ? 'Ce n’est un secret pour personne.'
              : 'Voici un de ces cas.',
      }));
      await store.replaceEpisode({ ...episode(i, 0), cues });
    }
    const search = createSqliteSearchBackend(store.db);
    const res = await search.search(req('"est un de"'));
    expect(res.hits).toHaveLength(20);
    for (const h of res.hits) expect(h.snippet).toContain('C’est un de nos invités');
  });

  it('finds glue-word phrases by pair tokens, and the same way without them in an older index', async () => {
    const episodes = Array.from({ length: 6 }, (_, i) => episode(i, 24));
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    const state = () =>
      store.db.prepare(`SELECT value FROM search_state WHERE key = 'glue_pairs'`).pluck().get();
    expect(state()).toBe(GLUE_PAIRS_VERSION);
    // `de la` is said in one sentence of four; `est la` never, though both pairs' words are.
    const phrases = ['"de la"', '"la fin de la"', '"qui est"', '"est la"', '"la de"'];
    const withPairs = await Promise.all(phrases.map((q) => search.search(req(q, { limit: 100 }))));
    expect(withPairs.map((r) => r.total)).toEqual([6 * 6, 6 * 6, 6 * 6, 0, 0]);

    // An index built before pair tokens has no marker: phrases take FTS5's own phrase walk.
    store.db.prepare(`DELETE FROM search_state WHERE key = 'glue_pairs'`).run();
    store.db.prepare(`UPDATE search_state SET value = value + 1 WHERE key = 'generation'`).run();
    const withoutPairs = await Promise.all(phrases.map((q) => search.search(req(q, { limit: 100 }))));
    expect(withoutPairs.map((r) => r.hits.map((h) => [h.episode.id, h.start]))).toEqual(
      withPairs.map((r) => r.hits.map((h) => [h.episode.id, h.start])),
    );
    // A rebuild gives every passage the pair tokens and marks the index.
    await rebuildSqliteSearchIndex(store.db, () => episodes.map((data) => ({ data, show })));
    expect(state()).toBe(GLUE_PAIRS_VERSION);
    expect((await search.search(req('"de la"', { limit: 100 }))).total).toBe(6 * 6);
  });

  it('takes an index whose long cues were cut inside d’après for outdated, and shows the turn whole once rebuilt', async () => {
    // 20 words, then `d’après`: the old cut fell between `d’` and `après`.
    const turn = `${Array.from({ length: 19 }, (_, i) => `mot${i}`).join(' ')} d’après nos relevés ${Array.from({ length: 20 }, (_, i) => `fin${i}`).join(' ')}`;
    const e = episodeWithCues(
      show.id,
      'long-turn',
      [{ start: 0, end: 60, speaker: 'Inès Moreau', text: turn }],
      {
        language: 'fr',
      },
    );
    await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    expect(searchIndexFormatCurrent(store.db)).toBe(true);
    expect((await search.search(req('dapres nos releves'))).hits[0]?.snippet).toContain(
      'd’après nos relevés',
    );
    // What an index written before this way of cutting looks like: no marker.
    store.db.prepare(`DELETE FROM search_state WHERE key = ?`).run(PASSAGE_CUTS_STATE_KEY);
    expect(searchIndexFormatCurrent(store.db)).toBe(false);
    await rebuildSqliteSearchIndex(store.db, () => [{ data: e, show }]);
    expect(searchIndexFormatCurrent(store.db)).toBe(true);
    expect(
      store.db.prepare(`SELECT value FROM search_state WHERE key = ?`).pluck().get(PASSAGE_CUTS_STATE_KEY),
    ).toBe(PASSAGE_CUTS_VERSION);
  });

  it('stops a rebuild when asked, leaving the index as it was and nothing aside', async () => {
    const episodes = Array.from({ length: 12 }, (_, i) => episode(i, 40));
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    const baseline = await search.search(req('caméra '));
    const stop = new AbortController();
    function* renamed(): Generator<EpisodeToIndex> {
      for (const [i, e] of episodes.entries()) {
        if (i === 5) stop.abort();
        yield {
          data: { ...e, cues: e.cues.map((c) => ({ ...c, text: c.text.replace('caméra', 'borne') })) },
          show,
        };
      }
    }
    await expect(
      rebuildSqliteSearchIndex(store.db, renamed, { episodesPerTransaction: 2, signal: stop.signal }),
    ).rejects.toThrow(/abort/i);
    expect((await search.search(req('caméra '))).total).toBe(baseline.total);
    expect((await search.search(req('borne '))).total).toBe(0);
    const aside = store.db
      .prepare(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'search%_next%'`)
      .pluck()
      .get();
    expect(aside).toBe(0);
  });

  it('rebuilds the index aside while searches keep answering, then switches at once', async () => {
    const episodes = Array.from({ length: 12 }, (_, i) => episode(i, 40));
    for (const e of episodes) await store.replaceEpisode(e);
    const search = createSqliteSearchBackend(store.db);
    const baseline = await search.search(req('caméra '));
    expect(baseline.total).toBeGreaterThan(0);

    async function* renamed(): AsyncGenerator<EpisodeToIndex> {
      for (const e of episodes) {
        await new Promise((r) => setTimeout(r, 2));
        yield {
          data: { ...e, cues: e.cues.map((c) => ({ ...c, text: c.text.replace('caméra', 'borne') })) },
          show,
        };
      }
    }
    let done = false;
    const answers: number[] = [];
    const searching = (async () => {
      while (!done) {
        const res = await search.search(req('journalistes '));
        answers.push(res.total);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await rebuildSqliteSearchIndex(store.db, renamed, { episodesPerTransaction: 2 });
    done = true;
    await searching;
    expect(result.episodes).toBe(12);
    expect(answers.length).toBeGreaterThan(3);
    expect(answers.every((n) => n === answers[0] && n > 0)).toBe(true);
    expect((await search.search(req('caméra '))).total).toBe(0);
    expect((await search.search(req('borne '))).total).toBe(baseline.total);
    // The store keeps indexing into the switched-in tables.
    await store.replaceEpisode(episode(99, 4));
    expect((await search.search(req('caméra ', { filters: { episodeIds: ['episode-99'] } }))).total).toBe(1);
  });
});
