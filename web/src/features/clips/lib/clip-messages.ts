// The clip features' words in English and French, following the app's locale.
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatLength } from '../../../shared/time/index.ts';

const en = {
  'maker.title': 'Make a clip',
  'maker.hint':
    'Select cues in the transcript (drag, shift+click or shift+arrows), or play a line and set in / out at its start / end. i / o set them at the playhead.',
  'maker.in': 'In',
  'maker.out': 'Out',
  'maker.setIn': 'Set in at playhead (i)',
  'maker.setOut': 'Set out at playhead (o)',
  'maker.setInAtLine': 'Set in at the start of the line ({time})',
  'maker.setOutAtLine': 'Set out at the end of the line ({time})',
  'maker.wordEarlier': '◀ word',
  'maker.wordLater': 'word ▶',
  'maker.earlier': '−0.5 s',
  'maker.later': '+0.5 s',
  'maker.nudge': 'Nudge {end}',
  'maker.preview': 'Preview on a loop',
  'maker.stopPreview': 'Stop preview',
  'maker.clipTitle': 'Title (optional)',
  'maker.note': 'Note (optional)',
  'maker.save': 'Save clip',
  'maker.saving': 'Saving…',
  'maker.incomplete': 'Set both ends of the clip first.',
  'maker.endBeforeStart': 'The end must come after the start.',
  'maker.tooLong': 'A clip lasts at most {max}; this one lasts {length}. Bring its ends closer.',
  'maker.saved': 'Clip saved.',
  'maker.editToken': 'Edit token (keep it to edit or delete this clip):',
  'maker.length': '{length} s',
  'maker.savedRange': '{range}, {length} s',
  'maker.widened':
    'This part of the transcript has no word timings, so the clip covers the whole lines it cuts into: it will be saved as {range} ({length} s), not {asked}.',
  'maker.estimated':
    'This transcript has no precise timings here (one time for a long passage), so the clip keeps the range you set, {range} ({length} s), and its quote is estimated: the words likely said in it, spread over the passage by their length. Play the preview to check it.',
  'share.link': 'Link',
  'share.embed': 'Embed code',
  'share.quote': 'Quote with citation',
  'share.copy': 'Copy',
  'share.copyField': 'Copy: {field}',
  'share.copied': 'Copied',
  'share.citationLoading': 'Loading the citation…',
  'share.open': 'Open the clip page',
  'clip.loading': 'Loading the clip…',
  'clip.notFound': 'This clip does not exist (or was deleted).',
  'clip.error': 'The clip could not be loaded: {message}',
  'clip.transcript': 'Transcript of the clip',
  'clip.from': 'From:',
  'clip.licence': 'Licence:',
  'clip.inEpisode': '{range} in the episode',
  'clip.cite': 'Cite',
  'clip.style': 'Citation style',
  'clip.inText': 'In text:',
  'clip.quoted': '“{quote}”',
  'clip.speaker': '{name}:',
  'clip.downloads': 'Downloads',
  'clip.audio': 'Audio',
  // A video clip's media export is the cut video.
  'clip.video': 'Video (MP4)',
  'clip.captionsVtt': 'Captions (VTT)',
  'clip.captionsSrt': 'Captions (SRT)',
  'clip.markdown': 'Quote (Markdown)',
  'clip.fullEpisode': 'Play it in the full episode',
  'clip.changed': 'The transcript has changed since this clip was made.',
  'clip.estimated':
    'This transcript has no precise timings here: the quote is estimated, the words likely said in this range of a longer passage.',
  'clip.episodeGone': 'This episode is no longer in the archive.',
  'clip.episodeGoneDetail':
    'The quote and its citation are as they were when the clip was made; its audio and captions went with the episode.',
  'clip.noMedia':
    'This episode has no audio or video in the archive: the clip has its quote, transcript, captions and citation.',
  'embed.onVerbatim': 'On Verbatim',
  'embed.noMedia': 'No audio or video of this clip in the archive.',
  // Beside an estimated quote wherever it is shown or copied (server/clips/clip-captions.ts says it in exports).
  'clip.approximate': '(approximate quote: this transcript has no word timings here)',
  // Before the embed's quote, which its frame may cut to two lines: short, so the quote shows
  // (at 320 px the longer words left it one word); the reason is in its tooltip.
  'embed.approximate': 'Approximate quote:',
  'pack.loading': 'Loading the pack…',
  'pack.notFound': 'This pack does not exist (or was deleted).',
  'pack.playAll': 'Play all in order',
  'pack.playAllVideo': 'Play all in order',
  'pack.playAllMixed': 'Play all in order',
  'pack.playClip': 'Play clip {n}: {title}',
  'pack.watchClip': 'Play clip {n}: {title}',
  'pack.nowPlaying': 'Now playing {n} of {total}',
  'pack.download': 'Download the pack (zip: audio, captions, handout, offline page)',
  'pack.lengthOne': '1 clip {toPlay}, {length} in all',
  'pack.deleted': 'Clip {n} was deleted',
  'pack.lengthMany': '{count} clips {toPlay}, {length} in all',
  'pack.toPlay.audio': 'to play',
  'pack.toPlay.video': 'to play',
  'pack.toPlay.mixed': 'to play',
  'basket.add': 'Add to a lesson pack',
  'basket.added': 'In your lesson pack',
  'basket.remove': 'Remove from the pack',
  'basket.full': 'A pack holds at most {max} clips.',
  'basket.open': 'Open the pack being made ({count})',
  'builder.title': 'Make a lesson pack',
  'builder.hint':
    'The clips you added, in the order they will play. Give the pack a title, an intro if you like, and a note for each clip.',
  'builder.empty':
    'No clip in the pack yet. On a clip page (or right after saving a clip), choose “Add to a lesson pack”.',
  'builder.packTitle': 'Title of the pack',
  'builder.intro': 'Intro (optional)',
  'builder.note': 'Note for this clip (optional)',
  'builder.up': 'Move up',
  'builder.down': 'Move down',
  'builder.remove': 'Remove',
  'builder.clipLabel': 'Clip {n}: {title}',
  'builder.create': 'Create the pack',
  'builder.creating': 'Creating…',
  'builder.needTitle': 'Give the pack a title first.',
  'builder.missing': 'This clip no longer exists (it was deleted). Remove it, then create the pack.',
  'builder.created': 'Pack created.',
  'builder.openPack': 'Open the pack',
  'builder.editToken': 'Edit token (keep it to delete this pack):',
  'builder.another': 'Make another pack',
  'pack.finished': 'End of the pack.',
} as const;

export type ClipMessageKey = keyof typeof en;

const fr: Record<ClipMessageKey, string> = {
  'maker.title': 'Créer un extrait',
  'maker.hint':
    'Sélectionnez des répliques dans la transcription (glisser, maj+clic ou maj+flèches), ou écoutez une réplique et placez le début / la fin à son début / sa fin. i / o les placent à la tête de lecture.',
  'maker.in': 'Début',
  'maker.out': 'Fin',
  'maker.setIn': 'Début à la tête de lecture (i)',
  'maker.setOut': 'Fin à la tête de lecture (o)',
  'maker.setInAtLine': 'Début au début de la réplique ({time})',
  'maker.setOutAtLine': 'Fin à la fin de la réplique ({time})',
  'maker.wordEarlier': '◀ mot',
  'maker.wordLater': 'mot ▶',
  'maker.earlier': '−0,5 s',
  'maker.later': '+0,5 s',
  'maker.nudge': 'Ajuster : {end}',
  'maker.preview': 'Écouter en boucle',
  'maker.stopPreview': 'Arrêter l’écoute',
  'maker.clipTitle': 'Titre (facultatif)',
  'maker.note': 'Note (facultative)',
  'maker.save': 'Enregistrer l’extrait',
  'maker.saving': 'Enregistrement…',
  'maker.incomplete': 'Placez d’abord le début et la fin de l’extrait.',
  'maker.endBeforeStart': 'La fin doit venir après le début.',
  'maker.tooLong': 'Un extrait dure au plus {max} ; celui-ci dure {length}. Rapprochez le début et la fin.',
  'maker.saved': 'Extrait enregistré.',
  'maker.editToken': 'Jeton de modification (gardez-le pour modifier ou supprimer l’extrait) :',
  'maker.length': '{length} s',
  'maker.savedRange': '{range}, {length} s',
  'maker.widened':
    'Cette partie de la transcription n’a pas de minutage des mots : l’extrait couvre les répliques entières qu’il entame. Il sera enregistré ainsi : {range} ({length} s), au lieu de {asked}.',
  'maker.estimated':
    'Cette transcription n’a pas de minutage précis ici (un seul horodatage pour un long passage) : l’extrait garde la plage choisie, {range} ({length} s), et sa citation est estimée — les mots probablement prononcés dans cette plage, répartis sur le passage selon leur longueur. Écoutez l’aperçu pour la vérifier.',
  'share.link': 'Lien',
  'share.embed': 'Code d’intégration',
  'share.quote': 'Citation avec référence',
  'share.copy': 'Copier',
  'share.copyField': 'Copier : {field}',
  'share.copied': 'Copié',
  'share.citationLoading': 'Chargement de la référence…',
  'share.open': 'Ouvrir la page de l’extrait',
  'clip.loading': 'Chargement de l’extrait…',
  'clip.notFound': 'Cet extrait n’existe pas (ou a été supprimé).',
  'clip.error': 'Impossible de charger l’extrait : {message}',
  'clip.transcript': 'Transcription de l’extrait',
  'clip.from': 'Source :',
  'clip.licence': 'Licence :',
  'clip.inEpisode': '{range} dans l’épisode',
  'clip.cite': 'Citer',
  'clip.style': 'Style de citation',
  'clip.inText': 'Dans le texte :',
  // Guillemets with no-break spaces inside (French typography).
  'clip.quoted': '« {quote} »',
  'clip.speaker': '{name} :',
  'clip.downloads': 'Téléchargements',
  'clip.audio': 'Audio',
  'clip.video': 'Vidéo (MP4)',
  'clip.captionsVtt': 'Sous-titres (VTT)',
  'clip.captionsSrt': 'Sous-titres (SRT)',
  'clip.markdown': 'Citation (Markdown)',
  'clip.fullEpisode': 'L’écouter dans l’épisode complet',
  'clip.changed': 'La transcription a changé depuis la création de cet extrait.',
  'clip.estimated':
    'Cette transcription n’a pas de minutage précis ici : la citation est estimée, ce sont les mots probablement prononcés dans cette plage d’un passage plus long.',
  'clip.episodeGone': 'Cet épisode n’est plus dans l’archive.',
  'clip.episodeGoneDetail':
    'La citation et sa référence sont celles du moment où l’extrait a été créé ; son audio et ses sous-titres sont partis avec l’épisode.',
  'clip.noMedia':
    'Cet épisode n’a ni audio ni vidéo dans l’archive : l’extrait garde sa citation, sa transcription, ses sous-titres et sa référence.',
  'embed.onVerbatim': 'Sur Verbatim',
  'embed.noMedia': 'Pas d’audio ni de vidéo de cet extrait dans l’archive.',
  'clip.approximate': '(citation approximative : cette transcription n’a pas de minutage des mots ici)',
  'embed.approximate': 'Citation approximative :',
  'pack.loading': 'Chargement du dossier…',
  'pack.notFound': 'Ce dossier n’existe pas (ou a été supprimé).',
  'pack.playAll': 'Tout écouter dans l’ordre',
  // A video is watched ("regarder"); a pack of both is played ("lire").
  'pack.playAllVideo': 'Tout regarder dans l’ordre',
  'pack.playAllMixed': 'Tout lire dans l’ordre',
  'pack.playClip': 'Écouter l’extrait {n} : {title}',
  'pack.watchClip': 'Regarder l’extrait {n} : {title}',
  'pack.nowPlaying': 'Extrait {n} sur {total}',
  'pack.download': 'Télécharger le dossier (zip : audio, sous-titres, fiche, page hors ligne)',
  'pack.lengthOne': '1 extrait {toPlay}, {length} au total',
  'pack.deleted': 'L’extrait {n} a été supprimé',
  'pack.lengthMany': '{count} extraits {toPlay}, {length} au total',
  'pack.toPlay.audio': 'à écouter',
  'pack.toPlay.video': 'à regarder',
  'pack.toPlay.mixed': 'à écouter ou regarder',
  'basket.add': 'Ajouter à un dossier pédagogique',
  'basket.added': 'Dans votre dossier',
  'basket.remove': 'Retirer du dossier',
  'basket.full': 'Un dossier contient au plus {max} extraits.',
  'basket.open': 'Ouvrir le dossier en cours ({count})',
  'builder.title': 'Créer un dossier pédagogique',
  'builder.hint':
    'Les extraits ajoutés, dans l’ordre où ils seront lus. Donnez un titre au dossier, une introduction si vous le souhaitez, et une note pour chaque extrait.',
  'builder.empty':
    'Aucun extrait dans le dossier pour l’instant. Sur la page d’un extrait (ou juste après l’avoir enregistré), choisissez « Ajouter à un dossier pédagogique ».',
  'builder.packTitle': 'Titre du dossier',
  'builder.intro': 'Introduction (facultative)',
  'builder.note': 'Note pour cet extrait (facultative)',
  'builder.up': 'Monter',
  'builder.down': 'Descendre',
  'builder.remove': 'Retirer',
  'builder.clipLabel': 'Extrait {n} : {title}',
  'builder.create': 'Créer le dossier',
  'builder.creating': 'Création…',
  'builder.needTitle': 'Donnez d’abord un titre au dossier.',
  'builder.missing': 'Cet extrait n’existe plus (il a été supprimé). Retirez-le, puis créez le dossier.',
  'builder.created': 'Dossier créé.',
  'builder.openPack': 'Ouvrir le dossier',
  'builder.editToken': 'Jeton de modification (gardez-le pour supprimer ce dossier) :',
  'builder.another': 'Créer un autre dossier',
  'pack.finished': 'Fin du dossier.',
};

const catalogs = { en, fr } as const;

export type ClipText = (key: ClipMessageKey, vars?: Record<string, string | number>) => string;

export function useClipText(): ClipText {
  const { locale } = useI18n();
  const catalog: Record<ClipMessageKey, string> = locale === 'fr' ? catalogs.fr : catalogs.en;
  return (key, vars) =>
    vars
      ? catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in vars ? String(vars[name]) : whole,
        )
      : catalog[key];
}

/** Whether the clips that play are all audio, all video, or some of each. */
export type PlayedMedia = 'audio' | 'video' | 'mixed';

export function playedMediaOf(mediaTypes: readonly (string | null)[]): PlayedMedia {
  const videos = mediaTypes.filter((t) => t?.startsWith('video/')).length;
  return videos === 0 ? 'audio' : videos === mediaTypes.length ? 'video' : 'mixed';
}

/** "2 clips to play, 1 min 12 s in all": how many clips and how long they last together. */
export function packLengthText(
  say: ClipText,
  seconds: readonly number[],
  played: PlayedMedia = 'audio',
): string {
  // The sum of the lengths shown for each clip (whole seconds), so "6 s + 2 s + 5 s" is "13 s"
  // in all, not the rounded exact sum (14 s).
  const length = formatLength(seconds.reduce((sum, s) => sum + Math.round(s), 0));
  const toPlay = say(`pack.toPlay.${played}`);
  return seconds.length === 1
    ? say('pack.lengthOne', { length, toPlay })
    : say('pack.lengthMany', { count: seconds.length, length, toPlay });
}
