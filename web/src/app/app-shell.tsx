import { useEffect, useRef } from 'react';
import { LOCALES, useI18n, type Locale } from '../shared/i18n/index.ts';
import { usePackBasket } from '../shared/pack-basket/index.ts';
import { Link, useLocation } from '../shared/router/index.ts';
import { AppRoutes, preloadEpisodeOnIntent } from './app-routes.tsx';
import { useFocusOnNavigate } from './use-focus-on-navigate.ts';

const LOCALE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

export function AppShell() {
  const { t, locale, setLocale } = useI18n();
  const { pathname } = useLocation();
  const basket = usePackBasket();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigate(mainRef, pathname);
  useEffect(() => {
    const onIntent = (event: Event) => preloadEpisodeOnIntent(event.target);
    document.addEventListener('pointerover', onIntent, { passive: true });
    document.addEventListener('focusin', onIntent);
    return () => {
      document.removeEventListener('pointerover', onIntent);
      document.removeEventListener('focusin', onIntent);
    };
  }, []);
  // The embed page lives in other sites' iframes: the player and quote only, no header.
  if (pathname.startsWith('/embed/'))
    return (
      <main id="main" className="embed-main" ref={mainRef}>
        <AppRoutes />
      </main>
    );
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <p className="tagline">{t('app.tagline')}</p>
        {basket.clips.length > 0 && pathname !== '/packs/new' && (
          <Link href="/packs/new" className="pack-basket-link">
            {t('app.packBasket', { count: basket.clips.length })}
          </Link>
        )}
        <label className="locale-switch">
          <span className="visually-hidden">{t('app.language')}</span>
          <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
            {LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {LOCALE_NAMES[code]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        <AppRoutes />
      </main>
    </>
  );
}
