// The search contract: the same table of cases runs against every available backend
// (always the embedded SQLite one; Meilisearch when MEILI_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  SearchBackend,
  SearchHit,
  SearchRequest,
  SearchResponse,
} from '../../server/search/search-types.ts';
import { foldWord, tokenize } from '../../server/search/text-fold.ts';
import { ValidationError } from '../../server/errors.ts';
import { withFacetsWithoutOwnFilter } from '../../server/search/facets-without-own-filter.ts';
import { searchFixtureArchive, type FixtureArchive } from '../fixtures/search/search-fixture-episodes.ts';
import { searchBackendFactories, type OpenedSearchBackend } from './search-backends.ts';

const archive: FixtureArchive = searchFixtureArchive();

function request(q: string, over: Partial<SearchRequest> = {}): SearchRequest {
  return { q, filters: {}, sort: 'relevance', group: 'none', limit: 50, offset: 0, ...over };
}

function episodeOf(id: string) {
  const ep = archive.episodes.find((e) => e.episode.id === id);
  if (!ep) throw new Error(`no fixture episode ${id}`);
  return ep;
}

/** Index of the first cue of an episode whose text contains `needle`. */
function cueIndexOf(id: string, needle: string): number {
  const i = episodeOf(id).cues.findIndex((c) => c.text.includes(needle));
  if (i < 0) throw new Error(`no cue with "${needle}" in ${id}`);
  return i;
}

function highlighted(hit: SearchHit): string[] {
  return hit.highlights.map((h) => hit.snippet.slice(h.start, h.end));
}

/** Where a word of a word-timed episode is said: [episode id, its word timing's start]. */
function wordAt(id: string, text: string): [string, number] {
  for (const cue of episodeOf(id).cues) {
    const w = cue.words?.find((x) => x.text === text);
    if (w) return [id, w.start];
  }
  throw new Error(`no word ${text} in ${id}`);
}

/** The episode's transcript as one string (cues joined by spaces), to check context text. */
function transcript(id: string): string {
  return episodeOf(id)
    .cues.map((c) => c.text)
    .join(' ');
}

interface ContractCase {
  name: string;
  run(search: SearchBackend): Promise<void>;
}

const run = (search: SearchBackend, q: string, over: Partial<SearchRequest> = {}): Promise<SearchResponse> =>
  search.search(request(q, over));

/** `q` finds one moment, a complete match, at `at`, with these words highlighted. */
async function expectOneHitAt(
  search: SearchBackend,
  q: string,
  at: [string, number],
  marked: readonly string[],
): Promise<void> {
  const res = await run(search, q);
  expect(
    res.hits.map((h) => [h.episode.id, h.start]),
    q,
  ).toEqual([at]);
  expect(highlighted(res.hits[0]!), q).toEqual(marked);
  expect(res.partial, q).toBe(false);
}

const cases: ContractCase[] = [
  {
    name: 'one moment per second: a word said twice in one cue (no word timings) is one hit, flat and grouped',
    async run(search) {
      for (const q of ['la', 'de', 'le', 'un', 'et']) {
        for (const group of ['none', 'episode'] as const) {
          const res = await run(search, q, { group, limit: 100 });
          const starts = res.hits.map((h) => `${h.episode.id} @ ${h.start}`);
          expect(starts.length, `"${q}" (${group}) found nothing`).toBeGreaterThan(0);
          expect(starts, `"${q}" (${group})`).toEqual([...new Set(starts)]);
          if (group === 'none' && !res.estimated) expect(res.total).toBe(res.hits.length);
        }
      }
    },
  },
  {
    name: 'finds a quote that crosses a cue boundary and starts at the cue where it begins',
    async run(search) {
      const res = await run(search, 'reconnaissance faciale à l’entrée');
      const ep = episodeOf('reconnaissance-faciale-lycees');
      const first = cueIndexOf('reconnaissance-faciale-lycees', 'nous parlons de la reconnaissance');
      const hit = res.hits.find((h) => h.episode.id === ep.episode.id);
      expect(hit).toBeDefined();
      expect(hit?.start).toBe(ep.cues[first]?.start);
      expect(hit?.end).toBe(ep.cues[first + 1]?.end);
      expect(hit?.speaker).toBe('Camille Martin');
      // `l’` typed: highlighted with its word.
      expect(highlighted(hit!).map(foldWord)).toEqual(['reconnaissance', 'faciale', 'a', 'l’entree']);
    },
  },
  {
    name: 'uses word timings when the transcript has them (start at the first matched word)',
    async run(search) {
      const res = await run(search, 'logiciels espions');
      const ep = episodeOf('exportations-surveillance');
      const cue = ep.cues[cueIndexOf('exportations-surveillance', 'logiciels espions')]!;
      const first = cue.words!.find((w) => w.text === 'logiciels')!;
      const last = cue.words!.find((w) => w.text.startsWith('espions'))!;
      expect(res.hits).toHaveLength(1);
      expect(res.hits[0]?.start).toBe(first.start);
      expect(res.hits[0]?.start).toBeGreaterThan(cue.start);
      expect(res.hits[0]?.end).toBe(last.end);
    },
  },
  {
    name: 'finds a pasted quote longer than 12 words by its first 12, at its first word, and says so',
    async run(search) {
      // Two sentences pasted from a press article, without accents, with a typographic apostrophe.
      const pasted =
        'Des entreprises europeennes vendent des outils de surveillance a des regimes autoritaires. ' +
        'Les licences d’exportation sont accordees sans veritable controle parlementaire.';
      const res = await run(search, pasted);
      expect(res.hits.map((h) => [h.episode.id, h.start])).toEqual([
        wordAt('exportations-surveillance', 'Des'),
      ]);
      expect(res.partial).toBe(false);
      expect(res.query).toBe(pasted);
      expect(res.shortened).toEqual({
        searched:
          'Des entreprises europeennes vendent des outils de surveillance a des regimes autoritaires.',
        words: 21,
      });
      expect(highlighted(res.hits[0]!).at(-1)).toBe('autoritaires');
      // Grouped the same, and a query of 12 words is searched whole, with no such note.
      const grouped = await run(search, pasted, { group: 'episode' });
      expect(grouped.groups?.map((g) => g.episode.id)).toEqual(['exportations-surveillance']);
      expect(grouped.shortened?.words).toBe(21);
      const twelve = await run(
        search,
        'vendent des outils de surveillance a des regimes autoritaires les licences d’exportation',
      );
      expect(twelve.shortened).toBeUndefined();
      expect(twelve.hits.map((h) => h.episode.id)).toEqual(['exportations-surveillance']);
    },
  },
  {
    name: 'lands a pasted quote with one word misremembered on its first word, not on that word said before it',
    async run(search) {
      // `immobile` remembered as `vraiment`, which is said in the line before the quote.
      const id = 'cameras-espace-public';
      const pasted =
        'Une personne sans abri qui reste vraiment devient suspecte aux yeux du logiciel. ' +
        'C’est pourquoi nous demandons l’interdiction de ces traitements dans la rue.';
      const quote = episodeOf(id).cues[cueIndexOf(id, 'Une personne sans abri')]!;
      const res = await run(search, pasted);
      expect(res.shortened?.words).toBe(24);
      expect(res.hits[0]?.episode.id).toBe(id);
      expect(res.hits[0]?.start).toBe(quote.start);
      expect(highlighted(res.hits[0]!)).toEqual([
        'Une',
        'personne',
        'sans',
        'abri',
        'qui',
        'reste',
        'devient',
        'suspecte',
        'aux',
        'yeux',
        'du',
      ]);
    },
  },
  {
    name: 'lands a pasted quote on its first words, not on the same words ending the line before',
    async run(search) {
      // `une` remembered as `franchement`, said in the line before, which ends `je pense`.
      const id = 'metadonnees-conservation';
      const pasted =
        'Je pense que la conservation des métadonnées reste franchement mise sous écoute généralisée. ' +
        'Les opérateurs gardent pourtant ces traces pendant un an.';
      const quote = episodeOf(id).cues[cueIndexOf(id, 'Je pense que la conservation')]!;
      const res = await run(search, pasted);
      expect(res.hits[0]?.episode.id).toBe(id);
      expect(res.hits[0]?.start).toBe(quote.start);
      expect(highlighted(res.hits[0]!)).not.toContain('franchement');
    },
  },
  {
    name: 'finds a pasted quote with one word misremembered before a passage holding every pasted word, scattered',
    async run(search) {
      // `licences` remembered as `conventions`: every pasted word is said, apart, in another episode.
      const pasted =
        'Les bibliothèques prêtent des livres numériques sous conventions chronodégradables fixées par les éditeurs. ' +
        'Chaque fichier s’efface après vingt-six emprunts, même si personne ne l’a abîmé.';
      const at = wordAt('pret-numerique-bibliotheques', 'Les');
      const res = await run(search, pasted);
      expect(res.partial).toBe(false);
      expect([res.hits[0]?.episode.id, res.hits[0]?.start]).toEqual(at);
      expect(highlighted(res.hits[0]!)).not.toContain('conventions');
      expect(highlighted(res.hits[0]!)).toContain('chronodégradables');
      // The scattered passage is still listed, after the quote.
      expect(res.hits.map((h) => h.episode.id)).toContain('editeurs-et-bibliotheques');
      // Grouped (as the web asks), its episode comes first too.
      const grouped = await run(search, pasted, { group: 'episode' });
      expect(grouped.groups?.[0]?.episode.id).toBe('pret-numerique-bibliotheques');
      expect(grouped.groups?.[0]?.moments[0]?.start).toBe(at[1]);
    },
  },
  {
    name: 'finds a pasted quote with two words misremembered before a partial match holding more of them, scattered',
    async run(search) {
      // `livres` remembered as `romans` too: nothing holds every word; the other episode holds
      // all but `romans`, apart, and the quote all but two, as pasted.
      const pasted =
        'Les bibliothèques prêtent des romans numériques sous conventions chronodégradables fixées par les éditeurs.';
      const res = await run(search, pasted);
      expect(res.partial).toBe(true);
      expect([res.hits[0]?.episode.id, res.hits[0]?.start]).toEqual(
        wordAt('pret-numerique-bibliotheques', 'Les'),
      );
      expect(highlighted(res.hits[0]!)).not.toContain('conventions');
    },
  },
  {
    name: 'says which typed words a moment does not say, as typed and in the order typed',
    async run(search) {
      // Nothing says `kangourou`: a partial answer, each moment missing what it does not say.
      const typed = ['Kangourou', 'prêtent', 'Bibliothèques'];
      const res = await run(search, `${typed.join(' ')} `);
      expect(res.partial).toBe(true);
      expect(res.hits[0]?.episode.id).toBe('pret-numerique-bibliotheques');
      expect(res.hits[0]?.missingWords).toEqual(['Kangourou']);
      for (const hit of res.hits) {
        const said = new Set(highlighted(hit).map((w) => foldWord(w)));
        expect(hit.missingWords, hit.snippet).toEqual(typed.filter((w) => !said.has(foldWord(w))));
        expect(hit.missingWords?.length, hit.snippet).toBe(typed.length - hit.matchedWords);
      }
      // Grouped, each moment says it too.
      const grouped = await run(search, `${typed.join(' ')} `, { group: 'episode' });
      expect(grouped.groups?.[0]?.moments[0]?.missingWords).toEqual(['Kangourou']);
      // A moment saying every word typed has none.
      const whole = await run(search, 'prêtent bibliothèques ');
      expect(whole.hits.length).toBeGreaterThan(0);
      for (const hit of whole.hits) expect(hit.missingWords, hit.snippet).toBeUndefined();
      // A phrase not said is named as typed, between the words typed around it.
      const phrase = await run(search, 'prêtent "des kangourous" Bibliothèques ');
      expect(phrase.hits[0]?.missingWords).toEqual(['des kangourous']);
    },
  },
  {
    name: 'says which words of a pasted quote the moment found does not say (misremembered)',
    async run(search) {
      // `licences` remembered as `conventions`; then `livres` as `romans` too.
      const one = await run(
        search,
        'Les bibliothèques prêtent des livres numériques sous conventions chronodégradables fixées par les éditeurs.',
      );
      expect([one.hits[0]?.episode.id, one.hits[0]?.start]).toEqual(
        wordAt('pret-numerique-bibliotheques', 'Les'),
      );
      expect(one.hits[0]?.missingWords).toEqual(['conventions']);
      const two = await run(
        search,
        'Les bibliothèques prêtent des Romans numériques sous conventions chronodégradables fixées par les éditeurs.',
      );
      expect([two.hits[0]?.episode.id, two.hits[0]?.start]).toEqual(
        wordAt('pret-numerique-bibliotheques', 'Les'),
      );
      expect(two.hits[0]?.missingWords).toEqual(['Romans', 'conventions']);
    },
  },
  {
    name: 'lands a pasted quote holding a number on its first word, not on misremembered words said before it',
    async run(search) {
      // `personne` remembered as `les éditeurs`, which end the line before; `vingt-six` typed as a number.
      const id = 'pret-numerique-bibliotheques';
      for (const pasted of [
        'Chaque fichier s’efface après vingt-six emprunts, même si les éditeurs ne l’ont pas abîmé.',
        'chaque fichier sefface apres 26 emprunts meme si les editeurs ne lont pas abime',
      ]) {
        const res = await run(search, pasted);
        expect([res.hits[0]?.episode.id, res.hits[0]?.start], pasted).toEqual(wordAt(id, 'Chaque'));
        expect(highlighted(res.hits[0]!), pasted).not.toContain('éditeurs');
      }
    },
  },
  {
    name: 'keeps every word first for five words typed in another order than said',
    async run(search) {
      // Not a quote: `conventions` is said only in the other episode, with the four other words.
      const res = await run(search, 'éditeurs conventions bibliothèques livres numériques');
      expect(res.partial).toBe(false);
      expect(res.hits.map((h) => h.episode.id)).toEqual(['editeurs-et-bibliotheques']);
    },
  },
  {
    name: 'lands a quote typed with a word said twice on the first of them, not the second',
    async run(search) {
      const firstDe = wordAt('entretien-annonce', 'de');
      await expectOneHitAt(search, 'de l’expliquer alors de quoi', firstDe, [
        'de',
        'l’expliquer',
        'Alors',
        'de',
        'quoi',
      ]);
      await expectOneHitAt(search, 'de "l’expliquer aux auditeurs" alors de quoi', firstDe, [
        'de',
        'l’expliquer aux auditeurs',
        'Alors',
        'de',
        'quoi',
      ]);
      await expectOneHitAt(search, 'de lexpliquer aux auditeurs alors de ', firstDe, [
        'de',
        'l’expliquer',
        'aux',
        'auditeurs',
        'Alors',
        'de',
      ]);
    },
  },
  {
    name: 'tolerates one typo from 5 letters',
    async run(search) {
      const res = await run(search, 'recourz ');
      expect(res.hits.map((h) => h.episode.id)).toEqual(['reconnaissance-faciale-lycees']);
      expect(highlighted(res.hits[0]!)).toEqual(['recours']);
    },
  },
  {
    name: 'tolerates two typos from 9 letters',
    async run(search) {
      const res = await run(search, 'experimantasion ');
      const expected = archive.episodes.flatMap((e) =>
        e.cues.flatMap((c) => (c.text.match(/expérimentation/g) ?? []).map(() => e.episode.id)),
      );
      expect(res.total).toBe(expected.length);
      for (const h of res.hits) expect(highlighted(h).map(foldWord)).toEqual(['experimentation']);
    },
  },
  {
    name: 'allows no typo on words shorter than 5 letters',
    async run(search) {
      expect((await run(search, 'nuit ')).total).toBe(1);
      expect((await run(search, 'nuot ')).total).toBe(0);
    },
  },
  {
    name: 'ignores accents and case',
    async run(search) {
      const accented = await run(search, 'Vidéosurveillance algorithmique');
      const plain = await run(search, 'VIDEOSURVEILLANCE ALGORITHMIQUE');
      expect(accented.total).toBe(1);
      expect(plain.hits.map((h) => [h.episode.id, h.start])).toEqual(
        accented.hits.map((h) => [h.episode.id, h.start]),
      );
      const eleves = await run(search, 'eleves consultes');
      expect(highlighted(eleves.hits[0]!)).toEqual(['élèves', 'consultés']);
    },
  },
  {
    name: 'treats typographic and straight apostrophes alike',
    async run(search) {
      const straight = await run(search, "l'interdiction du dispositif");
      const curly = await run(search, 'l’interdiction du dispositif');
      const modifier = await run(search, 'lʼinterdiction du dispositif');
      expect(straight.total).toBe(1);
      for (const other of [curly, modifier]) {
        expect(other.hits.map((h) => [h.episode.id, h.start])).toEqual(
          straight.hits.map((h) => [h.episode.id, h.start]),
        );
      }
      const dutch = await run(search, "slimme camera's");
      expect(dutch.hits.map((h) => h.episode.id)).toEqual(['camerabewaking-openbare-ruimte']);
    },
  },
  {
    name: 'splits French elision: a bare word finds l’word, and only the word is highlighted',
    async run(search) {
      const res = await run(search, 'interdiction ');
      const expected = archive.episodes.filter((e) => e.cues.some((c) => /interdiction/.test(c.text)));
      expect(new Set(res.hits.map((h) => h.episode.id))).toEqual(new Set(expected.map((e) => e.episode.id)));
      for (const h of res.hits) expect(highlighted(h)).toEqual(['interdiction']);
    },
  },
  {
    name: 'ranks a word typed with its elided article where it is said with it first, highlighted whole',
    async run(search) {
      // `l’interdiction` in two episodes, `une interdiction` in a third.
      for (const q of ['l’interdiction', "l'interdiction ", 'L’INTERDICTION']) {
        const res = await run(search, q);
        const found = res.hits.map((h) => [h.episode.id, highlighted(h)]);
        expect(found.slice(0, 2).sort(), q).toEqual([
          ['cameras-espace-public', ['l’interdiction']],
          ['reconnaissance-faciale-lycees', ['l’interdiction']],
        ]);
        expect(found.slice(2), q).toEqual([['exportations-surveillance', ['interdiction']]]);
        expect(res.partial, q).toBe(false);
      }
      const said = await run(search, 'prononcé l’interdiction du dispositif');
      expect(highlighted(said.hits[0]!)).toEqual(['prononcé', 'l’interdiction', 'du', 'dispositif']);
    },
  },
  {
    name: 'reads œ and æ as oe and ae, typed either way',
    async run(search) {
      const id = 'etat-et-cameras';
      const at = (needle: string) => episodeOf(id).cues[cueIndexOf(id, needle)]!.start;
      for (const [q, word, needle] of [
        ['coeur ', 'cœur', 'cœur'],
        ['cœur ', 'cœur', 'cœur'],
        ['OEUVRE ', 'œuvre', 'œuvre'],
        ['oeuvr', 'œuvre', 'œuvre'],
        ['ex aequo', 'æquo', 'æquo'],
      ] as const) {
        const res = await run(search, q);
        expect(
          res.hits.map((h) => [h.episode.id, h.start]),
          q,
        ).toEqual([[id, at(needle)]]);
        expect(highlighted(res.hits[0]!), q).toContain(word);
        expect(res.partial, q).toBe(false);
      }
      expect((await run(search, '"le coeur du dossier"')).total).toBe(1);
      expect((await run(search, 'dossier -coeur')).total).toBe(0);
    },
  },
  {
    name: 'finds words written with an apostrophe or a hyphen when typed glued together',
    async run(search) {
      const id = 'etat-et-cameras';
      const at = (needle: string): [string, number] => [
        id,
        episodeOf(id).cues[cueIndexOf(id, needle)]!.start,
      ];
      for (const [q, marked, where] of [
        ['daccord ', ['D’accord'], at('D’accord')],
        ['cest peutetre ', ['C’est', 'peut-être'], at('peut-être')],
        ['letat refuse', ['l’État', 'refuse'], at('l’État')],
        ['lœuvre dune administration', ['l’œuvre', 'd’une', 'administration'], at('l’œuvre')],
        ['aujourdhui nous', ['aujourd’hui', 'nous'], ['reconnaissance-faciale-lycees', 10]],
      ] as const)
        await expectOneHitAt(search, q, [...where], marked);
      // In quotes too: a quoted phrase allows no typo, but a word typed without its
      // apostrophe or hyphen is the same word.
      for (const [q, marked, where] of [
        ['"cest peutetre"', ['C’est peut-être'], at('peut-être')],
        ['"letat refuse"', ['l’État refuse'], at('l’État')],
        ['"aujourdhui nous"', ['aujourd’hui nous'], ['reconnaissance-faciale-lycees', 10]],
        ['"loeuvre dune administration"', ['l’œuvre d’une administration'], at('l’œuvre')],
      ] as const)
        await expectOneHitAt(search, q, [...where], marked);
      // Both spellings of the compound, the one-word one first (as typed).
      for (const q of ['videosurveillance ', 'videosurveillance']) {
        const glued = await run(search, q);
        expect(
          glued.hits.map((h) => h.episode.id),
          q,
        ).toEqual(['cameras-espace-public', id]);
        expect(highlighted(glued.hits[1]!), q).toEqual(['vidéo-surveillance']);
      }
    },
  },
  {
    name: 'finds a word written as one when typed as two, apart or with a hyphen (video surveillance, vidéosurveillance)',
    async run(search) {
      const joined = 'cameras-espace-public';
      const hyphened = 'etat-et-cameras';
      const startOf = (id: string, needle: string) => episodeOf(id).cues[cueIndexOf(id, needle)]!.start;
      // Typed as two words, whole or still being typed, the one-word spelling is found and
      // highlighted whole, where it is said.
      for (const q of [
        'video surveillance algorithmique',
        'vidéo-surveillance algorithmique ',
        'video surveillance algorithmique ',
      ])
        await expectOneHitAt(
          search,
          q,
          [joined, startOf(joined, 'vidéosurveillance')],
          ['vidéosurveillance', 'algorithmique'],
        );
      // A pasted quote, typed from memory: the line is found whole.
      const pasted = await run(
        search,
        'la video surveillance algorithmique a ete autorisee pour les grands evenements',
      );
      expect(pasted.partial).toBe(false);
      expect(pasted.hits.map((h) => [h.episode.id, h.start])).toEqual([
        [joined, startOf(joined, 'vidéosurveillance')],
      ]);
      expect(highlighted(pasted.hits[0]!).join(' ')).toBe(
        'La vidéosurveillance algorithmique a été autorisée pour les grands événements',
      );
      // Both spellings; the two words said as typed first.
      for (const q of ['video surveillance ', 'video surveillance', 'vidéo-surveillance ', 'video surv']) {
        const res = await run(search, q);
        expect(
          res.hits.map((h) => h.episode.id),
          q,
        ).toEqual([hyphened, joined]);
        expect(res.partial, q).toBe(false);
        expect(highlighted(res.hits[1]!), q).toEqual(['vidéosurveillance']);
        expect(res.hits[1]!.start, q).toBe(startOf(joined, 'vidéosurveillance'));
      }
      // Words typed apart by another word are not read as one.
      expect(
        (await run(search, 'video algorithmique surveillance ')).hits.map((h) => h.episode.id),
      ).not.toContain(joined);
    },
  },
  {
    name: 'finds two words said apart when typed as one (opensource, open source), while typing it too',
    async run(search) {
      const id = 'village-open-source';
      const at: [string, number] = [id, episodeOf(id).cues[0]!.start];
      for (const q of ['opensource ', 'opensource', 'opensourc'])
        await expectOneHitAt(search, q, at, ['open source']);
      await expectOneHitAt(search, 'choisi opensource code', at, ['choisi', 'open source', 'code']);
      // Parts of fewer than 4 letters are not read apart: `uncode` is not `un code`.
      expect((await run(search, 'uncode ')).hits).toEqual([]);
    },
  },
  {
    name: 'shows and finds a long untimed turn as written where it is cut for indexing (no space slipped into d’après)',
    async run(search) {
      const id = 'contrats-des-mairies';
      const at: [string, number] = [id, episodeOf(id).cues[0]!.start];
      await expectOneHitAt(search, 'dapres nos releves', at, ['d’après', 'nos', 'relevés']);
      await expectOneHitAt(search, '"dapres nos relevés"', at, ['d’après nos relevés']);
      await expectOneHitAt(search, '"d’après nos relevés"', at, ['d’après nos relevés']);
      for (const q of ['relevés ', 'gardées ', 'voisin ']) {
        const res = await run(search, q);
        expect(res.hits, q).toHaveLength(1);
        const hit = res.hits[0]!;
        expect(transcript(id), q).toContain([hit.before, hit.snippet, hit.after].filter(Boolean).join(' '));
      }
    },
  },
  {
    name: 'finds a number typed with or without its digit-group spaces, highlighted whole',
    async run(search) {
      for (const [q, marked, word] of [
        ['1000 plaintes', ['1 000', 'plaintes'], '1'],
        ['2000 pages ', ['2\u00a0000', 'pages'], '2'],
        ['10000 capteurs ', ['10\u202f000', 'capteurs'], '10'],
        ['10 000 capteurs', ['10\u202f000', 'capteurs'], '10'],
        ['1 500 signalements', ['1500', 'signalements'], '1500'],
      ] as const)
        await expectOneHitAt(search, q, wordAt('chiffres-et-sigles', word), marked);
      // A number is its groups together: `1 000` is not the start of `1 000 000`, nor `10 000` `1 000`.
      for (const q of ['1000 ', '1 000 ']) {
        const res = await run(search, q);
        expect(new Set(res.hits.map((h) => highlighted(h).join('|'))), q).toEqual(new Set(['1 000', '1000']));
      }
      // Typed dotted, an acronym is one word: no stray letter of it highlighted elsewhere.
      const cnil = await run(search, 'C.N.I.L. ');
      expect(cnil.partial).toBe(false);
      expect(cnil.hits.map((h) => highlighted(h))).toContainEqual(['CNIL']);
      for (const h of cnil.hits) expect(highlighted(h).join(''), h.snippet).toMatch(/^C\.?N\.?I\.?L$/);
    },
  },
  {
    name: 'finds a dotted acronym typed without its dots and the reverse, and a number written apart in a phrase',
    async run(search) {
      for (const [q, marked, word] of [
        ['rgpd impose', ['R.G.P.D', 'impose'], 'R.G.P.D.'],
        ['RGPD ', ['R.G.P.D'], 'R.G.P.D.'],
        ['"1000 plaintes"', ['1 000 plaintes'], '1'],
        ['"reçu 1000"', ['reçu 1 000'], 'reçu'],
        ['"1 500 signalements"', ['1500 signalements'], '1500'],
      ] as const)
        await expectOneHitAt(search, q, wordAt('chiffres-et-sigles', word), marked);
      // Typed either way, said either way.
      for (const q of ['C.N.I.L. ', 'cnil ']) {
        const res = await run(search, q);
        expect(res.partial, q).toBe(false);
        expect(
          res.hits.map((h) => [h.episode.id, highlighted(h)]),
          q,
        ).toEqual(
          expect.arrayContaining([
            ['chiffres-et-sigles', ['C.N.I.L']],
            ['reconnaissance-faciale-lycees', ['CNIL']],
          ]),
        );
        expect(res.total, q).toBe(2);
      }
    },
  },
  {
    name: 'matches the last word as a prefix while typing, and as a whole word after a space',
    async run(search) {
      const typing = await run(search, 'vidéosurv');
      expect(typing.total).toBe(1);
      expect(highlighted(typing.hits[0]!)).toEqual(['vidéosurveillance']);
      expect((await run(search, 'vidéosurv ')).total).toBe(0);
    },
  },
  {
    name: 'answers partially when passages hold every word but no moment of the filtered speaker does',
    async run(search) {
      // Sam says "facial", Priya says "tracking": one passage holds both, no moment of Priya's.
      const both = await run(search, 'facial tracking ', { filters: { speakers: ['Priya Shah'] } });
      expect(both.partial).toBe(true);
      expect(both.hits.map((h) => [h.episode.id, h.speaker])).toEqual([
        ['facial-recognition-schools', 'Priya Shah'],
      ]);
      expect(highlighted(both.hits[0]!)).toEqual(['tracking']);
    },
  },
  {
    name: 'reads an English contraction as one word, typed with or without its apostrophe',
    async run(search) {
      for (const q of ["don't know", 'don’t know', 'dont know']) {
        const res = await run(search, q);
        expect(
          res.hits.map((h) => h.episode.id),
          q,
        ).toEqual(['facial-recognition-schools']);
        expect(highlighted(res.hits[0]!), q).toEqual(['don’t', 'know']);
        expect(res.partial, q).toBe(false);
      }
      const said = await run(search, 'thats the problem');
      expect(highlighted(said.hits[0]!)).toEqual(['that’s', 'the', 'problem']);
      expect((await run(search, '"we don\'t know who\'s"')).total).toBe(1);
    },
  },
  {
    name: 'finds a quoted single word only as written, with no typo variants',
    async run(search) {
      // Bare, the misspelling finds the word; in quotes it asks for that exact word.
      expect((await run(search, 'experimantasion ')).total).toBeGreaterThan(0);
      expect((await run(search, '"experimantasion"')).total).toBe(0);
      const exact = await run(search, '"expérimentation"');
      expect(exact.total).toBe((await run(search, 'experimentation ')).total);
      // Quoted once and typed bare again, the word stays exact.
      expect((await run(search, '"experimantasion" experimantasion')).total).toBe(0);
    },
  },
  {
    name: 'finds an exact phrase in quotes, highlighted as one range, and only in that order',
    async run(search) {
      const res = await run(search, '"ce qui a motivé notre recours"');
      expect(res.total).toBe(1);
      expect(highlighted(res.hits[0]!)).toEqual(['ce qui a motivé notre recours']);
      const guillemets = await run(search, '« ce qui a motivé notre recours »');
      expect(guillemets.hits.map((h) => h.start)).toEqual(res.hits.map((h) => h.start));
      expect((await run(search, '"recours notre motivé"')).total).toBe(0);
    },
  },
  {
    name: 'finds a phrase of common words exactly where its words stand side by side',
    async run(search) {
      // Where each phrase occurs, counted independently from the fixture's own words.
      const occurrences = (phrase: string) => {
        const words = phrase.split(' ');
        const found: string[] = [];
        for (const ep of archive.episodes) {
          const terms = tokenize(ep.cues.map((c) => c.text).join(' ')).map((t) => t.term);
          for (let i = 0; i + words.length <= terms.length; i++) {
            if (words.every((w, k) => terms[i + k] === w)) found.push(ep.episode.id);
          }
        }
        return found.sort();
      };
      for (const phrase of ['et la', 'est un', 'un de', 'c est un']) {
        const res = await run(search, `"${phrase}"`);
        expect(res.hits.map((h) => h.episode.id).sort(), phrase).toEqual(occurrences(phrase));
        for (const hit of res.hits) {
          const marked = tokenize(highlighted(hit).join(' ')).map((t) => t.term);
          expect(marked.join(' ')).toBe(phrase);
        }
      }
      // Both pairs of `est un de` sit in one cue, but never the three words in a row.
      expect(occurrences('est un de')).toEqual([]);
      expect((await run(search, '"est un de"')).total).toBe(0);
      expect((await run(search, '"un de est"')).total).toBe(0);
    },
  },
  {
    name: 'excludes passages containing a -word',
    async run(search) {
      const id = 'reconnaissance-faciale-lycees';
      const opening = episodeOf(id).cues[cueIndexOf(id, 'nous parlons de la reconnaissance')]!.start;
      const all = await run(search, 'reconnaissance ');
      expect(all.hits.some((h) => h.episode.id === id && h.start === opening)).toBe(true);
      const without = await run(search, 'reconnaissance -lycées');
      expect(without.hits.some((h) => h.episode.id === id && h.start === opening)).toBe(false);
      expect(without.total).toBeGreaterThan(0);
      expect(without.total).toBeLessThan(all.total);
    },
  },
  {
    name: 'excludes passages containing a -"quoted phrase", without searching for its words',
    async run(search) {
      const id = 'reconnaissance-faciale-lycees';
      const opening = episodeOf(id).cues[cueIndexOf(id, 'nous parlons de la reconnaissance')]!.start;
      const all = await run(search, 'reconnaissance ', { limit: 50 });
      for (const q of ['reconnaissance -"faciale à l’entrée"', 'reconnaissance -« faciale a l’entree »']) {
        const res = await run(search, q, { limit: 50 });
        expect(res.partial, q).toBe(false);
        for (const h of res.hits) expect(highlighted(h).map(foldWord), q).toEqual(['reconnaissance']);
        expect(
          res.hits.some((h) => h.episode.id === id && h.start === opening),
          q,
        ).toBe(false);
        // Only the passages holding the phrase are left out, not those holding one of its words.
        expect(res.total, q).toBeGreaterThan(all.total - 3);
        expect(res.total, q).toBeLessThan(all.total);
      }
    },
  },
  {
    name: 'filters by show, episode, speaker, language and date range',
    async run(search) {
      const q = 'reconnaissance ';
      const byShow = await run(search, q, { filters: { showIds: ['surveillance-hebdo'] } });
      expect(byShow.total).toBeGreaterThan(0);
      for (const h of byShow.hits) expect(h.episode.showId).toBe('surveillance-hebdo');
      const byEpisode = await run(search, q, { filters: { episodeIds: ['cameras-espace-public'] } });
      expect(byEpisode.hits.map((h) => h.episode.id)).toEqual(['cameras-espace-public']);
      const bySpeaker = await run(search, q, { filters: { speakers: ['hugo bernard'] } });
      expect(bySpeaker.total).toBeGreaterThan(0);
      for (const h of bySpeaker.hits) expect(h.speaker).toBe('Hugo Bernard');
      const byLanguage = await run(search, 'surveillance ', { filters: { languages: ['en'] } });
      expect(byLanguage.hits.map((h) => h.episode.id)).toEqual(['facial-recognition-schools']);
      const byDate = await run(search, q, { filters: { dateFrom: '2022-01-01', dateTo: '2023-12-31' } });
      expect(new Set(byDate.hits.map((h) => h.episode.date))).toEqual(new Set(['2023-06-02']));
    },
  },
  {
    name: 'filters by a speaker whose name has an apostrophe, typed straight, curly or as a modifier letter',
    async run(search) {
      for (const name of ['Yannick L’Hostis', "Yannick L'Hostis", 'yannick lʼhostis', 'YANNICK L‘HOSTIS']) {
        const res = await run(search, 'logiciels ', { filters: { speakers: [name] } });
        expect(
          res.hits.map((h) => [h.episode.id, h.speaker]),
          name,
        ).toEqual([['contrats-des-mairies', 'Yannick L’Hostis']]);
        expect(res.partial, name).toBe(false);
      }
    },
  },
  {
    name: 'counts facets (show, speaker, language, year) over every matching moment',
    async run(search) {
      const res = await run(search, 'surveillance ', { limit: 100 });
      expect(res.hits).toHaveLength(res.total);
      const count = (key: (h: SearchHit) => string | null) => {
        const out: Record<string, number> = {};
        for (const h of res.hits) {
          const k = key(h);
          if (k) out[k] = (out[k] ?? 0) + 1;
        }
        return out;
      };
      const lang = (h: SearchHit) => episodeOf(h.episode.id).episode.language;
      expect(res.facets.show).toEqual(count((h) => h.episode.showId));
      expect(res.facets.speaker).toEqual(count((h) => h.speaker));
      expect(res.facets.language).toEqual(count(lang));
      expect(res.facets.year).toEqual(count((h) => h.episode.date?.slice(0, 4) ?? null));
      expect(Object.keys(res.facets.language).sort()).toEqual(['en', 'fr', 'nl']);
      // Facets ignore paging: the same counts on a one-hit page.
      const page = await run(search, 'surveillance ', { limit: 1 });
      expect(page.facets).toEqual(res.facets);
    },
  },
  {
    name: 'counts each facet without its own filter, so a ticked value keeps its neighbours listed',
    async run(search) {
      const q = 'surveillance ';
      const all = await run(search, q, { limit: 100 });
      const shows = Object.keys(all.facets.show);
      expect(shows.length).toBeGreaterThan(1);
      const ticked = shows[0]!;
      const byShow = await run(search, q, { limit: 100, filters: { showIds: [ticked] } });
      // The show list is the one before the tick; the other facets count the ticked show only.
      expect(byShow.facets.show).toEqual(all.facets.show);
      const speakersSaid: Record<string, number> = {};
      for (const h of byShow.hits)
        if (h.speaker) speakersSaid[h.speaker] = (speakersSaid[h.speaker] ?? 0) + 1;
      expect(byShow.facets.speaker).toEqual(speakersSaid);
      expect(byShow.hits.every((h) => h.episode.showId === ticked)).toBe(true);

      const speakers = Object.keys(all.facets.speaker);
      const bySpeaker = await run(search, q, { limit: 100, filters: { speakers: [speakers[0]!] } });
      expect(bySpeaker.facets.speaker).toEqual(all.facets.speaker);
      expect(Object.values(bySpeaker.facets.show).reduce((a, b) => a + b, 0)).toBe(bySpeaker.total);

      const year = Object.keys(all.facets.year)[0]!;
      const byYear = await run(search, q, { limit: 100, filters: { dateFrom: year, dateTo: year } });
      expect(byYear.facets.year).toEqual(all.facets.year);
      expect(Object.keys(byYear.facets.show).length).toBeLessThanOrEqual(shows.length);
      expect(Object.values(byYear.facets.language).reduce((a, b) => a + b, 0)).toBe(byYear.total);

      // Two fields ticked: each facet keeps the other's filter.
      const both = await run(search, q, {
        limit: 100,
        filters: { showIds: [ticked], dateFrom: year, dateTo: year },
      });
      const showsThatYear = await run(search, q, { limit: 100, filters: { dateFrom: year, dateTo: year } });
      expect(both.facets.show).toEqual(showsThatYear.facets.show);
    },
  },
  {
    name: 'keeps a partial answer’s own facets when the other values would match every word',
    async run(search) {
      // Nothing in surveillance-hebdo says both words; libertes-numeriques does. The answer
      // shows surveillance-hebdo's partial matches: its facets count those, ticked show included.
      const res = await run(search, 'surveillance lycées', { filters: { showIds: ['surveillance-hebdo'] } });
      expect(res.partial).toBe(true);
      expect(res.facets.show).toEqual({ 'surveillance-hebdo': res.total });
    },
  },
  {
    name: 'sorts by newest and oldest episode',
    async run(search) {
      const newest = await run(search, 'reconnaissance ', { sort: 'newest' });
      const oldest = await run(search, 'reconnaissance ', { sort: 'oldest' });
      const dates = (r: SearchResponse) => r.hits.map((h) => h.episode.date ?? '');
      expect(dates(newest)).toEqual([...dates(newest)].sort().reverse());
      expect(dates(oldest)).toEqual([...dates(oldest)].sort());
      expect(dates(newest)[0]).toBe('2024-11-20');
      expect(dates(oldest)[0]).toBe('2021-03-14');
    },
  },
  {
    name: 'pages with limit/offset and keeps the total',
    async run(search) {
      const all = await run(search, 'reconnaissance ', { limit: 50 });
      expect(all.total).toBe(all.hits.length);
      expect(all.total).toBeGreaterThanOrEqual(5);
      const p1 = await run(search, 'reconnaissance ', { limit: 2, offset: 0 });
      const p2 = await run(search, 'reconnaissance ', { limit: 2, offset: 2 });
      const key = (h: SearchHit) => `${h.episode.id}@${h.start}`;
      expect([...p1.hits, ...p2.hits].map(key)).toEqual(all.hits.slice(0, 4).map(key));
      expect(p1.total).toBe(all.total);
      expect(p2.total).toBe(all.total);
    },
  },
  {
    name: 'never returns two hits for the same moment from overlapping passages',
    async run(search) {
      const res = await run(search, 'reconnaissance ', { limit: 50 });
      const expected = archive.episodes.reduce(
        (n, e) => n + e.cues.reduce((m, c) => m + (c.text.match(/reconnaissance/gi) ?? []).length, 0),
        0,
      );
      expect(res.total).toBe(expected);
      const keys = res.hits.map((h) => `${h.episode.id}@${h.start}`);
      expect(new Set(keys).size).toBe(keys.length);
    },
  },
  {
    name: 'groups by episode with every matching moment, best episodes first',
    async run(search) {
      const flat = await run(search, 'reconnaissance faciale', { limit: 50 });
      const res = await run(search, 'reconnaissance faciale', { group: 'episode', limit: 10 });
      expect(res.groups).toBeDefined();
      const groups = res.groups!;
      expect(res.total).toBe(new Set(flat.hits.map((h) => h.episode.id)).size);
      expect(groups).toHaveLength(res.total);
      for (const g of groups) {
        expect(g.count).toBe(g.moments.length);
        expect(g.count).toBe(flat.hits.filter((h) => h.episode.id === g.episode.id).length);
        const starts = g.moments.map((m) => m.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }
      expect(groups.find((g) => g.episode.id === 'reconnaissance-faciale-lycees')?.count).toBe(2);
      const scores = groups.map((g) => g.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    },
  },
  {
    name: 'offers the best partial matches, marked partial, when nothing matches every word',
    async run(search) {
      const full = await run(search, 'reconnaissance faciale');
      expect(full.partial).toBe(false);
      const res = await run(search, 'reconnaissance faciale hippopotame');
      expect(res.partial).toBe(true);
      expect(res.hits.length).toBeGreaterThan(0);
      for (const h of res.hits) expect(h.matchedWords).toBe(2);
      const none = await run(search, 'hippopotame ornithorynque');
      expect(none.total).toBe(0);
      expect(none.hits).toEqual([]);
    },
  },
  {
    name: 'lists the same moments for a partial answer flat and grouped by episode',
    async run(search) {
      // No passage says all three; the answer is the passage holding two of them, not the
      // later passage of the same episode that says only `prestataire`.
      const q = 'logiciels prestataire hippopotame';
      const flat = await run(search, q, { limit: 100 });
      const grouped = await run(search, q, { group: 'episode', limit: 100 });
      expect(flat.partial).toBe(true);
      expect(grouped.partial).toBe(true);
      const key = (h: SearchHit) => `${h.episode.id}@${h.start}`;
      const moments = grouped.groups!.flatMap((g) => g.moments.map(key));
      expect(moments.sort()).toEqual(flat.hits.map(key).sort());
      expect(grouped.total).toBe(new Set(flat.hits.map((h) => h.episode.id)).size);
      for (const g of grouped.groups!)
        expect(g.count, g.episode.id).toBe(grouped.facets.show[g.episode.showId] ?? 0);
    },
  },
  {
    name: 'searches English and Dutch text',
    async run(search) {
      const en = await run(search, 'facial recognition schools');
      expect(en.hits[0]?.episode.id).toBe('facial-recognition-schools');
      expect(highlighted(en.hits[0]!)).toEqual(['facial', 'recognition', 'schools']);
      const nl = await run(search, 'gezichtsherkenning op straat');
      expect(nl.hits.map((h) => h.episode.id)).toEqual(['camerabewaking-openbare-ruimte']);
      expect(nl.hits[0]?.speaker).toBe('Sanne Jansen');
    },
  },
  {
    name: 'ranks more matched words, then closer words, then exact spelling first',
    async run(search) {
      const res = await run(search, 'reconnaissance faciale ', { limit: 50 });
      // The adjacent pairs all come before the lone "reconnaissance … algorithmes de reconnaissance".
      const adjacent = res.hits.filter((h) => /reconnaissance faciale/i.test(h.snippet));
      expect(res.hits.slice(0, adjacent.length)).toEqual(adjacent);
      const exactFirst = await run(search, 'consentement ');
      const typoFirst = await run(search, 'consentemant ');
      expect(exactFirst.hits[0]?.score).toBeGreaterThan(typoFirst.hits[0]?.score ?? Infinity);
    },
  },
  {
    name: 'gives exact highlight ranges and the text just before and after the snippet',
    async run(search) {
      const res = await run(search, 'tribunal a prononcé');
      const hit = res.hits[0]!;
      expect(highlighted(hit)).toEqual(['tribunal', 'a', 'prononcé']);
      const text = transcript(hit.episode.id);
      expect(text).toContain(`${hit.before} ${hit.snippet} ${hit.after}`);
      expect(hit.before.length).toBeGreaterThan(0);
      expect(hit.after.length).toBeGreaterThan(0);
      expect(hit.snippet).not.toMatch(/[<>]/);
    },
  },
  {
    name: 'rejects an unusable query with a clear validation error',
    async run(search) {
      await expect(run(search, '   ')).rejects.toBeInstanceOf(ValidationError);
      await expect(run(search, '-lycées')).rejects.toThrow(/at least one word/);
      await expect(run(search, 'a'.repeat(1001))).rejects.toThrow(/longer than/);
      await expect(run(search, 'reconnaissance', { limit: 0 })).rejects.toThrow(/limit/);
    },
  },
];

for (const factory of searchBackendFactories) {
  const available = factory.available();
  if (!available) console.warn(`[search contract] ${factory.name}: ${factory.skipMessage}`);
  describe.skipIf(!available)(`search contract: ${factory.name}`, () => {
    let opened: OpenedSearchBackend;
    beforeAll(async () => {
      opened = await factory.open(archive);
    });
    afterAll(async () => {
      await opened?.close();
    });
    // As the archive composes it: facets counted without their own filter (create-archive.ts).
    for (const c of cases) it(c.name, () => c.run(withFacetsWithoutOwnFilter(opened.search)));
  });
}
