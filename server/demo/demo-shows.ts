import type { DemoShow } from './demo-types.ts';

export const demoShows: DemoShow[] = [
  {
    slug: 'ecoute-citoyenne',
    title: 'Écoute Citoyenne',
    description:
      'Une émission de radio associative sur les libertés à l’ère numérique : reconnaissance faciale, vidéosurveillance, exportations de technologies de surveillance. Voix de synthèse, personnes fictives.',
    language: 'fr',
    url: 'https://ecoute-citoyenne.example.org/',
    license: 'CC BY-SA 4.0',
  },
  {
    slug: 'libertes-numeriques',
    title: 'Le podcast des Libertés Numériques',
    description:
      'Le podcast de l’association (fictive) Les Libertés Numériques : nos recours, nos analyses, et des entretiens sur la biométrie et la surveillance. Voix de synthèse.',
    language: 'fr',
    url: 'https://libertes-numeriques.example.org/podcast/',
    license: 'CC BY-SA 4.0',
  },
];
