// @vitest-environment jsdom
// The clip maker's preview quote follows the ends word by word when the transcript has word
// timings: nudging the in point a word later drops that word from the quote, as the saved
// clip's quote (and its page, captions and card) will. A clip refused as too long is said
// in the reader's language.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cue } from '../../server/model/types.ts';
import { snapClipRange } from '../../server/clips/snap-clip-range.ts';
import { ClipMaker } from '../../web/src/features/clips/index.ts';
import { I18nProvider } from '../../web/src/shared/i18n/index.ts';

afterEach(cleanup);

/** A cue whose words last 0.5 s each, one after the other from `start`. */
function timedCue(start: number, speaker: string, text: string): Cue {
  const words = text
    .split(' ')
    .map((word, i) => ({ text: word, start: start + i * 0.5, end: start + i * 0.5 + 0.5 }));
  return { start, end: start + words.length * 0.5, speaker, text, words };
}

const cues = [
  timedCue(10, 'Inès', 'Les drones filment les cortèges.'),
  timedCue(13, 'Paul', 'Et personne ne sait ce que deviennent les images.'),
];
const episode = {
  id: 'show--drones',
  showId: 'show',
  title: 'Drones',
  date: null,
  language: 'fr',
  speakers: ['Inès', 'Paul'],
  duration: 40,
  mediaUrl: null,
  mediaType: null,
  chapters: [],
} as unknown as Parameters<typeof ClipMaker>[0]['episode'];

/** The clip maker with the first two cues selected, in that reading language. */
function renderClipMakerOfTwoCues(locale: 'en' | 'fr') {
  render(
    <I18nProvider initialLocale={locale}>
      <ClipMaker
        episode={episode}
        cues={cues}
        selection={{ startCueIndex: 0, endCueIndex: 1 }}
        player={null}
      />
    </I18nProvider>,
  );
}

describe('the clip maker’s preview', () => {
  it('quotes only the words between the ends once they are nudged inside the cues', () => {
    renderClipMakerOfTwoCues('en');
    const quote = () => document.querySelector('.clip-maker-quote')?.firstChild?.textContent;
    expect(quote()).toBe(`“${cues[0]!.text} ${cues[1]!.text}”`);

    const inEnd = screen.getByRole('group', { name: 'Nudge In' });
    const outEnd = screen.getByRole('group', { name: 'Nudge Out' });
    fireEvent.click(within(inEnd).getByRole('button', { name: 'word ▶' }));
    fireEvent.click(within(inEnd).getByRole('button', { name: 'word ▶' }));
    fireEvent.click(within(outEnd).getByRole('button', { name: '◀ word' }));
    expect(quote()).toBe('“filment les cortèges. Et personne ne sait ce que deviennent les”');
  });
});

describe('the clip maker’s preview of a transcript without word timings', () => {
  // Whole cues only: the saved clip's ends go to the nearest cue boundary.
  const untimed: Cue[] = [
    {
      start: 34,
      end: 46,
      speaker: 'Paul',
      text: 'Personne ne sait combien de temps les images sont gardées.',
    },
    { start: 46, end: 48, speaker: 'Inès', text: 'Que prévoit la loi ?' },
    { start: 48, end: 62, speaker: 'Paul', text: 'Chaque vol doit être autorisé par un arrêté.' },
  ];

  /** The clip maker with the three cues selected, the in point moved to 44 s and the out point to 50 s. */
  function renderRange44To50(locale: 'en' | 'fr') {
    render(
      <I18nProvider initialLocale={locale}>
        <ClipMaker
          episode={{ ...episode, duration: 70 }}
          cues={untimed}
          selection={{ startCueIndex: 0, endCueIndex: 2 }}
          player={null}
        />
      </I18nProvider>,
    );
    const inEnd = screen.getByRole('group', { name: locale === 'en' ? 'Nudge In' : 'Ajuster : Début' });
    const outEnd = screen.getByRole('group', { name: locale === 'en' ? 'Nudge Out' : 'Ajuster : Fin' });
    const plus = locale === 'en' ? '+0.5 s' : '+0,5 s';
    const minus = locale === 'en' ? '−0.5 s' : '−0,5 s';
    for (let i = 0; i < 20; i++) fireEvent.click(within(inEnd).getByRole('button', { name: plus }));
    for (let i = 0; i < 24; i++) fireEvent.click(within(outEnd).getByRole('button', { name: minus }));
  }

  it('shows the range, quote and length the clip will be saved with, which hold all of the range set', () => {
    renderRange44To50('en');
    const preview = () => document.querySelector('.clip-maker-quote')?.textContent;
    expect(document.querySelector('[data-clip-end="start"]')?.textContent).toMatch(/^0:44 /);
    expect(document.querySelector('[data-clip-end="end"]')?.textContent).toMatch(/^0:50 /);
    const saved = snapClipRange(untimed, 44, 50);
    // Before: the server saved 46–48 s (“Que prévoit la loi ?”, 2 s), losing 44–46 and 48–50.
    expect([saved.start, saved.end]).toEqual([34, 62]);
    expect(preview()).toBe(`“${saved.quote}” 0:34–1:02, 28.0 s`);
    expect(screen.getByRole('note').textContent).toBe(
      'This part of the transcript has no word timings, so the clip covers the whole lines it cuts into: it will be saved as 0:34–1:02 (28.0 s), not 0:44–0:50.',
    );
  });

  it('says in French why the clip covers whole lines', () => {
    renderRange44To50('fr');
    expect(screen.getByRole('note').textContent).toBe(
      'Cette partie de la transcription n’a pas de minutage des mots : l’extrait couvre les répliques entières qu’il entame. Il sera enregistré ainsi : 0:34–1:02 (28,0 s), au lieu de 0:44–0:50.',
    );
  });

  it('says nothing more when the range is on whole lines already', () => {
    render(
      <I18nProvider initialLocale="en">
        <ClipMaker
          episode={{ ...episode, duration: 70 }}
          cues={untimed}
          selection={{ startCueIndex: 1, endCueIndex: 1 }}
          player={null}
        />
      </I18nProvider>,
    );
    expect(document.querySelector('.clip-maker-quote')?.textContent).toBe(
      '“Que prévoit la loi ?” 0:46–0:48, 2.0 s',
    );
    expect(screen.queryByRole('note')).toBeNull();
  });
});

describe('the clip maker’s refusal of a clip too long', () => {
  it('says it in the reader’s language, with the longest allowed and the clip’s length', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({
              error: {
                code: 'bad_request',
                message: 'end: the clip is 1000 s long; the maximum is 900 s',
                details: { field: 'end', seconds: 1000, maxSeconds: 900 },
              },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    );
    renderClipMakerOfTwoCues('fr');
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer l’extrait' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Un extrait dure au plus 15:00 ; celui-ci dure 16:40. Rapprochez le début et la fin.',
    );
    vi.unstubAllGlobals();
  });
});
