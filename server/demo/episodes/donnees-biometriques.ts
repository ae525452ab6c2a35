import type { DemoEpisode } from '../demo-types.ts';

// Timestamped Markdown: one line per speaker turn, and each turn starts on a whole second
// so the `[mm:ss]` marker is exactly where the speech begins.
export const donneesBiometriques: DemoEpisode = {
  show: 'libertes-numeriques',
  base: 'donnees-biometriques',
  format: 'markdown',
  media: 'opus',
  title: 'On ne change pas de visage : les données biométriques',
  date: '2026-05-20',
  language: 'fr',
  url: 'https://libertes-numeriques.example.org/podcast/donnees-biometriques',
  license: 'CC BY-SA 4.0',
  tags: ['données biométriques', 'empreintes digitales', 'fuites de données', 'sécurité'],
  speakers: [
    { name: 'Julien Roche', voice: 'fr+m7', role: 'animateur' },
    { name: 'Léa Morvan', voice: 'fr+f4', role: 'ingénieure en sécurité informatique' },
  ],
  turns: [
    {
      speaker: 'Julien Roche',
      chapter: 'Introduction',
      cues: [
        'Bonjour et bienvenue dans le podcast des Libertés Numériques.',
        'Avec moi aujourd’hui, Léa Morvan, ingénieure en sécurité informatique.',
      ],
    },
    { speaker: 'Léa Morvan', cues: ['Bonjour Julien, bonjour à toutes et à tous.'] },
    {
      speaker: 'Julien Roche',
      chapter: 'Pourquoi la biométrie est à part',
      cues: ['Léa, on entend beaucoup parler de données biométriques.', 'De quoi s’agit-il, exactement ?'],
    },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Ce sont des données tirées du corps :',
        'l’empreinte digitale, la forme du visage, l’iris,',
        'parfois même la voix ou la démarche.',
      ],
    },
    {
      speaker: 'Julien Roche',
      cues: ['Et pourquoi est-ce qu’on les considère comme plus sensibles que les autres ?'],
    },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Parce qu’on ne peut pas les changer.',
        'Si votre mot de passe fuit, vous en choisissez un nouveau.',
        'Si c’est votre visage, vous ne pouvez pas changer de visage.',
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'Les fuites de données',
      cues: ['Il y a déjà eu des fuites de ce genre ?'],
    },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Oui, plusieurs.',
        'Des bases d’empreintes qui servaient à contrôler l’accès à des bureaux',
        'se sont retrouvées en ligne, sans aucune protection.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['Ça fait froid dans le dos.'] },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Le plus inquiétant, c’est que ces empreintes resteront valables',
        'toute la vie des personnes concernées.',
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'Conseils pratiques',
      cues: ['Alors, qu’est-ce qu’on peut faire, à notre échelle ?'],
    },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Préférer le déverrouillage par code quand c’est possible,',
        'et toujours demander où les données sont stockées.',
        'Sur le téléphone, c’est une chose. Sur un serveur distant, c’en est une autre.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['Et du côté des entreprises ?'] },
    {
      speaker: 'Léa Morvan',
      cues: [
        'Ne collecter que le strict nécessaire.',
        'Et se demander, avant tout projet, si un simple badge ne suffirait pas.',
      ],
    },
    {
      speaker: 'Julien Roche',
      cues: ['Merci Léa Morvan.', 'À bientôt sur le podcast des Libertés Numériques.'],
    },
  ],
};
