import type { DemoEpisode } from '../demo-types.ts';

// Plain text in Otter's export style: a "Name  m:ss" line, then the turn. Turns start on
// whole seconds so the timestamps are exact.
export const dronesManifestations: DemoEpisode = {
  show: 'ecoute-citoyenne',
  base: 'drones-manifestations',
  format: 'text',
  media: 'opus',
  title: 'Des drones au-dessus des manifestations',
  date: '2026-04-16',
  language: 'fr',
  url: 'https://ecoute-citoyenne.example.org/episodes/drones-manifestations',
  license: 'CC BY-SA 4.0',
  tags: ['drones', 'manifestations', 'espace public', 'observatoire'],
  speakers: [
    { name: 'Claire Vasseur', voice: 'fr+f2', role: 'animatrice' },
    { name: 'Thomas Girard', voice: 'fr+m4', role: 'photographe, observatoire des libertés publiques' },
  ],
  turns: [
    {
      speaker: 'Claire Vasseur',
      chapter: 'Introduction',
      cues: [
        'Bonsoir, vous écoutez Écoute Citoyenne.',
        'Ce soir, on lève les yeux vers le ciel : les drones au-dessus des manifestations.',
        'Thomas Girard, vous êtes photographe et membre d’un observatoire des libertés publiques.',
      ],
    },
    { speaker: 'Thomas Girard', cues: ['Bonsoir Claire.'] },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Des drones au-dessus des cortèges',
      cues: ['Qu’avez-vous observé ces derniers mois ?'],
    },
    {
      speaker: 'Thomas Girard',
      cues: [
        'Dans les grands cortèges, on voit désormais presque toujours un ou deux drones.',
        'Ils restent immobiles pendant des heures, à une hauteur où on ne les entend plus.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Qu’est-ce qu’ils filment, exactement ?'] },
    {
      speaker: 'Thomas Girard',
      cues: [
        'Officiellement, les mouvements de foule, pour la sécurité.',
        'Mais leurs caméras sont assez précises pour distinguer des visages,',
        'et personne ne sait combien de temps les images sont gardées.',
      ],
    },
    { speaker: 'Claire Vasseur', chapter: 'Ce que dit la loi', cues: ['Que prévoit la loi ?'] },
    {
      speaker: 'Thomas Girard',
      cues: [
        'Chaque vol doit être autorisé par un arrêté du préfet, limité dans le temps et dans l’espace.',
        'Le problème, c’est que ces arrêtés sont souvent publiés la veille au soir,',
        'trop tard pour qu’un juge puisse les examiner.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et la reconnaissance faciale sur ces images ?'] },
    {
      speaker: 'Thomas Girard',
      cues: [
        'En principe, elle est interdite.',
        'Mais une interdiction n’a de sens que si l’on peut vérifier qu’elle est respectée.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Documenter pour se défendre',
      cues: ['Que fait votre observatoire, concrètement ?'],
    },
    {
      speaker: 'Thomas Girard',
      cues: [
        'Nous recensons chaque arrêté, nous photographions les drones,',
        'et nous publions tout en données ouvertes.',
        'Sans ce travail de fourmi, aucun recours ne serait possible.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      cues: ['Thomas Girard, merci.', 'La carte de l’observatoire est en lien sur notre site.'],
    },
  ],
};
