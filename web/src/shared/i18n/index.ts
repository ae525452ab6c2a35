export { createTranslate, detectLocale, formatCount, I18nProvider, useI18n } from './i18n-provider.tsx';
export type { Translate } from './i18n-provider.tsx';
export { LOCALES } from './messages.ts';
export type { Locale, MessageKey } from './messages.ts';
