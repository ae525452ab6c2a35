// /embed/clips/:id — the minimal page shown in an iframe on other sites: the player
// limited to the range, the quote, the attribution and a link back. Laid out to fit the
// iframe the embed code gives (560×220 for audio, 560×420 for video): the player and the
// attribution always show; the quote (and a video's picture) take what room is left, in
// a frame a course page narrowed too (useFitEmbedQuote).
// Every link opens a new tab: the host's iframe never becomes the whole app.
import { useCallback, useRef } from 'react';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { PlayerProvider } from '../../player/index.ts';
import { fetchClip, type ClipView } from '../api/clips-api.ts';
import { useFitEmbedQuote } from '../hooks/use-fit-embed-quote.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { ClipAttribution, ClipPlayer, EpisodeGoneNotice } from './clip-page.tsx';

/** A quote of at most 100 characters, cut at a word boundary with "…". */
function shortQuote(quote: string, max = 100): string {
  const text = quote.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return `“${text}”`;
  const cut = text.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `“${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max)).replace(/[\s,;:]+$/, '')}…”`;
}

/**
 * The framed page's title names the clip as its iframe's title does (server/clips/oembed.ts
 * embedTitle): its title, else its quote, then the episode and range.
 */
function embedTitle(view: ClipView): string {
  const clip = view.clip.title ?? (view.clip.quote.trim() ? shortQuote(view.clip.quote) : null);
  const where = `${view.episode.title} (${view.range})`;
  return clip ? `${clip} — ${where}` : where;
}

export function EmbedClipPage({ id }: { id: string }) {
  const say = useClipText();
  const { t } = useI18n();
  const load = useCallback((key: string, signal: AbortSignal) => fetchClip(key, signal), []);
  const state = useRemoteData(id, load);
  useDocumentTitle(state.status === 'ready' ? embedTitle(state.data) : undefined);
  if (state.status === 'loading') return <p role="status">{say('clip.loading')}</p>;
  if (state.status !== 'ready')
    return (
      <p role="alert">
        {state.status === 'not-found'
          ? say('clip.notFound')
          : state.network
            ? t('app.networkError')
            : say('clip.error', { message: state.message })}
      </p>
    );
  return <EmbedClipView view={state.data} />;
}

function EmbedClipView({ view }: { view: ClipView }) {
  const say = useClipText();
  const frame = useRef<HTMLDivElement>(null);
  const quote = useRef<HTMLParagraphElement>(null);
  useFitEmbedQuote(frame, quote);
  return (
    <PlayerProvider>
      <div className="clip-embed" ref={frame}>
        {view.episodeGone ? (
          <EpisodeGoneNotice detail={false} />
        ) : view.episode.mediaUrl ? (
          <ClipPlayer view={view} />
        ) : (
          // One short line where the player would be: why nothing plays, in the page's language.
          <p className="notice clip-embed-no-media" role="note">
            {say('embed.noMedia')}
          </p>
        )}
        <p className="clip-quote clip-embed-quote" title={view.clip.quote} ref={quote}>
          {/* First, so the frame's two lines never cut it off. */}
          {view.quoteEstimated && (
            <span className="clip-embed-approximate" title={say('clip.approximate')}>
              {say('embed.approximate')}{' '}
            </span>
          )}
          {say('clip.quoted', { quote: view.clip.quote })}
        </p>
        <div className="clip-embed-footer">
          <ClipAttribution view={view} newTab />
          <a className="clip-embed-link" href={view.links.page} target="_blank" rel="noopener">
            {say('embed.onVerbatim')}
          </a>
        </div>
      </div>
    </PlayerProvider>
  );
}
