import { describe, expect, it } from 'vitest';
import { assignEpisodeIds, episodeIdFor, showIdFor, slugify } from '../../server/ingest/episode-id.ts';

const urlSafe = /^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/;

describe('episode ids', () => {
  it('are URL-safe and readable for odd file names', () => {
    const cases: [string, string][] = [
      ['Entretien avec Léa #12, partie 2', 'lqdn--entretien-avec-lea-12-partie-2'],
      ["L'Europe et l'export de la surveillance", 'lqdn--l-europe-et-l-export-de-la-surveillance'],
      ['Cœur du sujet — Straße', 'lqdn--coeur-du-sujet-strasse'],
      ['caméras\uF03A la ville\uF03F', 'lqdn--cameras-la-ville'],
      ['épisode 🎙️ spécial', 'lqdn--episode-special'],
      ['100_Vidéo_surveillance_algorithmique.mp3', 'lqdn--100-video-surveillance-algorithmique-mp3'],
    ];
    for (const [name, id] of cases) {
      expect(episodeIdFor('lqdn', name)).toBe(id);
      expect(episodeIdFor('lqdn', name)).toMatch(urlSafe);
    }
  });

  it('give the same id to composed and decomposed accents', () => {
    const composed = 'Reconnaissance faciale au lycée'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(episodeIdFor('lqdn', decomposed)).toBe(episodeIdFor('lqdn', composed));
    expect(episodeIdFor('lqdn', composed)).toBe('lqdn--reconnaissance-faciale-au-lycee');
  });

  it('give one id to both spellings of a name that gets a hash (long, unreadable, or a collision)', () => {
    const long =
      'Entretien intégral sur la vidéosurveillance algorithmique et les données biométriques à l’école élémentaire';
    // The ids these names (typed on Linux, composed) had before: they must not change.
    expect(episodeIdFor('radio', long)).toBe(
      'radio--entretien-integral-sur-la-videosurveillance-algorithmique-et-les-donnee-9d6668c8',
    );
    expect(episodeIdFor('radio', '한국어 인터뷰')).toBe('radio--episode-a5881ffc');
    expect([...assignEpisodeIds('radio', ['Café.vtt', 'cafe.srt'])]).toEqual([
      ['Café.vtt', 'radio--cafe-d0bd0c'],
      ['cafe.srt', 'radio--cafe'],
    ]);
    const folder = 'Émissions spéciales sur la reconnaissance faciale dans les lycées de la région Sud';
    expect(showIdFor(folder)).toBe(
      'emissions-speciales-sur-la-reconnaissance-faciale-dans-les-lycees-de-la-2fcd769c',
    );
    // The same names copied from macOS (decomposed) get the same ids (before: other hashes).
    expect(episodeIdFor('radio', long.normalize('NFD'))).toBe(episodeIdFor('radio', long));
    expect(episodeIdFor('radio', '한국어 인터뷰'.normalize('NFD'))).toBe('radio--episode-a5881ffc');
    expect([...assignEpisodeIds('radio', ['Café.vtt'.normalize('NFD'), 'cafe.srt'])]).toEqual([
      ['Café.vtt'.normalize('NFD'), 'radio--cafe-d0bd0c'],
      ['cafe.srt', 'radio--cafe'],
    ]);
    expect(showIdFor(folder.normalize('NFD'))).toBe(showIdFor(folder));
  });

  it('fall back to a hash when nothing readable is left, stably', () => {
    const id = episodeIdFor('lqdn', '🎙️🎧');
    expect(id).toMatch(/^lqdn--episode-[0-9a-f]{8}$/);
    expect(episodeIdFor('lqdn', '🎙️🎧')).toBe(id);
    expect(episodeIdFor('lqdn', '\uE000\uE001')).not.toBe(id);
    expect(showIdFor('《》')).toMatch(/^show-[0-9a-f]{8}$/);
  });

  it('cut very long names and keep them distinct with a hash', () => {
    const long = 'la surveillance biométrique dans l’espace public '.repeat(6);
    const a = episodeIdFor('lqdn', `${long} partie 1`);
    const b = episodeIdFor('lqdn', `${long} partie 2`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual('lqdn--'.length + 80);
    expect(a).toMatch(urlSafe);
  });

  it('never contain a double dash inside a slug, so show and episode stay apart', () => {
    expect(slugify('a -- b')).toBe('a-b');
    expect(episodeIdFor(showIdFor('a-b'), 'c')).not.toBe(episodeIdFor(showIdFor('a'), 'b-c'));
  });

  it('resolve collisions within a show deterministically', () => {
    const files = ['Cafe.vtt', 'cafe.srt', 'café.md', 'autre.vtt'];
    const ids = assignEpisodeIds('lqdn', files);
    const again = assignEpisodeIds('lqdn', [...files].reverse());
    expect([...ids.entries()].sort()).toEqual([...again.entries()].sort());
    expect(new Set(ids.values()).size).toBe(4);
    // The name that already is its own slug keeps the plain id.
    expect(ids.get('autre.vtt')).toBe('lqdn--autre');
    expect(ids.get('cafe.srt')).toBe('lqdn--cafe');
    expect(ids.get('Cafe.vtt')).toMatch(/^lqdn--cafe-[0-9a-f]{6}$/);
    expect(ids.get('café.md')).toMatch(/^lqdn--cafe-[0-9a-f]{6}$/);
  });

  it('keep the ids the archive holds when a colliding file arrives or leaves', () => {
    // Cafe.vtt was alone, so it was stored as the plain id: cafe.srt arriving does not take it.
    const stored = assignEpisodeIds('lqdn', ['Cafe.vtt']);
    expect(stored.get('Cafe.vtt')).toBe('lqdn--cafe');
    const both = assignEpisodeIds('lqdn', ['Cafe.vtt', 'cafe.srt'], stored);
    expect(both.get('Cafe.vtt')).toBe('lqdn--cafe');
    expect(both.get('cafe.srt')).toMatch(/^lqdn--cafe-[0-9a-f]{6}$/);
    // Cafe.vtt removed: cafe.srt keeps the hashed id it was stored under.
    const left = assignEpisodeIds('lqdn', ['cafe.srt'], new Map([['cafe.srt', both.get('cafe.srt')!]]));
    expect(left.get('cafe.srt')).toBe(both.get('cafe.srt'));
    // An id stored for another name (the file was renamed) is not reused.
    const renamed = assignEpisodeIds('lqdn', ['cafe.srt'], new Map([['cafe.srt', 'lqdn--the']]));
    expect(renamed.get('cafe.srt')).toBe('lqdn--cafe');
  });
});
