// The quote card's bottom line, measured with the real font (resvg): the source line never
// runs into the time range, however long the show and episode titles are. Its quote wraps
// as French is set: never a line starting with ? ! : ; » nor ending with «.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { buildQuoteCardSvg, quoteCardSize } from '../../server/clips/render-quote-card.ts';

const fontFiles = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'].filter((f) => existsSync(f));

/** Left and right edge in px of one <text> element of the card, drawn alone. */
function textExtent(element: string): { left: number; right: number } {
  const { width, height } = quoteCardSize;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">${element}</svg>`;
  const box = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  }).getBBox();
  if (!box) throw new Error(`nothing drawn for ${element}`);
  return { left: box.x, right: box.x + box.width };
}

const cases: [string, string, string][] = [
  // The audit's card: "…Surveillance exports, explained0:12–0:29".
  ['Digital Rights Weekly with Camille Rousseau', 'Surveillance exports, explained', '0:12–0:29'],
  [
    'WWW MMM Weekly: Whom We Watch',
    'MMMM WWWW MMMM WWWW: a very long episode title that goes on and on about everything',
    '1:02:03–1:05:09',
  ],
  ['Show', 'Qui surveille les "surveillants" ? <script>alert(1)</script> & co', '12:00–12:30'],
];

describe('quote card bottom line', () => {
  it.runIf(fontFiles.length > 0).each(cases)(
    'keeps "%s · %s" clear of the range %s and on the card',
    (showTitle, episodeTitle, range) => {
      const svg = buildQuoteCardSvg({ quote: 'Une phrase.', speaker: 'Léa', showTitle, episodeTitle, range });
      const bottom = [...svg.matchAll(/<text [^>]*y="548"[^>]*>.*?<\/text>/g)].map((m) => m[0]);
      expect(bottom).toHaveLength(2);
      const source = textExtent(bottom[0]!);
      const time = textExtent(bottom[1]!);
      expect(source.left).toBeGreaterThanOrEqual(80 - 2);
      expect(time.right).toBeLessThanOrEqual(quoteCardSize.width - 80 + 2);
      // A visible gap between the two.
      expect(time.left - source.right).toBeGreaterThanOrEqual(16);
    },
  );

  it('keeps a short source line whole', () => {
    const svg = buildQuoteCardSvg({
      quote: 'Une phrase.',
      speaker: null,
      showTitle: 'Libertés numériques',
      episodeTitle: 'Court',
      range: '0:12–0:29',
    });
    expect(svg).toContain('>Libertés numériques · Court</text>');
  });
});

describe('quote card lines', () => {
  it('keep French punctuation with its word, wherever the line breaks fall', () => {
    const tail = 'Qu’en dit la CNIL ? Elle répond : « non, jamais » ! Et ensuite ; plus rien.';
    // Longer and longer openings move every break across the punctuation at least once.
    for (let words = 0; words < 40; words++) {
      const quote = `${'Le mot '.repeat(words)}${tail}`;
      const svg = buildQuoteCardSvg({
        quote,
        speaker: 'Léa',
        showTitle: 'Show',
        episodeTitle: 'Épisode',
        range: '0:01–0:09',
      });
      const lines = [
        ...svg.matchAll(/<text x="80" y="[\d.]+" font-size="(?:52|42|34)"[^>]*>(.*?)<\/text>/g),
      ].map((m) => m[1]!);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line, quote).not.toMatch(/^[?!:;»]/);
        expect(line, quote).not.toMatch(/«$/);
      }
    }
  });
});

describe('quote card quotation marks', () => {
  const lines = (language: string | null) =>
    [
      ...buildQuoteCardSvg({
        quote: 'Un recours ne remplace pas le débat démocratique.',
        speaker: 'Léa',
        showTitle: 'Show',
        episodeTitle: 'Épisode',
        range: '0:01–0:09',
        language,
      }).matchAll(/<text x="80" y="[\d.]+" font-size="(?:52|42|34)"[^>]*>(.*?)<\/text>/g),
    ].map((m) => m[1]!);

  it('are the language’s own: « » around a French quote, “ ” around an English one', () => {
    expect(lines('fr').join(' ')).toBe('« Un recours ne remplace pas le débat démocratique. »');
    expect(lines('fr-CA').join(' ')).toMatch(/^« .* »$/);
    expect(lines('en').join(' ')).toBe('“Un recours ne remplace pas le débat démocratique.”');
    expect(lines(null).join(' ')).toMatch(/^“.*”$/);
  });
});

describe('the quote card of an estimated quote', () => {
  const card = (quoteEstimated: boolean, language: string) =>
    buildQuoteCardSvg({
      quote: 'Une métadonnée en dit souvent plus long que le message.',
      speaker: 'Nadia',
      showTitle: 'Débats numériques',
      episodeTitle: 'La loi',
      range: '0:40–1:00',
      language,
      quoteEstimated,
    });

  it('says the quote is approximate, in the episode’s language, and only then', () => {
    expect(card(true, 'fr')).toContain('>Citation approximative : pas de minutage des mots ici</text>');
    expect(card(true, 'en')).toContain('>Approximate quote: no word timings here</text>');
    expect(card(false, 'fr')).not.toContain('approximative');
  });

  it.runIf(fontFiles.length > 0)('keeps that line clear of the Verbatim mark at the bottom', () => {
    const [verbatim, mark] = [...card(true, 'fr').matchAll(/<text [^>]*y="600"[^>]*>.*?<\/text>/g)].map((m) =>
      textExtent(m[0]),
    );
    expect(verbatim!.left - mark!.right).toBeGreaterThanOrEqual(16);
  });
});
