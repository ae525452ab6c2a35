// The words typed that a moment does not say, named as the listener typed them.
import { describe, expect, it } from 'vitest';
import { missingWords, retypedMissingWords } from '../../server/search/missing-words.ts';
import { parseQuery, queryUnitCount } from '../../server/search/query/parse-query.ts';

/** The units of `q` whose (folded) text is not in `said`, named as typed. */
function missingOf(q: string, said: string[]): string[] {
  const query = parseQuery(q);
  const units = [...query.terms.map((t) => t.text), ...query.phrases.map((p) => p.join(' '))];
  expect(units.length).toBe(queryUnitCount(query));
  return missingWords(query, new Set(units.flatMap((u, k) => (said.includes(u) ? [k] : []))));
}

describe('missingWords', () => {
  it('names nothing when every word is said', () => {
    expect(missingOf('la CNIL ', ['la', 'cnil'])).toEqual([]);
  });

  it('names words as typed, in the order typed, phrases between the words around them', () => {
    expect(missingOf('Vidéo "Reconnaissance Faciale" lycées ', ['lycees'])).toEqual([
      'Vidéo',
      'Reconnaissance Faciale',
    ]);
    // A phrase typed first is named first, though words are counted before phrases.
    expect(missingOf('« caméras piétons » Drones ', [])).toEqual(['caméras piétons', 'Drones']);
  });

  it('names a word typed after an elided article by the word, and a number or acronym as typed', () => {
    expect(missingOf('l’État surveille ', ['surveille'])).toEqual(['État']);
    expect(missingOf('C.N.I.L. amende 1 000 ', ['amende'])).toEqual(['C.N.I.L.', '1 000']);
    expect(missingOf('la C.N.I.L amende ', ['la', 'amende'])).toEqual(['C.N.I.L']);
    expect(missingOf('trois cents caméras ', ['cameras'])).toEqual(['trois cents']);
  });

  it('names a word typed twice once, and a word being typed as typed so far', () => {
    expect(missingOf('oui oui vous pouv', ['vous'])).toEqual(['oui', 'pouv']);
  });

  it('reads an answer’s missing words as another spelling of the same search typed them', () => {
    const retype = retypedMissingWords(parseQuery('Vidéo l’ÉTAT '), parseQuery("video l'etat "));
    expect(retype(['Vidéo', 'ÉTAT'])).toEqual(['video', 'etat']);
  });
});
