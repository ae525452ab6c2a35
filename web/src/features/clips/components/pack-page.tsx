// /packs/:id — a lesson pack: its clips in order, played one after the other.
import { Suspense, useCallback, useEffect, useState } from 'react';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import { PageMessage } from '../../search/index.ts';
import { episodeCaptionsUrl } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { Player, PlayerLoading, PlayerProvider, usePlayer } from '../../player/index.ts';
import { fetchPack, type PackView } from '../api/clips-api.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { packLengthText, playedMediaOf, useClipText } from '../lib/clip-messages.ts';
import { formatLength } from '../../../shared/time/index.ts';
import { ClipAttribution, EpisodeGoneNotice, NoMediaNotice } from './clip-page.tsx';

export function PackPage({ id }: { id: string }) {
  const say = useClipText();
  const { t } = useI18n();
  const load = useCallback((key: string, signal: AbortSignal) => fetchPack(key, signal), []);
  const state = useRemoteData(id, load);
  if (state.status === 'loading')
    return (
      <p className="page-status" role="status">
        {say('pack.loading')}
      </p>
    );
  if (state.status !== 'ready')
    return (
      <PageMessage title={state.status === 'not-found' ? t('app.notFound.title') : t('app.error.title')}>
        {state.status === 'not-found'
          ? say('pack.notFound')
          : state.network
            ? t('app.networkError')
            : state.message}
      </PageMessage>
    );
  return <PackView view={state.data} />;
}

/** A quote short enough to name a clip in a button's accessible name. */
function shortQuote(quote: string, max = 60): string {
  if (quote.length <= max) return quote;
  const cut = quote.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * A clip deleted since the pack was made keeps its place (and note) but cannot play, nor
 * can a clip whose episode left the archive (it keeps its quote and citation), nor one
 * whose episode has no media (playing in order would stop there, with no player to end it).
 */
const playable = (e: PackView['items'][number]) => !e.missing && !e.episodeGone && !!e.episode.mediaUrl;

const playAllKey = { audio: 'pack.playAll', video: 'pack.playAllVideo', mixed: 'pack.playAllMixed' } as const;

/** How long a clip of the pack plays. */
const lengthOf = ({ clip }: { clip: { start: number; end: number } }) => clip.end - clip.start;

function PackView({ view }: { view: PackView }) {
  const say = useClipText();
  const { locale } = useI18n();
  const toPlay = view.items.flatMap((e) => (playable(e) && !e.missing ? [lengthOf(e)] : []));
  // Listened to, watched, or both: said so in French ("à écouter", "à regarder").
  const played = playedMediaOf(
    view.items.flatMap((e) => (playable(e) && !e.missing ? [e.episode.mediaType] : [])),
  );
  const firstPlayable = Math.max(0, view.items.findIndex(playable));
  // The player waits on the first clip that plays, not on a deleted or silent one.
  const [current, setCurrent] = useState(firstPlayable);
  const [started, setStarted] = useState(false);
  const [finished, setFinished] = useState(false);
  const shown = view.items[current];
  const item = shown && playable(shown) && !shown.missing ? shown : undefined;
  useDocumentTitle(view.pack.title);
  const playFrom = (index: number) => {
    setCurrent(index);
    setStarted(true);
    setFinished(false);
  };
  const advance = useCallback(
    (ended: number) => {
      const next = view.items.findIndex((e, i) => i > ended && playable(e));
      if (next >= 0) setCurrent(next);
      else setFinished(true);
    },
    [view.items],
  );
  return (
    <article className="pack-page" data-current-index={current} data-finished={finished ? 'true' : undefined}>
      <h1>{view.pack.title}</h1>
      {view.pack.intro && <p className="pack-intro">{view.pack.intro}</p>}
      {toPlay.length > 0 && <p className="pack-length">{packLengthText(say, toPlay, played)}</p>}
      <p>
        <button type="button" className="primary-button" onClick={() => playFrom(firstPlayable)}>
          {say(playAllKey[played])}
        </button>{' '}
        {/* The handout and offline page in the zip, in the reader's language. */}
        <a href={`${view.links.zip}?lang=${locale}`} download>
          {say('pack.download')}
        </a>
      </p>
      {item && (
        <section aria-live="polite">
          <p className="muted">
            {finished
              ? say('pack.finished')
              : say('pack.nowPlaying', { n: current + 1, total: view.items.length })}
          </p>
          {item.episode.mediaUrl && (
            <PlayerProvider key={`${current}-${item.clip.id}`}>
              <Suspense
                fallback={<PlayerLoading src={item.episode.mediaUrl} mediaType={item.episode.mediaType} />}
              >
                <Player
                  src={item.episode.mediaUrl}
                  mediaType={item.episode.mediaType}
                  title={item.clip.title ?? item.episode.title}
                  startAt={item.clip.start}
                  initialClipRange={{ start: item.clip.start, end: item.clip.end }}
                  clipTimeline
                  autoPlay={started && !finished}
                  captionsSrc={episodeCaptionsUrl(item.episode.id)}
                />
              </Suspense>
              {started && !finished && (
                <AdvanceAtEnd index={current} start={item.clip.start} end={item.clip.end} onEnd={advance} />
              )}
            </PlayerProvider>
          )}
        </section>
      )}
      <ol className="pack-items">
        {view.items.map((entry, index) =>
          entry.missing ? (
            <li key={`${index}-${entry.clipId}`} className="pack-item-missing">
              {/* In the reader's language (the API's title is English). */}
              <h2>{say('pack.deleted', { n: index + 1 })}</h2>
              {entry.note && <p className="clip-note">{entry.note}</p>}
            </li>
          ) : (
            <li key={`${index}-${entry.clip.id}`} aria-current={index === current ? 'true' : undefined}>
              <h2>{entry.clip.title ?? entry.episode.title}</h2>
              <blockquote className="clip-quote">
                {say('clip.quoted', { quote: entry.clip.quote })}
              </blockquote>
              {entry.quoteEstimated && (
                <p className="hint" role="note">
                  {say('clip.approximate')}
                </p>
              )}
              <ClipAttribution view={entry} />
              {entry.episodeGone && <EpisodeGoneNotice detail={false} />}
              {!entry.episodeGone && !entry.episode.mediaUrl && <NoMediaNotice />}
              {/* The clip's own note, then the pack's, as the handout and the offline page give them. */}
              {entry.clip.note && <p className="clip-note">{entry.clip.note}</p>}
              {entry.note && <p className="clip-note">{entry.note}</p>}
              {playable(entry) && (
                <button type="button" className="secondary-button" onClick={() => playFrom(index)}>
                  ▶ {entry.range}
                  {/* Which clip the button plays, for those who hear it out of its context. */}
                  <span className="visually-hidden">
                    {' '}
                    —{' '}
                    {say(entry.episode.mediaType?.startsWith('video/') ? 'pack.watchClip' : 'pack.playClip', {
                      n: index + 1,
                      title: entry.clip.title ?? shortQuote(entry.clip.quote),
                    })}
                  </span>
                </button>
              )}
              {playable(entry) && <span className="pack-item-length"> {formatLength(lengthOf(entry))}</span>}
            </li>
          ),
        )}
      </ol>
    </article>
  );
}

/**
 * Stops at this clip's end and moves to the next clip. The player also holds its clip
 * range (so its own ▶ plays only the clip); playing the pack seeks to the start itself.
 */
interface AdvanceAtEndProps {
  index: number;
  start: number;
  end: number;
  onEnd: (index: number) => void;
}

function AdvanceAtEnd({ index, start, end, onEnd }: AdvanceAtEndProps) {
  const player = usePlayer();
  useEffect(() => {
    if (!player) return;
    let begun = false;
    let playedInRange = false;
    let done = false;
    return player.subscribe((snapshot) => {
      // Once the media is known, start this clip from its start.
      if (!begun && snapshot.duration > 0) {
        begun = true;
        player.seek(start);
        player.play();
        return;
      }
      // Only a clip that really played inside its range can end (not a player still loading).
      if (!snapshot.paused && snapshot.currentTime >= start - 0.5 && snapshot.currentTime < end - 0.05) {
        playedInRange = true;
      }
      if (playedInRange && !done && snapshot.currentTime >= end - 0.05) {
        done = true;
        player.pause();
        onEnd(index);
      }
    });
  }, [player, index, start, end, onEnd]);
  return null;
}
