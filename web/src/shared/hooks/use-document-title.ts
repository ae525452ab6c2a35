import { useEffect } from 'react';
import { useI18n } from '../i18n/index.ts';

/**
 * The tab's title for the page showing: `title — Verbatim`, or `Verbatim` for null.
 * `undefined` leaves the title as it is (a page still loading). Applied again when the
 * language changes, so every page keeps its own title after a language switch.
 */
export function useDocumentTitle(title: string | null | undefined): void {
  const { t } = useI18n();
  useEffect(() => {
    if (title === undefined) return;
    document.title = title === null ? t('app.name') : t('app.pageTitle', { title });
  }, [title, t]);
}
