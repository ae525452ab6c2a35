// "Copy a link to 1:02": the episode at the playhead, as a `?t=` deep link a listener can
// paste anywhere (no clip to make). The second shown follows playback.
import { useState } from 'react';
import { useI18n } from '../../../shared/i18n/index.ts';
import { formatTimecode } from '../../../shared/time/index.ts';

/** The deep link to `time` (tenths of a second: enough to land on a word). */
export function momentUrl(origin: string, episodeId: string, time: number): string {
  const t = Math.max(0, Math.floor(time * 10) / 10);
  return `${origin}/episodes/${encodeURIComponent(episodeId)}?t=${t}`;
}

export function MomentLink({ episodeId, currentTime }: { episodeId: string; currentTime: number }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<{ url: string; time: string } | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const time = formatTimecode(currentTime);
  const copy = async () => {
    const url = momentUrl(window.location.origin, episodeId, currentTime);
    try {
      await navigator.clipboard.writeText(url);
      setManual(null);
      setCopied({ url, time });
      window.setTimeout(() => setCopied((now) => (now?.url === url ? null : now)), 3000);
    } catch {
      // No clipboard (permission, insecure origin): show the link to copy by hand.
      setCopied(null);
      setManual(url);
    }
  };
  return (
    <div className="moment-link">
      <button type="button" className="secondary-button" onClick={() => void copy()}>
        {t('episode.copyMomentLink', { time })}
      </button>
      <span role="status" className="muted">
        {copied ? ` ${t('episode.momentLinkCopied', { time: copied.time })}` : ''}
      </span>
      {manual && (
        <input
          className="moment-link-url"
          readOnly
          value={manual}
          aria-label={t('episode.momentLinkLabel')}
          onFocus={(event) => event.currentTarget.select()}
          ref={(input) => input?.select()}
        />
      )}
    </div>
  );
}
