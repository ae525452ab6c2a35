// "Add to a lesson pack" on a clip: puts the clip in the pack being assembled in this
// browser (see shared/pack-basket), or shows that it is there, with the way to the builder.
import { useState } from 'react';
import {
  addToPackBasket,
  PACK_BASKET_MAX_CLIPS,
  removeFromPackBasket,
  usePackBasket,
} from '../../../shared/pack-basket/index.ts';
import { Link } from '../../../shared/router/index.ts';
import type { ClipView } from '../api/clips-api.ts';
import { useClipText } from '../lib/clip-messages.ts';

export function AddToPackButton({ view }: { view: Pick<ClipView, 'clip' | 'episode' | 'range'> }) {
  const say = useClipText();
  const basket = usePackBasket();
  const [full, setFull] = useState(false);
  const id = view.clip.id;
  if (basket.clips.some((c) => c.clipId === id))
    return (
      <p className="pack-basket-state">
        <span>✓ {say('basket.added')}</span> ·{' '}
        <Link href="/packs/new">{say('basket.open', { count: basket.clips.length })}</Link> ·{' '}
        <button type="button" className="link-button" onClick={() => removeFromPackBasket(id)}>
          {say('basket.remove')}
        </button>
      </p>
    );
  return (
    <p className="pack-basket-state">
      <button
        type="button"
        className="secondary-button"
        onClick={() =>
          setFull(
            !addToPackBasket({
              clipId: id,
              title: view.clip.title ?? view.episode.title,
              quote: view.clip.quote,
              range: view.range,
              seconds: view.clip.end - view.clip.start,
              mediaType: view.episode.mediaType,
            }),
          )
        }
      >
        {say('basket.add')}
      </button>
      {full && (
        <span className="notice" role="alert">
          {' '}
          {say('basket.full', { max: PACK_BASKET_MAX_CLIPS })}
        </span>
      )}
    </p>
  );
}
