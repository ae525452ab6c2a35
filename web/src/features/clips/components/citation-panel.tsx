import { useCallback, useId, useState } from 'react';
import { useI18n } from '../../../shared/i18n/index.ts';
import { citationStyleNames, fetchCitation, type Citation, type CitationStyle } from '../api/clips-api.ts';
import { useRemoteData } from '../hooks/use-remote-data.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { CopyButton } from './copy-button.tsx';

const styles = Object.keys(citationStyleNames) as CitationStyle[];

/** The clip's citation in a chosen style, with its in-text form and a copy button. */
export function CitationPanel({ clipId }: { clipId: string }) {
  const say = useClipText();
  const { t } = useI18n();
  const id = useId();
  const [style, setStyle] = useState<CitationStyle>('apa');
  const load = useCallback((key: string, signal: AbortSignal) => {
    const [clip = '', chosen = 'apa'] = key.split('|');
    return fetchCitation(clip, chosen as CitationStyle, signal);
  }, []);
  const state = useRemoteData<Citation>(`${clipId}|${style}`, load);
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
      {state.status === 'ready' && (
        <>
          <pre className="clip-citation-text" id={`${id}-text`} data-style={style}>
            {state.data.text}
          </pre>
          {state.data.inText && (
            <p>
              {say('clip.inText')} <span className="clip-citation-intext">{state.data.inText}</span>
            </p>
          )}
          <CopyButton
            text={state.data.inText ? `${state.data.text}\n${state.data.inText}` : state.data.text}
            label={citationStyleNames[style]}
          />
        </>
      )}
      {state.status === 'error' && (
        <p className="notice">{state.network ? t('app.networkError') : state.message}</p>
      )}
    </section>
  );
}
