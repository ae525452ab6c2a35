import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../../shared/i18n/index.ts';
import { fetchCitation, type ClipView } from '../api/clips-api.ts';
import { useClipText } from '../lib/clip-messages.ts';
import { CopyButton } from './copy-button.tsx';

/** Link, embed code and quote-with-citation, each with a copy button. */
export function ClipShare({
  view,
}: {
  view: Pick<ClipView, 'clip' | 'links' | 'embedHtml' | 'quoteEstimated'>;
}) {
  const say = useClipText();
  const { locale } = useI18n();
  const id = useId();
  // The citation of the clip in this language, once it has come (value null: it failed, and
  // the quote goes with its link). Until then (the server's first one can take a second) the
  // quote's Copy waits: copying would give the quote without its citation.
  const request = `${view.clip.id}|${locale}|${view.clip.quote}`;
  const [answer, setAnswer] = useState<{
    request: string;
    citation: { inText: string; text: string } | null;
  } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchCitation(view.clip.id, 'apa', locale, controller.signal)
      // The quote with its in-text citation, then the full reference.
      .then((c) => setAnswer({ request, citation: { inText: c.inText ?? '', text: c.text } }))
      .catch(() => {
        if (!controller.signal.aborted) setAnswer({ request, citation: null });
      });
    return () => controller.abort();
  }, [request, view.clip.id, locale]);
  const loading = answer?.request !== request;
  const citation = loading ? null : answer.citation;
  // An estimated quote is said to be one, so whoever pastes it does not cite it as verbatim.
  const quoted =
    say('clip.quoted', { quote: view.clip.quote }) +
    (view.quoteEstimated ? ` ${say('clip.approximate')}` : '');
  const quote = citation
    ? `${quoted} ${citation.inText}\n\n${citation.text}`
    : `${quoted}\n${view.links.page}`;
  const fields = [
    { key: 'link', label: say('share.link'), value: view.links.page, rows: 1, waiting: false },
    { key: 'embed', label: say('share.embed'), value: view.embedHtml, rows: 3, waiting: false },
    { key: 'quote', label: say('share.quote'), value: quote, rows: 4, waiting: loading },
  ];
  return (
    <div className="clip-share">
      {fields.map((field) => (
        <div className="clip-share-field" key={field.key}>
          <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
          <textarea
            id={`${id}-${field.key}`}
            readOnly
            rows={field.rows}
            value={field.value}
            data-share={field.key}
          />
          <CopyButton
            text={field.value}
            label={field.label}
            fieldId={`${id}-${field.key}`}
            disabled={field.waiting}
          />
          {field.waiting && (
            <p className="hint clip-share-waiting" role="status">
              {say('share.citationLoading')}
            </p>
          )}
        </div>
      ))}
    </div>
  );
}
