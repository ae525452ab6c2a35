// The quote as Markdown with its citation and links: the clip's `md` export and, per clip,
// the pack handout.
import { escapeMarkdown, formatCitation } from './format-citation.ts';
import { episodeGoneNotice, type ClipContext } from './clip-context.ts';
import { transcriptChangedNotice } from './clip-captions.ts';

/** Quotes each line so a multi-line note stays inside the blockquote. */
const blockquote = (text: string) =>
  text
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');

export function clipMarkdownSection(
  ctx: ClipContext,
  options: { heading: string; note?: string | null },
): string {
  const apa = formatCitation(ctx.citationSource, 'apa');
  const showTitle = ctx.show?.title ?? ctx.episode.showId;
  const attribution = [
    ctx.speaker ? escapeMarkdown(ctx.speaker) : null,
    `*${escapeMarkdown(showTitle)}*`,
    `“${escapeMarkdown(ctx.episode.title)}”`,
    ctx.range,
  ]
    .filter(Boolean)
    .join(', ');
  const parts = [
    options.heading,
    '',
    blockquote(`“${escapeMarkdown(ctx.clip.quote)}”`),
    '>',
    blockquote(`— ${attribution}`),
    '',
  ];
  if (ctx.episodeGone) parts.push(`*${escapeMarkdown(episodeGoneNotice)}*`, '');
  if (ctx.transcriptChanged) parts.push(`*${escapeMarkdown(transcriptChangedNotice)}*`, '');
  const notes = [ctx.clip.note, options.note].filter((n): n is string => Boolean(n));
  for (const note of notes) parts.push(escapeMarkdown(note), '');
  parts.push(
    `**Citation (APA 7):** ${apa.markdown}  `,
    `**In text:** ${escapeMarkdown(apa.inText ?? '')}`,
    '',
    // The episode page of a deleted episode answers 404: only the clip page is linked then.
    ctx.episodeGone ? `The clip: <${ctx.links.page}>` : `Listen to the clip: <${ctx.links.page}>  `,
  );
  if (ctx.links.episodeRange) parts.push(`In the full episode: <${ctx.links.episodeRange}>`);
  const license = ctx.episode.license ?? ctx.show?.license;
  if (license) parts.push('', `Licence: ${escapeMarkdown(license)}`);
  return parts.join('\n');
}

export function clipMarkdown(ctx: ClipContext): string {
  const title = ctx.clip.title ?? `${ctx.episode.title} (${ctx.range})`;
  return clipMarkdownSection(ctx, { heading: `# ${escapeMarkdown(title)}` }) + '\n';
}
