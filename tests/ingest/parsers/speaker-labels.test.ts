import { describe, expect, it } from 'vitest';
import { splitSpeakerLabel } from '../../../server/ingest/parsers/speaker-labels.ts';

describe('Name: speaker labels', () => {
  it.each([
    ['BEKAH: On commence ?', 'BEKAH', 'On commence ?'],
    ['Dan Ott: Oui.', 'Dan Ott', 'Oui.'],
    ['Mme Lefèvre : La loi est claire.', 'Mme Lefèvre', 'La loi est claire.'],
    ['Mme Lefèvre\u00a0: La loi est claire.', 'Mme Lefèvre', 'La loi est claire.'],
    ['Marie de La Tour: Exactement.', 'Marie de La Tour', 'Exactement.'],
    ['J. R. Okafor: Indeed.', 'J. R. Okafor', 'Indeed.'],
    ['Jean-Luc: Voilà.', 'Jean-Luc', 'Voilà.'],
    ['Speaker 2: Hello.', 'Speaker 2', 'Hello.'],
    ['>> ANNE: Bonsoir.', 'ANNE', 'Bonsoir.'],
  ])('%j → %s', (text, speaker, rest) => {
    expect(splitSpeakerLabel(text)).toEqual({ speaker, rest });
  });

  it.each([
    'À 10:30, la séance reprend.',
    '10:30 la séance reprend.',
    'Note: ceci est une remarque.',
    'Question : qui contrôle les algorithmes ?',
    'So: what now?',
    'the response is: no.',
    'around Sir Robin: he said',
    'Tensorflow.js: a library',
    "That's what it is: a loophole.",
    'Https://example.org is a link',
    'A very long sentence with Many Capitalised Words Here: nope',
    'Résumé : trois points.',
  ])('%j has no label', (text) => {
    expect(splitSpeakerLabel(text)).toBeNull();
  });
});
