import type { DemoEpisode } from '../demo-types.ts';

export const videosurveillanceAlgorithmique: DemoEpisode = {
  show: 'ecoute-citoyenne',
  base: 'videosurveillance-algorithmique',
  format: 'podcast-json',
  media: 'opus',
  title: 'Vidéosurveillance algorithmique : qui décide de ce qui est anormal ?',
  date: '2026-04-02',
  language: 'fr',
  url: 'https://ecoute-citoyenne.example.org/episodes/videosurveillance-algorithmique',
  license: 'CC BY-SA 4.0',
  tags: ['vidéosurveillance algorithmique', 'espace public', 'caméras', 'municipalité'],
  speakers: [
    { name: 'Claire Vasseur', voice: 'fr+f2', role: 'animatrice' },
    { name: 'Karim Benali', voice: 'fr+m2', role: 'urbaniste' },
    { name: 'Élodie Garnier', voice: 'fr+f4', role: 'conseillère municipale' },
  ],
  turns: [
    {
      speaker: 'Claire Vasseur',
      chapter: 'Introduction',
      cues: [
        'Bonsoir et bienvenue dans Écoute Citoyenne.',
        'Ce soir, un débat sur la vidéosurveillance algorithmique.',
        'Avec nous, Karim Benali, urbaniste,',
        'et Élodie Garnier, conseillère municipale. Bonsoir à vous deux.',
      ],
    },
    { speaker: 'Karim Benali', cues: ['Bonsoir.'] },
    { speaker: 'Élodie Garnier', cues: ['Bonsoir Claire.'] },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Des caméras qui analysent',
      cues: ['Karim, qu’est-ce qui change par rapport à une caméra classique ?'],
    },
    {
      speaker: 'Karim Benali',
      cues: [
        'Une caméra classique enregistre, et quelqu’un regarde, ou pas.',
        'Avec l’algorithme, le logiciel analyse les images en continu',
        'et signale ce qu’il considère comme un comportement anormal :',
        'une personne immobile trop longtemps, un bagage abandonné, un attroupement.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Mais qui décide de ce qui est anormal ?'] },
    {
      speaker: 'Karim Benali',
      cues: [
        'C’est toute la question.',
        'Rester assis sur un banc, ce n’est pas un délit.',
        'Pourtant, certains systèmes le signalent.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et les personnes filmées, elles le savent ?'] },
    {
      speaker: 'Karim Benali',
      cues: [
        'Rarement. Un panneau en petits caractères à l’entrée de la gare,',
        'ce n’est pas ce que j’appelle une information claire.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Le point de vue d’une élue',
      cues: ['Élodie Garnier, votre ville a reçu des offres commerciales.'],
    },
    {
      speaker: 'Élodie Garnier',
      cues: [
        'Oui, plusieurs.',
        {
          text: 'La brochure promettait « un taux d’erreur < 1 % & zéro biais ».',
          spoken: 'La brochure promettait un taux d’erreur inférieur à un pour cent, et zéro biais.',
        },
        'Sur le papier, c’est séduisant.',
        'Mais personne n’a pu nous dire sur quelles données le modèle avait été entraîné.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et vous avez refusé ?'] },
    {
      speaker: 'Élodie Garnier',
      cues: [
        'Le conseil municipal a voté contre, à une courte majorité.',
        'On a préféré financer de l’éclairage et des médiateurs de rue.',
      ],
    },
    {
      speaker: 'Karim Benali',
      cues: [
        'C’est important, parce qu’une fois installées,',
        'ces caméras ne sont presque jamais retirées.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Et après l’expérimentation ?',
      cues: ['Que va-t-il se passer après la période d’expérimentation ?'],
    },
    {
      speaker: 'Élodie Garnier',
      cues: ['Nous demandons un bilan public et indépendant', 'avant toute généralisation.'],
    },
    {
      speaker: 'Karim Benali',
      cues: ['Et une vraie consultation des habitants, pas un simple questionnaire en ligne.'],
    },
    { speaker: 'Claire Vasseur', cues: ['Merci à tous les deux.'] },
  ],
};
