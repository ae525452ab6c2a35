// /embed/clips/:id — the minimal page shown in an iframe on other sites: the player
// limited to the range, the quote, the attribution and a link back.
import { useCallback } from 'react';
import { PlayerProvider } from '../../player/index.ts';
import { fetchClip } from '../api/clips-api.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { ClipAttribution, ClipPlayer } from './clip-page.tsx';

export function EmbedClipPage({ id }: { id: string }) {
  const say = useClipText();
  const load = useCallback((key: string, signal: AbortSignal) => fetchClip(key, signal), []);
  const state = useRemoteData(id, load);
  if (state.status === 'loading') return <p role="status">{say('clip.loading')}</p>;
  if (state.status !== 'ready')
    return (
      <p role="alert">
        {state.status === 'not-found' ? say('clip.notFound') : say('clip.error', { message: state.message })}
      </p>
    );
  const view = state.data;
  return (
    <PlayerProvider>
      <div className="clip-embed">
        <ClipPlayer view={view} />
        <p className="clip-quote">{say('clip.quoted', { quote: view.clip.quote })}</p>
        <ClipAttribution view={view} />
        <p>
          <a href={view.links.page} target="_blank" rel="noopener">
            {say('embed.onVerbatim')}
          </a>
        </p>
      </div>
    </PlayerProvider>
  );
}
