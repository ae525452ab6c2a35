// /packs/new — the lesson pack being assembled: the clips added from clip pages, put in
// order, each with a note, under a title and an intro; then created in one request.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import {
  clearPackBasket,
  moveInPackBasket,
  removeFromPackBasket,
  setPackBasketNote,
  updatePackBasket,
  usePackBasket,
} from '../../../shared/pack-basket/index.ts';
import { isNetworkError } from '../../../shared/api/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { createPack, unknownPackClipIndex, type CreatedPack } from '../api/clips-api.ts';
import { packLengthText, playedMediaOf, useClipText } from '../lib/clip-messages.ts';
import { formatLength } from '../../../shared/time/index.ts';

type BuilderState =
  | { status: 'editing'; error: string | null; missingClipId?: string }
  | { status: 'saving' }
  | { status: 'created'; pack: CreatedPack };

export function PackBuilderPage() {
  const say = useClipText();
  const { t } = useI18n();
  const basket = usePackBasket();
  const id = useId();
  const [state, setState] = useState<BuilderState>({ status: 'editing', error: null });
  // After a move, keyboard focus follows the clip to its new place.
  const focusAfterMove = useRef<{ clipId: string; action: 'up' | 'down' } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const pageTitle = say('builder.title');
  useDocumentTitle(pageTitle);
  useEffect(() => {
    const wanted = focusAfterMove.current;
    if (!wanted) return;
    focusAfterMove.current = null;
    const item = listRef.current?.querySelector(`[data-clip-id="${CSS.escape(wanted.clipId)}"]`);
    const button =
      item?.querySelector<HTMLButtonElement>(`[data-action="${wanted.action}"]:not(:disabled)`) ??
      item?.querySelector<HTMLButtonElement>('[data-action]:not(:disabled)');
    button?.focus();
  }, [basket.clips]);

  const move = (clipId: string, step: -1 | 1) => {
    focusAfterMove.current = { clipId, action: step < 0 ? 'up' : 'down' };
    moveInPackBasket(clipId, step);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const title = basket.title.trim();
    if (title === '') {
      setState({ status: 'editing', error: say('builder.needTitle') });
      return;
    }
    setState({ status: 'saving' });
    const sent = basket.clips.map((c) => c.clipId);
    createPack({
      title,
      intro: basket.intro.trim() || null,
      items: basket.clips.map((c) => ({ clipId: c.clipId, note: c.note.trim() || null })),
    }).then(
      (pack) => {
        clearPackBasket();
        setState({ status: 'created', pack });
      },
      (err: unknown) => {
        // A clip deleted since it was added: say which, so it can be removed.
        const index = unknownPackClipIndex(err);
        const missingClipId = index === null ? undefined : sent[index];
        if (missingClipId !== undefined) setState({ status: 'editing', error: null, missingClipId });
        else
          setState({
            status: 'editing',
            error: isNetworkError(err)
              ? t('app.networkError')
              : err instanceof Error
                ? err.message
                : String(err),
          });
      },
    );
  };

  if (state.status === 'created')
    return (
      <section className="pack-builder" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{state.pack.pack.title}</h1>
        <p role="status">
          {say('builder.created')} <a href={state.pack.links.page}>{say('builder.openPack')}</a>
        </p>
        <p className="muted">
          {say('builder.editToken')} <code>{state.pack.editToken}</code>
        </p>
        <button
          type="button"
          className="secondary-button"
          onClick={() => setState({ status: 'editing', error: null })}
        >
          {say('builder.another')}
        </button>
      </section>
    );

  return (
    <form className="pack-builder" aria-labelledby={`${id}-title`} onSubmit={onSubmit}>
      <h1 id={`${id}-title`}>{say('builder.title')}</h1>
      {basket.clips.length === 0 ? (
        <p className="notice">{say('builder.empty')}</p>
      ) : (
        <>
          <p className="hint">{say('builder.hint')}</p>
          <label className="clip-maker-field">
            <span>{say('builder.packTitle')}</span>
            <input
              type="text"
              value={basket.title}
              maxLength={200}
              onChange={(event) => updatePackBasket({ title: event.target.value })}
            />
          </label>
          <label className="clip-maker-field">
            <span>{say('builder.intro')}</span>
            <textarea
              value={basket.intro}
              maxLength={5000}
              rows={3}
              onChange={(event) => updatePackBasket({ intro: event.target.value })}
            />
          </label>
          <p className="pack-length">
            {packLengthText(
              say,
              basket.clips.map((c) => c.seconds),
              playedMediaOf(basket.clips.map((c) => c.mediaType ?? null)),
            )}
          </p>
          <ol className="pack-builder-list" ref={listRef}>
            {basket.clips.map((clip, index) => {
              const label = say('builder.clipLabel', { n: index + 1, title: clip.title });
              return (
                <li key={clip.clipId} data-clip-id={clip.clipId}>
                  <section aria-label={label}>
                    <h2 className="pack-builder-clip-title">{label}</h2>
                    <p className="muted">
                      {clip.range} · {formatLength(clip.seconds)}
                    </p>
                    <blockquote className="clip-quote">
                      {say('clip.quoted', { quote: clip.quote })}
                    </blockquote>
                    {state.status === 'editing' && state.missingClipId === clip.clipId && (
                      <p className="notice" role="alert">
                        {say('builder.missing')}
                      </p>
                    )}
                    <label className="clip-maker-field">
                      <span>{say('builder.note')}</span>
                      <textarea
                        value={clip.note}
                        maxLength={5000}
                        rows={2}
                        onChange={(event) => setPackBasketNote(clip.clipId, event.target.value)}
                      />
                    </label>
                    <p className="pack-builder-actions">
                      <button
                        type="button"
                        className="secondary-button"
                        data-action="up"
                        disabled={index === 0}
                        onClick={() => move(clip.clipId, -1)}
                      >
                        <span aria-hidden="true">↑</span> {say('builder.up')}
                      </button>
                      <button
                        type="button"
                        className="secondary-button"
                        data-action="down"
                        disabled={index === basket.clips.length - 1}
                        onClick={() => move(clip.clipId, 1)}
                      >
                        <span aria-hidden="true">↓</span> {say('builder.down')}
                      </button>
                      <button
                        type="button"
                        className="secondary-button"
                        onClick={() => removeFromPackBasket(clip.clipId)}
                      >
                        {say('builder.remove')}
                      </button>
                    </p>
                  </section>
                </li>
              );
            })}
          </ol>
          {state.status === 'editing' && state.error && (
            <p className="notice" role="alert">
              {state.error}
            </p>
          )}
          <p>
            <button type="submit" className="primary-button" disabled={state.status === 'saving'}>
              {state.status === 'saving' ? say('builder.creating') : say('builder.create')}
            </button>
          </p>
        </>
      )}
    </form>
  );
}
