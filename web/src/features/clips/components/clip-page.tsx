// /clips/:id — plays only the clip's range, with its transcript, title/note, the show's
// attribution and licence, share and citation tools, and downloads.
import { Suspense, useCallback, useId } from 'react';
import { episodeCaptionsUrl } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { Link } from '../../../shared/router/index.ts';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import { formatEpisodeDate } from '../../../shared/time/index.ts';
import { PageMessage } from '../../search/index.ts';
import { Player, PlayerLoading, PlayerProvider, useCurrentTime, usePlayer } from '../../player/index.ts';
import { clipExportUrls, fetchClip, type ClipView } from '../api/clips-api.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { AddToPackButton } from './add-to-pack-button.tsx';
import { CitationPanel } from './citation-panel.tsx';
import { ClipShare } from './clip-share.tsx';
import { ClipTranscript } from './clip-transcript.tsx';

export function ClipPage({ id }: { id: string }) {
  const say = useClipText();
  const { t } = useI18n();
  const load = useCallback((key: string, signal: AbortSignal) => fetchClip(key, signal), []);
  const state = useRemoteData(id, load);
  if (state.status === 'loading')
    return (
      <p className="page-status" role="status">
        {say('clip.loading')}
      </p>
    );
  if (state.status !== 'ready')
    return (
      <PageMessage title={state.status === 'not-found' ? t('app.notFound.title') : t('app.error.title')}>
        {state.status === 'not-found'
          ? say('clip.notFound')
          : state.network
            ? t('app.networkError')
            : say('clip.error', { message: state.message })}
      </PageMessage>
    );
  return (
    <PlayerProvider>
      <ClipView view={state.data} />
    </PlayerProvider>
  );
}

/** Links that leave the page for a new tab (from an embed: never navigate the host's iframe). */
const NEW_TAB = { target: '_blank', rel: 'noopener' } as const;

/**
 * The show, episode, speaker and licence line, shared by the clip, pack and embed pages.
 * `newTab`: inside an embed, every link opens a new tab.
 */
export function ClipAttribution({ view, newTab = false }: { view: ClipView; newTab?: boolean }) {
  const say = useClipText();
  const { locale } = useI18n();
  const licence = view.episode.license ?? view.show?.license;
  // A deleted episode has no page to link to (the API leaves the link out): its title stays, as text.
  const episodeRange = view.links.episodeRange;
  const episodeTitle = !episodeRange ? (
    view.episode.title
  ) : newTab ? (
    <a href={episodeRange} {...NEW_TAB}>
      {view.episode.title}
    </a>
  ) : (
    <Link href={episodeRange.replace(/^https?:\/\/[^/]+/, '')}>{view.episode.title}</Link>
  );
  return (
    <p className="muted clip-attribution">
      {view.speaker && <>{view.speaker} · </>}
      {say('clip.from')}{' '}
      {view.show?.url ? (
        <a href={view.show.url} {...(newTab ? NEW_TAB : {})}>
          {view.show.title}
        </a>
      ) : (
        (view.show?.title ?? view.episode.showId)
      )}
      , {episodeTitle}
      {view.episode.date && <> ({formatEpisodeDate(view.episode.date, locale)})</>} ·{' '}
      {/* The player counts the clip's own time (0:00 at its start): this is the episode's. */}
      {say('clip.inEpisode', { range: view.range })}
      {licence && (
        <>
          {' '}
          · {say('clip.licence')} <span className="clip-licence">{licence}</span>
        </>
      )}
    </p>
  );
}

export function ClipPlayer({ view, autoPlay = false }: { view: ClipView; autoPlay?: boolean }) {
  if (!view.episode.mediaUrl) return null;
  return (
    <Suspense fallback={<PlayerLoading src={view.episode.mediaUrl} mediaType={view.episode.mediaType} />}>
      <Player
        src={view.episode.mediaUrl}
        mediaType={view.episode.mediaType}
        title={view.clip.title ?? view.episode.title}
        language={view.episode.language}
        startAt={view.clip.start}
        autoPlay={autoPlay}
        initialClipRange={{ start: view.clip.start, end: view.clip.end }}
        clipTimeline
        captionsSrc={episodeCaptionsUrl(view.episode.id)}
      />
    </Suspense>
  );
}

/** The episode is in the archive without media: said where the player would be. */
export function NoMediaNotice() {
  const say = useClipText();
  return <p className="notice clip-no-media">{say('clip.noMedia')}</p>;
}

/** The episode left the archive: said once, where the player would be. */
export function EpisodeGoneNotice({ detail = true }: { detail?: boolean }) {
  const say = useClipText();
  return (
    <p className="notice clip-episode-gone">
      {say('clip.episodeGone')}
      {detail && <> {say('clip.episodeGoneDetail')}</>}
    </p>
  );
}

function ClipView({ view }: { view: ClipView }) {
  const say = useClipText();
  const downloadsId = useId();
  useDocumentTitle(`${view.clip.title ?? view.episode.title} (${view.range})`);
  const player = usePlayer();
  const currentTime = useCurrentTime(player);
  const { locale } = useI18n();
  const exports = clipExportUrls(view.clip.id, locale);
  return (
    <article className="clip-page">
      <header>
        <h1>{view.clip.title ?? view.episode.title}</h1>
        <ClipAttribution view={view} />
      </header>
      {view.episodeGone ? (
        <EpisodeGoneNotice />
      ) : (
        <>
          {view.episode.mediaUrl ? <ClipPlayer view={view} /> : <NoMediaNotice />}
          {view.links.episodeRange && (
            <p>
              <Link href={view.links.episodeRange.replace(/^https?:\/\/[^/]+/, '')}>
                {say('clip.fullEpisode')}
              </Link>
            </p>
          )}
        </>
      )}
      <blockquote className="clip-quote">{say('clip.quoted', { quote: view.clip.quote })}</blockquote>
      {view.quoteEstimated && (
        <p className="hint" role="note">
          {say('clip.estimated')}
        </p>
      )}
      {view.clip.note && <p className="clip-note">{view.clip.note}</p>}
      {view.transcriptChanged && <p className="notice">{say('clip.changed')}</p>}
      {view.cues.length > 0 && (
        <ClipTranscript view={view} currentTime={currentTime} label={say('clip.transcript')} />
      )}
      <AddToPackButton view={view} />
      <ClipShare view={view} />
      <CitationPanel clipId={view.clip.id} />
      <section>
        <h2 id={downloadsId}>{say('clip.downloads')}</h2>
        <ul className="clip-downloads" aria-labelledby={downloadsId}>
          {/* Audio and captions need the episode's media and transcript. */}
          {!view.episodeGone && (
            <>
              {/* Without media the export answers 404: no link to a download that fails. */}
              {view.episode.mediaUrl && (
                <li>
                  <a href={exports.audio} download>
                    {view.episode.mediaType?.startsWith('video/') ? say('clip.video') : say('clip.audio')}
                  </a>
                </li>
              )}
              <li>
                <a href={exports.vtt} download>
                  {say('clip.captionsVtt')}
                </a>
              </li>
              <li>
                <a href={exports.srt} download>
                  {say('clip.captionsSrt')}
                </a>
              </li>
            </>
          )}
          <li>
            <a href={exports.md} download>
              {say('clip.markdown')}
            </a>
          </li>
        </ul>
      </section>
    </article>
  );
}
