// The names of a clip's downloads and of the files in a pack's zip: ASCII for any system,
// read as the title was written (ligatures spelled out, whole words).
import { describe, expect, it } from 'vitest';
import { slugify } from '../../server/clips/build-pack-zip.ts';

describe('download names', () => {
  it('spell French ligatures out instead of dropping them', () => {
    expect(slugify('Le cœur de l’Œuvre')).toBe('le-coeur-de-l-oeuvre');
    expect(slugify('Æsthétique & straße')).toBe('aesthetique-strasse');
  });

  it('stop at a whole word when the title is long', () => {
    expect(slugify('Notre recours contre le décret sur la vidéosurveillance algorithmique')).toBe(
      'notre-recours-contre-le-decret-sur-la',
    );
    // One long word is cut, not dropped.
    expect(slugify('Anticonstitutionnellementanticonstitutionnellement')).toHaveLength(40);
  });

  it('keep only safe characters, and name a clip with none', () => {
    expect(slugify('../../etc/passwd <script>')).toBe('etc-passwd-script');
    expect(slugify('🎧 ?!')).toBe('clip');
  });
});
