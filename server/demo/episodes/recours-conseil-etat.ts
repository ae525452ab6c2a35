import type { DemoEpisode } from '../demo-types.ts';

// Whisper JSON with word timings: every word is synthesized on its own, so each word is exact.
export const recoursConseilEtat: DemoEpisode = {
  show: 'libertes-numeriques',
  base: 'recours-conseil-etat',
  format: 'whisper-json',
  media: 'opus',
  title: 'Notre recours contre le décret sur la vidéosurveillance algorithmique',
  date: '2026-05-06',
  language: 'fr',
  url: 'https://libertes-numeriques.example.org/podcast/recours-conseil-etat',
  license: 'CC BY-SA 4.0',
  tags: ['recours', 'Conseil d’État', 'vidéosurveillance algorithmique', 'association'],
  speakers: [
    { name: 'Julien Roche', voice: 'fr+m7', role: 'animateur' },
    { name: 'Aurélie Tessier', voice: 'fr+f5', role: 'avocate de l’association' },
  ],
  turns: [
    {
      speaker: 'Julien Roche',
      chapter: 'Introduction',
      cues: [
        'Bonjour, vous écoutez le podcast des Libertés Numériques.',
        'Aujourd’hui, une annonce importante :',
        'l’association a déposé un recours devant le Conseil d’État.',
        'Aurélie Tessier, vous êtes notre avocate. Bonjour.',
      ],
    },
    { speaker: 'Aurélie Tessier', cues: ['Bonjour Julien.'] },
    {
      speaker: 'Julien Roche',
      chapter: 'Pourquoi un recours',
      cues: ['Expliquez-nous d’abord le contexte.'],
    },
    {
      speaker: 'Aurélie Tessier',
      cues: [
        'Alors, ce qui a motivé',
        'notre recours, c’est un décret publié cet été',
        'qui autorise l’analyse automatisée des images',
        'de vidéosurveillance dans les transports.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['Qu’est-ce qui pose problème dans ce texte ?'] },
    {
      speaker: 'Aurélie Tessier',
      cues: [
        'Trois choses.',
        'D’abord, il ne fixe aucune limite claire à la conservation des images.',
        'Ensuite, il renvoie à des arrêtés qui ne sont pas encore publiés.',
        'Enfin, il ne prévoit aucune information des personnes filmées.',
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'La procédure',
      cues: ['Et concrètement, comment se passe la procédure ?'],
    },
    {
      speaker: 'Aurélie Tessier',
      cues: [
        'Nous avons déposé une requête en annulation,',
        'avec un référé-suspension pour aller plus vite.',
        'Le juge des référés devrait se prononcer d’ici quelques semaines.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['D’autres associations vous ont rejoints ?'] },
    {
      speaker: 'Aurélie Tessier',
      cues: [
        'Oui, deux associations ont déposé des interventions volontaires.',
        'Plus nous sommes nombreux, plus le signal est fort.',
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'Comment nous aider',
      cues: ['Comment nos auditeurs peuvent-ils aider ?'],
    },
    {
      speaker: 'Aurélie Tessier',
      cues: [
        'En partageant nos analyses, et en écrivant à leurs élus.',
        'Un recours ne remplace pas le débat démocratique.',
      ],
    },
    {
      speaker: 'Julien Roche',
      cues: ['Merci Aurélie.', 'On vous tiendra au courant de la décision.'],
    },
  ],
};
