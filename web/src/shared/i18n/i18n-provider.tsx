import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { catalogs, LOCALES, type Locale, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'verbatim.locale';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

/** The saved choice first, then the browser's preferred languages, else English. */
export function detectLocale(
  stored: string | null,
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Locale {
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base && (LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the browser language still applies
  }
}

const countFormats = new Map<Locale, Intl.NumberFormat>();

/** A count as the language writes it: 8,894 in English, 8 894 in French. */
export function formatCount(count: number, locale: Locale): string {
  let format = countFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    countFormats.set(locale, format);
  }
  return format.format(count);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** `{n, plural, one {# item} other {# items}}`: the branch for n's plural category. */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

function pluralBranch(branches: string, count: number, locale: Locale): string | null {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const found = new Map<string, string>();
  for (const [, selector = '', text = ''] of branches.matchAll(PLURAL_BRANCH)) found.set(selector, text);
  // An exact `=n` first, then the language's category, then `other` (French has `many`
  // for a million, which a message need not spell out).
  return found.get(`=${count}`) ?? found.get(rules.select(count)) ?? found.get('other') ?? null;
}

export function createTranslate(locale: Locale): Translate {
  const catalog = catalogs[locale];
  const written = (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) ? formatCount(value, locale) : String(value);
  return (key, vars) => {
    const template = catalog[key];
    if (!vars) return template;
    return template
      .replace(PLURAL, (whole, name: string, branches: string) => {
        const value = vars[name];
        if (typeof value !== 'number') return whole;
        const branch = pluralBranch(branches, value, locale);
        return branch === null ? whole : branch.replaceAll('#', written(value));
      })
      .replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? written(vars[name]) : whole));
  };
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale ?? detectLocale(readStored()));
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; the choice still holds for this visit
    }
  }, []);
  const value = useMemo(() => ({ locale, setLocale, t: createTranslate(locale) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() needs an <I18nProvider> above it');
  return value;
}
