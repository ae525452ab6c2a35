// A transcripts folder with one three-hour night broadcast where "données" is said in
// thousands of passages, next to two short episodes: the archive a listener searches when
// a common word fills one long episode. Shared by the browser test and the web bench.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LONG_EPISODE_ID = 'nuit-blanche--nuit-des-donnees';
/** Cues of the long episode, one every four seconds: three hours. */
export const LONG_EPISODE_CUES = 2_700;
/** The common word, and in how many of the long episode's cues it is said (once each). */
export const COMMON_WORD = 'données';
export const COMMON_WORD_CUES_IN_LONG_EPISODE = 2_430;

const VOICES = ['Solène Marchal', 'Idriss Benali', 'Capucine Roy'];
const SUBJECTS = ['Nos', 'Vos', 'Les', 'Ces', 'Leurs'];
const TOPICS = [
  'sont revendues aux courtiers publicitaires sans que personne ne le sache',
  'de santé ne devraient jamais quitter le cabinet du médecin',
  'collectées par la mairie dorment sur un serveur mal protégé',
  'de localisation racontent où nous dormons et qui nous voyons',
  'scolaires suivent les enfants bien après la fin du lycée',
  'du compteur dit à quelle heure la famille se lève',
  'chiffrées de bout en bout restent à l’abri des curieux',
];
const FILLERS = [
  'Le chiffrement protège aussi les journalistes et leurs sources.',
  'Une association de quartier a obtenu la fermeture du fichier illégal.',
  'La commission a rappelé la règle, sans infliger d’amende.',
];

const timestamp = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 23);

/** Every cue but one in ten says the common word once; sentences vary so snippets differ. */
export function longEpisodeVtt(): string {
  const cues: string[] = [];
  for (let i = 0; i < LONG_EPISODE_CUES; i++) {
    const voice = VOICES[i % VOICES.length]!;
    const text =
      i % 10 === 9
        ? `${FILLERS[i % FILLERS.length]} Minute ${Math.floor((i * 4) / 60)}.`
        : `${SUBJECTS[i % SUBJECTS.length]} ${COMMON_WORD} ${TOPICS[i % TOPICS.length]}, passage ${i}.`;
    cues.push(`${timestamp(i * 4)} --> ${timestamp(i * 4 + 3.5)}\n<v ${voice}>${text}`);
  }
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

function shortEpisodeVtt(sentences: string[]): string {
  const cues = sentences.map(
    (text, i) => `${timestamp(i * 5)} --> ${timestamp(i * 5 + 4.5)}\n<v Idriss Benali>${text}`,
  );
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export interface LongEpisodeArchive {
  transcriptsDir: string;
  remove(): void;
}

/** Writes the show into a fresh temp folder (no media: the search page does not play). */
export function writeLongEpisodeArchive(): LongEpisodeArchive {
  const transcriptsDir = mkdtempSync(path.join(tmpdir(), 'verbatim-long-episode-'));
  const show = path.join(transcriptsDir, 'nuit-blanche');
  mkdirSync(show);
  writeFileSync(
    path.join(show, 'show.json'),
    JSON.stringify({ title: 'Nuit blanche numérique', language: 'fr' }),
  );
  writeFileSync(path.join(show, 'nuit-des-donnees.vtt'), longEpisodeVtt());
  writeFileSync(
    path.join(show, 'nuit-des-donnees.meta.json'),
    JSON.stringify({ title: 'La nuit des données', date: '2025-11-08' }),
  );
  writeFileSync(
    path.join(show, 'court-rappel.vtt'),
    shortEpisodeVtt([
      'Un court rappel sur les données personnelles avant le journal.',
      'Demandez à voir vos données, la loi vous le permet.',
    ]),
  );
  writeFileSync(
    path.join(show, 'sans-le-mot.vtt'),
    shortEpisodeVtt(['Une émission sur les câbles sous-marins et les fermes de serveurs.']),
  );
  return { transcriptsDir, remove: () => rmSync(transcriptsDir, { recursive: true, force: true }) };
}
