import type { DemoEpisode } from '../demo-types.ts';

export const exportationsTechnologiesSurveillance: DemoEpisode = {
  show: 'ecoute-citoyenne',
  base: 'exportations-technologies-surveillance',
  format: 'srt',
  media: 'opus',
  title: 'Qui vend nos technologies de surveillance ?',
  date: '2026-03-19',
  language: 'fr',
  url: 'https://ecoute-citoyenne.example.org/episodes/exportations-technologies-surveillance',
  license: 'CC BY-SA 4.0',
  tags: ['exportations', 'biens à double usage', 'surveillance', 'transparence'],
  speakers: [
    { name: 'Claire Vasseur', voice: 'fr+f2', role: 'animatrice' },
    { name: 'Hugo Lemaire', voice: 'fr+m1', role: 'chercheur en relations internationales' },
  ],
  turns: [
    {
      speaker: 'Claire Vasseur',
      chapter: 'Introduction',
      cues: [
        'Bonjour à toutes et à tous, et bienvenue dans Écoute Citoyenne.',
        'Notre invité s’intéresse à un sujet plutôt discret :',
        'l’exportation des technologies de surveillance.',
        'Hugo Lemaire, vous êtes chercheur en relations internationales. Bienvenue.',
      ],
    },
    { speaker: 'Hugo Lemaire', cues: ['Merci, ravi d’être là.'] },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Un marché mondial',
      cues: ['On a souvent l’image de logiciels espions vendus en secret.', 'Est-ce que c’est la réalité ?'],
    },
    {
      speaker: 'Hugo Lemaire',
      cues: [
        'En partie. Mais le plus souvent, tout est parfaitement légal.',
        'Des entreprises européennes vendent des caméras intelligentes,',
        'des logiciels d’analyse des visages ou des émotions,',
        'à des polices de pays qui ne respectent pas les droits humains.',
        'Et elles le font avec des licences délivrées par les États.',
      ],
    },
    { speaker: 'Claire Vasseur', chapter: 'Les biens à double usage', cues: ['Comment est-ce possible ?'] },
    {
      speaker: 'Hugo Lemaire',
      cues: [
        'Parce que ces outils sont classés comme des biens à double usage.',
        'Une caméra qui compte les voyageurs dans une gare',
        'peut aussi servir à suivre des manifestants.',
        'Le règlement européen impose un contrôle,',
        'mais il laisse beaucoup de marge aux gouvernements.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et l’on sait combien de licences sont accordées chaque année ?'] },
    {
      speaker: 'Hugo Lemaire',
      cues: [
        'Justement, non. Les chiffres publiés sont agrégés :',
        'on ne connaît ni les acheteurs, ni les produits exacts.',
        'Pour un chercheur, c’est un vrai mur.',
      ],
    },
    { speaker: 'Claire Vasseur', cues: ['Et les entreprises, que répondent-elles ?'] },
    {
      speaker: 'Hugo Lemaire',
      cues: [
        'Qu’elles respectent la loi, ce qui est souvent vrai.',
        'Et qu’elles ne contrôlent pas l’usage que leurs clients font de leurs produits.',
        'C’est précisément là que le bât blesse.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      chapter: 'Plus de transparence',
      cues: ['Qu’est-ce qu’il faudrait changer en priorité ?'],
    },
    {
      speaker: 'Hugo Lemaire',
      cues: [
        'D’abord, publier la liste des licences, pays par pays.',
        'Ensuite, refuser systématiquement l’exportation',
        'quand il existe un risque sérieux de répression.',
        'Ce n’est pas une question technique, c’est une question politique.',
      ],
    },
    {
      speaker: 'Claire Vasseur',
      cues: [
        'Hugo Lemaire, merci beaucoup.',
        'La transcription de cet épisode est disponible sur notre site.',
      ],
    },
  ],
};
