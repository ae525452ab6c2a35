import { useCallback, useId, useState } from 'react';
import { useI18n, type Locale } from '../../../shared/i18n/index.ts';
import { citationStyleNames, fetchCitation, type Citation, type CitationStyle } from '../api/clips-api.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { CopyButton } from './copy-button.tsx';

const styles = Object.keys(citationStyleNames) as CitationStyle[];

/** The clip's citation in a chosen style, with its in-text form and a copy button. */
export function CitationPanel({ clipId }: { clipId: string }) {
  const say = useClipText();
  const { t, locale } = useI18n();
  const id = useId();
  const [style, setStyle] = useState<CitationStyle>('apa');
  const load = useCallback((key: string, signal: AbortSignal) => {
    const [clip = '', chosen = 'apa', lang = 'en'] = key.split('|');
    return fetchCitation(clip, chosen as CitationStyle, lang as Locale, signal);
  }, []);
  // In the page's language: switching it fetches the citation in the other.
  const state = useRemoteData<Citation>(`${clipId}|${style}|${locale}`, load);
  // While the next style loads, the last citation stays (dimmed, busy) instead of flashing away.
  const [last, setLast] = useState<{ style: CitationStyle; data: Citation } | null>(null);
  if (state.status === 'ready' && last?.data !== state.data) setLast({ style, data: state.data });
  const shown =
    state.status === 'ready' ? { style, data: state.data } : state.status === 'loading' ? last : null;
  const busy = state.status === 'loading';
  return (
    <section className="clip-citation" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{say('clip.cite')}</h2>
      <label>
        {say('clip.style')}{' '}
        <select value={style} onChange={(e) => setStyle(e.target.value as CitationStyle)}>
          {styles.map((s) => (
            <option key={s} value={s}>
              {citationStyleNames[s]}
            </option>
          ))}
        </select>
      </label>
      {shown && (
        <div
          className={busy ? 'clip-citation-body clip-citation-stale' : 'clip-citation-body'}
          aria-busy={busy}
        >
          <pre className="clip-citation-text" id={`${id}-text`} data-style={shown.style}>
            {shown.data.text}
          </pre>
          {shown.data.inText && (
            <p>
              {say('clip.inText')} <span className="clip-citation-intext">{shown.data.inText}</span>
            </p>
          )}
          <CopyButton
            text={shown.data.inText ? `${shown.data.text}\n${shown.data.inText}` : shown.data.text}
            label={citationStyleNames[shown.style]}
          />
        </div>
      )}
      {state.status === 'error' && (
        <p className="notice">{state.network ? t('app.networkError') : state.message}</p>
      )}
    </section>
  );
}
