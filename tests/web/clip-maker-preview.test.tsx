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

  it('quotes what the saved clip will quote, and says its length, once an end is inside a cue', () => {
    render(
      <I18nProvider initialLocale="en">
        <ClipMaker
          episode={{ ...episode, duration: 70 }}
          cues={untimed}
          selection={{ startCueIndex: 0, endCueIndex: 2 }}
          player={null}
        />
      </I18nProvider>,
    );
    const preview = () => document.querySelector('.clip-maker-quote')?.textContent;
    const inEnd = screen.getByRole('group', { name: 'Nudge In' });
    // In at 44 s: 2 s before the second cue, 10 s after the first began.
    for (let i = 0; i < 20; i++) fireEvent.click(within(inEnd).getByRole('button', { name: '+0.5 s' }));
    const saved = snapClipRange(untimed, 44, 62);
    expect(saved.quote).toBe(`${untimed[1]!.text} ${untimed[2]!.text}`);
    // Before: the first cue too, and 18 s, which the saved clip does not have.
    expect(preview()).toBe(`“${saved.quote}” 16.0 s`);
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
