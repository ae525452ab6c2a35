import { describe, expect, it } from 'vitest';
import {
  containsExcludedWord,
  matchedTokenIndexes,
  meiliPassageMatches,
  utf8OffsetToIndex,
} from '../../../server/search/meilisearch/meili-matches.ts';
import {
  momentsFromMeiliHits,
  facetsFromMoments,
} from '../../../server/search/meilisearch/meili-search-backend.ts';
import {
  passageToDocument,
  type PassageDocument,
} from '../../../server/search/meilisearch/meili-documents.ts';
import { buildPassages } from '../../../server/search/passages.ts';
import { parseQuery } from '../../../server/search/query/parse-query.ts';
import { flatHits, groupByEpisode } from '../../../server/search/resolve-hit.ts';
import { tokenize } from '../../../server/search/text-fold.ts';
import {
  cueTimedEpisode,
  fixtureShow,
  wordTimedEpisode,
} from '../../fixtures/meilisearch/archive-fixture.ts';
import { positionsOf } from './meili-positions.ts';

const TEXT = 'Aujourd’hui nous parlons de l’interdiction de la reconnaissance faciale.';

describe('UTF-8 offsets to string indexes', () => {
  it('maps byte offsets after accented letters and typographic apostrophes', () => {
    const at = Buffer.byteLength('Aujourd’hui nous parlons de l’', 'utf8');
    expect(utf8OffsetToIndex(TEXT, at)).toBe('Aujourd’hui nous parlons de l’'.length);
    expect(utf8OffsetToIndex(TEXT, 0)).toBe(0);
    expect(utf8OffsetToIndex(TEXT, Buffer.byteLength(TEXT))).toBe(TEXT.length);
  });

  it('refuses an offset inside a multi-byte character or past the end', () => {
    const inside = Buffer.byteLength('Aujourd', 'utf8') + 1; // inside ’ (3 bytes)
    expect(utf8OffsetToIndex(TEXT, inside)).toBeNull();
    expect(utf8OffsetToIndex(TEXT, Buffer.byteLength(TEXT) + 1)).toBeNull();
  });

  it('counts characters outside the basic plane as two string units', () => {
    const text = '🎙️ micro ouvert';
    const at = Buffer.byteLength('🎙️ ', 'utf8');
    expect(utf8OffsetToIndex(text, at)).toBe('🎙️ '.length);
  });
});

describe('Meilisearch match positions to matched words', () => {
  const tokens = tokenize(TEXT);
  const indexOf = (word: string) => tokens.findIndex((t) => t.term === word);

  it('finds the word from documented byte positions', () => {
    const positions = positionsOf(TEXT, (w) => w === 'interdiction' || w === 'faciale');
    expect([...matchedTokenIndexes(TEXT, positions)].sort((a, b) => a - b)).toEqual([
      indexOf('interdiction'),
      indexOf('faciale'),
    ]);
  });

  it('finds the same words when the server reports the length in characters', () => {
    const positions = positionsOf(TEXT, (w) => w === 'interdiction', 'chars-length');
    expect([...matchedTokenIndexes(TEXT, positions)]).toEqual([indexOf('interdiction')]);
  });

  it('finds the same words when an older server reports offsets in characters', () => {
    const positions = positionsOf(TEXT, (w) => w === 'reconnaissance', 'chars');
    const plausible = new Set([indexOf('reconnaissance')]);
    expect([...matchedTokenIndexes(TEXT, positions, tokens, plausible)]).toEqual([indexOf('reconnaissance')]);
  });

  it('highlights only words the shared rules accept: a typo on the first letter is dropped', () => {
    const query = parseQuery('freconnaissance ');
    // Meilisearch may accept a first-letter typo on a long word; the contract does not.
    const positions = positionsOf(TEXT, (w) => w === 'reconnaissance');
    expect(meiliPassageMatches(TEXT, positions, query)).toEqual([]);
  });

  it('keeps typos the contract allows, with the typo counted', () => {
    const query = parseQuery('reconaissance ');
    const positions = positionsOf(TEXT, (w) => w === 'reconnaissance');
    const matches = meiliPassageMatches(TEXT, positions, query);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.typos).toBe(1);
    expect(TEXT.slice(matches[0]!.start, matches[0]!.end)).toBe('reconnaissance');
  });

  it('ignores words Meilisearch did not report even if they would match', () => {
    const query = parseQuery('de ');
    const positions = positionsOf(TEXT, (w) => w === 'de').slice(0, 1);
    const matches = meiliPassageMatches(TEXT, positions, query);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.start).toBe(TEXT.indexOf(' de ') + 1);
  });

  it('reads a word Meilisearch found by joining two typed words as both of them', () => {
    // Meilisearch also searches adjacent query words concatenated (`video surveillance`).
    const text = 'La vidéosurveillance algorithmique arrive dans les gares.';
    const positions = positionsOf(text, (w) => w === 'videosurveillance' || w === 'algorithmique');
    const matches = meiliPassageMatches(text, positions, parseQuery('video surveillance algorithmique '));
    expect(matches.map((m) => [text.slice(m.start, m.end), m.unit])).toEqual([
      ['vidéosurveillance', 0],
      ['vidéosurveillance', 1],
      ['algorithmique', 2],
    ]);
  });

  it('reads two words Meilisearch found by splitting a typed word as that word (opensource)', () => {
    // Meilisearch also searches a query word split in two, the parts side by side.
    const text = 'Le village a choisi l’open source pour sa mairie.';
    const positions = positionsOf(text, (w) => w === 'open' || w === 'source');
    const matches = meiliPassageMatches(text, positions, parseQuery('opensource '));
    expect(matches.map((m) => [text.slice(m.start, m.end), m.unit, m.phrase])).toEqual([
      ['open', 0, true],
      ['source', 0, true],
    ]);
  });

  it('checks exclusions with the shared folding', () => {
    expect(containsExcludedWord(TEXT, parseQuery('parlons -FACIALE'))).toBe(true);
    expect(containsExcludedWord(TEXT, parseQuery('parlons -caméras'))).toBe(false);
  });

  it('checks an excluded phrase as a phrase, not word by word', () => {
    const [first, second] = tokenize(TEXT).map((t) => t.term);
    expect(containsExcludedWord(TEXT, parseQuery(`parlons -"${first} ${second}"`))).toBe(true);
    expect(containsExcludedWord(TEXT, parseQuery(`parlons -"${second} ${first}"`))).toBe(false);
  });
});

/** Passage documents as Meilisearch would return them, with byte positions for `words`. */
function meiliHits(words: (folded: string) => boolean, score = 0.9): PassageDocument[] {
  const docs = [
    ...buildPassages(wordTimedEpisode(), fixtureShow).map((p) => passageToDocument(p, 'rev-a1')),
    ...buildPassages(cueTimedEpisode(), fixtureShow).map((p) => passageToDocument(p, 'rev-b1')),
  ];
  return docs
    .map((d) => ({ ...d, _matchesPosition: { text: positionsOf(d.text, words) }, _rankingScore: score }))
    .filter((d) => d._matchesPosition.text.length > 0);
}

describe('Meilisearch hits through the shared resolver', () => {
  it('starts a word-timed hit at the word where the quote begins, across a cue boundary', () => {
    const query = parseQuery('"notre recours" installation');
    const wanted = new Set(['notre', 'recours', 'installation']);
    const items = momentsFromMeiliHits(
      meiliHits((w) => wanted.has(w)),
      query,
      true,
    );
    const hits = flatHits(
      items.map((i) => i.moment),
      'relevance',
    );
    // Overlapping passages hold the same words: one moment only.
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    const cue = wordTimedEpisode().cues[2]!;
    const notre = cue.words!.find((w) => w.text === 'notre')!;
    const installation = cue.words!.find((w) => w.text === 'l’installation')!;
    expect(hit.start).toBe(notre.start);
    expect(hit.end).toBe(installation.end);
    expect(hit.speaker).toBe('Marc');
    expect(hit.episode.id).toBe('recours-lycees');
    const highlighted = hit.highlights.map((r) => hit.snippet.slice(r.start, r.end));
    expect(highlighted).toContain('notre recours');
    expect(highlighted.some((h) => h.includes('installation'))).toBe(true);
  });

  it('starts a cue-timed hit at the cue where the quote begins', () => {
    const query = parseQuery('chiffrement journalistes');
    const wanted = new Set(['chiffrement', 'journalistes']);
    const items = momentsFromMeiliHits(
      meiliHits((w) => wanted.has(w)),
      query,
      true,
    );
    const hits = flatHits(
      items.map((i) => i.moment),
      'relevance',
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]?.start).toBe(11);
    expect(hits[0]?.end).toBe(16);
    expect(hits[0]?.matchedWords).toBe(2);
  });

  it('groups every moment of an episode and counts facets on moments, not passages', () => {
    const query = parseQuery('chiffrement ');
    const items = momentsFromMeiliHits(
      meiliHits((w) => w === 'chiffrement'),
      query,
      true,
    );
    const groups = groupByEpisode(
      items.map((i) => i.moment),
      'relevance',
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]?.count).toBe(2);
    expect(groups[0]?.moments.map((m) => m.start)).toEqual([11, 16]);
    const facets = facetsFromMoments(items);
    expect(facets.show).toEqual({ 'libertes-numeriques': 2 });
    expect(facets.year).toEqual({ '2023': 2 });
    expect(facets.language).toEqual({ fr: 2 });
    expect(facets.speaker).toEqual({ Paul: 1 });
  });

  it('drops passages holding an excluded word even if the server returned them', () => {
    const query = parseQuery('chiffrement -journalistes');
    const items = momentsFromMeiliHits(
      meiliHits((w) => w === 'chiffrement'),
      query,
      true,
    );
    expect(items.every((i) => !i.passage.text.includes('journalistes'))).toBe(true);
  });
});
