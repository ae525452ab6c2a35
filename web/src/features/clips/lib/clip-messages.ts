// The clip features' words in English and French, following the app's locale.
import { useI18n } from '../../../shared/i18n/index.ts';

const en = {
  'maker.title': 'Make a clip',
  'maker.hint':
    'Select cues in the transcript (drag, shift+click or shift+arrows), or press i / o to set in / out at the playhead.',
  'maker.in': 'In',
  'maker.out': 'Out',
  'maker.setIn': 'Set in at playhead (i)',
  'maker.setOut': 'Set out at playhead (o)',
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
  'maker.saved': 'Clip saved.',
  'maker.editToken': 'Edit token (keep it to edit or delete this clip):',
  'maker.length': '{length} s',
  'share.link': 'Link',
  'share.embed': 'Embed code',
  'share.quote': 'Quote with citation',
  'share.copy': 'Copy',
  'share.copied': 'Copied',
  'share.open': 'Open the clip page',
  'clip.loading': 'Loading the clip…',
  'clip.notFound': 'This clip does not exist (or was deleted).',
  'clip.error': 'The clip could not be loaded: {message}',
  'clip.transcript': 'Transcript of the clip',
  'clip.from': 'From:',
  'clip.licence': 'Licence:',
  'clip.cite': 'Cite',
  'clip.style': 'Citation style',
  'clip.inText': 'In text:',
  'clip.quoted': '“{quote}”',
  'clip.speaker': '{name}:',
  'clip.downloads': 'Downloads',
  'clip.audio': 'Audio',
  'clip.captionsVtt': 'Captions (VTT)',
  'clip.captionsSrt': 'Captions (SRT)',
  'clip.markdown': 'Quote (Markdown)',
  'clip.fullEpisode': 'Play it in the full episode',
  'clip.changed': 'The transcript has changed since this clip was made.',
  'embed.onVerbatim': 'On Verbatim',
  'pack.loading': 'Loading the pack…',
  'pack.notFound': 'This pack does not exist (or was deleted).',
  'pack.playAll': 'Play all in order',
  'pack.nowPlaying': 'Now playing {n} of {total}',
  'pack.download': 'Download the pack (zip: audio, captions, handout, offline page)',
  'pack.finished': 'End of the pack.',
} as const;

export type ClipMessageKey = keyof typeof en;

const fr: Record<ClipMessageKey, string> = {
  'maker.title': 'Créer un extrait',
  'maker.hint':
    'Sélectionnez des répliques dans la transcription (glisser, maj+clic ou maj+flèches), ou appuyez sur i / o pour placer le début / la fin à la tête de lecture.',
  'maker.in': 'Début',
  'maker.out': 'Fin',
  'maker.setIn': 'Début à la tête de lecture (i)',
  'maker.setOut': 'Fin à la tête de lecture (o)',
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
  'maker.saved': 'Extrait enregistré.',
  'maker.editToken': 'Jeton de modification (gardez-le pour modifier ou supprimer l’extrait) :',
  'maker.length': '{length} s',
  'share.link': 'Lien',
  'share.embed': 'Code d’intégration',
  'share.quote': 'Citation avec référence',
  'share.copy': 'Copier',
  'share.copied': 'Copié',
  'share.open': 'Ouvrir la page de l’extrait',
  'clip.loading': 'Chargement de l’extrait…',
  'clip.notFound': 'Cet extrait n’existe pas (ou a été supprimé).',
  'clip.error': 'Impossible de charger l’extrait : {message}',
  'clip.transcript': 'Transcription de l’extrait',
  'clip.from': 'Source :',
  'clip.licence': 'Licence :',
  'clip.cite': 'Citer',
  'clip.style': 'Style de citation',
  'clip.inText': 'Dans le texte :',
  // Guillemets with no-break spaces inside (French typography).
  'clip.quoted': '« {quote} »',
  'clip.speaker': '{name} :',
  'clip.downloads': 'Téléchargements',
  'clip.audio': 'Audio',
  'clip.captionsVtt': 'Sous-titres (VTT)',
  'clip.captionsSrt': 'Sous-titres (SRT)',
  'clip.markdown': 'Citation (Markdown)',
  'clip.fullEpisode': 'L’écouter dans l’épisode complet',
  'clip.changed': 'La transcription a changé depuis la création de cet extrait.',
  'embed.onVerbatim': 'Sur Verbatim',
  'pack.loading': 'Chargement du dossier…',
  'pack.notFound': 'Ce dossier n’existe pas (ou a été supprimé).',
  'pack.playAll': 'Tout écouter dans l’ordre',
  'pack.nowPlaying': 'Extrait {n} sur {total}',
  'pack.download': 'Télécharger le dossier (zip : audio, sous-titres, fiche, page hors ligne)',
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
