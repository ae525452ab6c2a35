import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../shared/hooks/index.ts';
import { useI18n } from '../../../shared/i18n/index.ts';
import { BackToSearchLink } from './back-to-search-link.tsx';

/**
 * A page that cannot be shown (not found, or failed to load): one structure for every
 * page — its heading, why, and the way back to the search — and the tab titled after it.
 */
export function PageMessage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(title);
  return (
    <div className="search-message page-message" role="alert">
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <BackToSearchLink>{t('app.backToSearch')}</BackToSearchLink>
      </p>
    </div>
  );
}
