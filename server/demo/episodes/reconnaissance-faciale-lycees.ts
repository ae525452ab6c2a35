import type { DemoEpisode } from '../demo-types.ts';

// Word-timed WebVTT: every word is synthesized on its own, so each inline timestamp is exact.
export const reconnaissanceFacialeLycees: DemoEpisode = {
  show: 'ecoute-citoyenne',
  base: 'reconnaissance-faciale-lycees',
  format: 'vtt-words',
  media: 'opus',
  title: 'Reconnaissance faciale à l’entrée des lycées',
  date: '2026-03-12',
  language: 'fr',
  url: 'https://ecoute-citoyenne.example.org/episodes/reconnaissance-faciale-lycees',
  license: 'CC BY-SA 4.0',
  tags: ['reconnaissance faciale', 'lycées', 'données biométriques', 'mineurs'],
  speakers: [
    { name: 'Claire Vasseur', voice: 'fr+f2', role: 'animatrice' },
    { name: 'Mathieu Ferrand', voice: 'fr+m3', role: 'juriste, Les Libertés Numériques' },
  ],
  turns: [
    {
      speaker: 'Claire Vasseur',
      chapter: 'Introduction',
      cues: [
        'Bonjour et bienvenue dans Écoute Citoyenne.',
        'Aujourd’hui, on parle de reconnaissance faciale à l’entrée des lycées.',
        'Avec moi, Mathieu Ferrand, juriste à l’association Les Libertés Numériques.',
      ],
    },
    { speaker: 'Mathieu Ferrand', cues: ['Bonjour Claire, merci de m’avoir invité.'] },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Des portiques à l’entrée du lycée',
      cues: ['Alors, de quoi parle-t-on exactement ?', 'Que se passe-t-il dans ces établissements ?'],
    },
    {
      speaker: 'Mathieu Ferrand',
      cues: [
        'Deux lycées de la région ont installé des portiques équipés de caméras.',
        'Chaque matin, le visage de l’élève est comparé à une photo enregistrée',
        'dans une base de données gérée par un prestataire privé.',
        'Si le visage correspond, la porte s’ouvre.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['On présente ça comme un gain de temps pour les surveillants.'] },
    {
      speaker: 'Mathieu Ferrand',
      cues: [
        'Oui, c’est l’argument principal.',
        'Mais on parle de mineurs et de données biométriques,',
        'c’est-à-dire des données parmi les plus sensibles qui existent.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Le consentement des élèves',
      cues: ['Les familles ont pourtant signé un formulaire de consentement, non ?'],
    },
    {
      speaker: 'Mathieu Ferrand',
      cues: [
        'Elles ont signé, oui.',
        'Mais peut-on vraiment parler de consentement libre',
        'quand l’alternative, c’est de faire la queue tous les matins ?',
        'Un élève de quinze ans ne dit pas non à son proviseur.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et la CNIL, qu’est-ce qu’elle en dit ?'] },
    {
      speaker: 'Mathieu Ferrand',
      cues: ['Elle rappelle que des moyens moins intrusifs existent,', 'un simple badge, par exemple.'],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Ce que demande l’association',
      cues: ['Qu’est-ce que vous demandez, concrètement ?'],
    },
    {
      speaker: 'Mathieu Ferrand',
      cues: [
        'Nous demandons l’interdiction de la reconnaissance faciale',
        'dans tous les établissements scolaires.',
        'Pas un moratoire, pas une expérimentation de plus :',
        'une interdiction inscrite dans la loi.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      cues: [
        'Mathieu Ferrand, merci.',
        'La semaine prochaine, on s’intéresse à l’exportation de ces technologies.',
      ],
    },
  ],
};
