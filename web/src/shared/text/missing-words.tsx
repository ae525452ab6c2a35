// "Missing: loi": the words typed that a moment does not say (the API's missingWords),
// struck through as search engines show them, so a listener sees why it differs.
import { Fragment } from 'react';
import { useI18n } from '../i18n/index.ts';

export function MissingWords({
  words,
  className = '',
}: {
  words: readonly string[] | undefined;
  className?: string;
}) {
  const { t } = useI18n();
  if (!words || words.length === 0) return null;
  return (
    <span className={`missing-words ${className}`}>
      {t('search.missingWords')}{' '}
      {words.map((word, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <s>{word}</s>
        </Fragment>
      ))}
    </span>
  );
}
