import { describe, expect, it } from 'vitest';
import { buildMeiliQuery } from '../../../server/search/meilisearch/meili-query.ts';
import { parseQuery } from '../../../server/search/query/parse-query.ts';

const meiliQ = (q: string) => buildMeiliQuery(parseQuery(q));

describe('the query sent to Meilisearch', () => {
  it('keeps the last word typed as a prefix (no trailing space)', () => {
    expect(meiliQ('reconnaissance fac')).toBe('reconnaissance fac');
  });

  it('marks the last word complete with a trailing space when the listener typed one', () => {
    expect(meiliQ('reconnaissance faciale ')).toBe('reconnaissance faciale ');
  });

  it('sends folded words: accents, case and typographic apostrophes do not reach the server', () => {
    expect(meiliQ('L’Interdiction ÉLÈVES ')).toBe('interdiction eleves ');
  });

  it('sends phrases quoted and exclusions with a minus, before the words so the prefix stays last', () => {
    expect(meiliQ('"notre recours" -caméras lycé')).toBe('-cameras "notre recours" lyce');
    expect(meiliQ('« données personnelles »')).toBe('"donnees personnelles" ');
    expect(meiliQ('drones -"au-dessus des" cortè')).toBe('-"au dessus des" drones corte');
  });

  it('cannot be turned into other Meilisearch syntax by stray quotes or dashes', () => {
    const q = meiliQ('droit" -"à l\'oubli');
    // Every quote in the output opens or closes a phrase built by us.
    expect((q.match(/"/g) ?? []).length % 2).toBe(0);
    expect(q).not.toContain('\\');
  });

  it('sends a number as typed, words or digits (Meilisearch cannot look for its other spellings)', () => {
    expect(meiliQ('deux mille vingt-quatre trois cents sites ')).toBe(
      'deux mille vingt quatre trois cents sites ',
    );
    expect(meiliQ('en 2024, 50 % ')).toBe('en 2024 50 ');
  });
});
