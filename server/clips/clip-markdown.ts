// The quote as Markdown with its citation and links: the clip's `md` export and, per clip,
// the pack handout.
import { escapeMarkdown, formatCitation, type CitationLanguage } from './format-citation.ts';
import { episodeGoneNotice, type ClipContext } from './clip-context.ts';
import { quoteEstimatedNotice, transcriptChangedNotice } from './clip-captions.ts';

/** Quotes each line so a multi-line note stays inside the blockquote. */
const blockquote = (text: string) =>
  text
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');

/**
 * The words of the Markdown around the clip's own text, in the language of the reader (also
 * the pack zip's handout and offline page).
 */
export const clipExportWords = {
  en: {
    quoted: (text: string) => `“${text}”`,
    episodeGone: episodeGoneNotice,
    transcriptChanged: transcriptChangedNotice,
    quoteEstimated: quoteEstimatedNotice,
    reference: '**Citation (APA 7):**',
    inText: '**In text:**',
    clip: 'The clip:',
    listen: 'Listen to the clip:',
    watch: 'Watch the clip:',
    fullEpisode: 'In the full episode:',
    licence: 'Licence:',
  },
  fr: {
    quoted: (text: string) => `«\u00a0${text}\u00a0»`,
    episodeGone:
      'Cet épisode n’est plus dans l’archive : la citation et sa référence sont celles du moment où l’extrait a été créé.',
    transcriptChanged:
      'La transcription de l’épisode a été modifiée après la création de cet extrait : la citation est celle enregistrée avec l’extrait, les sous-titres suivent la transcription actuelle.',
    quoteEstimated: '(citation approximative : cette transcription n’a pas de minutage des mots ici)',
    reference: '**Référence (APA 7) :**',
    inText: '**Dans le texte :**',
    clip: 'L’extrait :',
    listen: 'Écouter l’extrait :',
    watch: 'Regarder l’extrait :',
    fullEpisode: 'Dans l’épisode complet :',
    licence: 'Licence :',
  },
} satisfies Record<CitationLanguage, unknown>;

/** A clip of a video episode is watched, not listened to. */
export const isVideoClip = (ctx: Pick<ClipContext, 'episode'>) =>
  ctx.episode.mediaType?.startsWith('video/') ?? false;

/** Whether the clips that play are all audio, all video, or some of each. */
export type PlayedMedia = 'audio' | 'video' | 'mixed';

export function playedMediaOf(mediaTypes: readonly (string | null)[]): PlayedMedia {
  const videos = mediaTypes.filter((t) => t?.startsWith('video/')).length;
  return videos === 0 ? 'audio' : videos === mediaTypes.length ? 'video' : 'mixed';
}

export function clipMarkdownSection(
  ctx: ClipContext,
  options: { heading: string; note?: string | null; language?: CitationLanguage },
): string {
  const language = options.language ?? 'en';
  const say = clipExportWords[language];
  const apa = formatCitation(ctx.citationSource, 'apa', language);
  const showTitle = ctx.show?.title ?? ctx.episode.showId;
  const attribution = [
    ctx.speaker ? escapeMarkdown(ctx.speaker) : null,
    `*${escapeMarkdown(showTitle)}*`,
    say.quoted(escapeMarkdown(ctx.episode.title)),
    ctx.range,
  ]
    .filter(Boolean)
    .join(', ');
  const parts = [
    options.heading,
    '',
    // On the quote's own line, so it goes wherever the quote is copied.
    blockquote(
      say.quoted(escapeMarkdown(ctx.clip.quote)) +
        (ctx.quoteEstimated ? ` *${escapeMarkdown(say.quoteEstimated)}*` : ''),
    ),
    '>',
    blockquote(`— ${attribution}`),
    '',
  ];
  if (ctx.episodeGone) parts.push(`*${escapeMarkdown(say.episodeGone)}*`, '');
  if (ctx.transcriptChanged) parts.push(`*${escapeMarkdown(say.transcriptChanged)}*`, '');
  const notes = [ctx.clip.note, options.note].filter((n): n is string => Boolean(n));
  for (const note of notes) parts.push(escapeMarkdown(note), '');
  parts.push(
    `${say.reference} ${apa.markdown}  `,
    `${say.inText} ${escapeMarkdown(apa.inText ?? '')}`,
    '',
    // The episode page of a deleted episode answers 404: only the clip page is linked then.
    ctx.episodeGone
      ? `${say.clip} <${ctx.links.page}>`
      : `${isVideoClip(ctx) ? say.watch : say.listen} <${ctx.links.page}>  `,
  );
  if (ctx.links.episodeRange) parts.push(`${say.fullEpisode} <${ctx.links.episodeRange}>`);
  const license = ctx.episode.license ?? ctx.show?.license;
  if (license) parts.push('', `${say.licence} ${escapeMarkdown(license)}`);
  return parts.join('\n');
}

/** The clip's `md` export, in English or French (the language of the page it is taken from). */
export function clipMarkdown(ctx: ClipContext, language: CitationLanguage = 'en'): string {
  const title = ctx.clip.title ?? `${ctx.episode.title} (${ctx.range})`;
  return clipMarkdownSection(ctx, { heading: `# ${escapeMarkdown(title)}`, language }) + '\n';
}
