import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { deDE } from './de-DE';
import { enGB } from './en-GB';
import { pseudoCatalogue } from './pseudo';
import { rememberTranslations } from './remembered-t';

/** en-GB is the default; de-DE the second complete locale; en-XA the pseudo-locale tests use to catch clipping. */
export const LOCALES = ['en-GB', 'de-DE', 'en-XA'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';
const STORAGE_KEY = 'frontline.locale';

/** `?lang=` in the address, else the saved choice, else the browser's languages, else en-GB. */
export function pickLocale(search: string, saved: string | null, preferred: readonly string[]): Locale {
  const asked = new URLSearchParams(search).get('lang');
  for (const wanted of [asked, saved, ...preferred]) {
    if (wanted === null || wanted === undefined) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === wanted.toLowerCase());
    if (exact !== undefined) return exact;
    const language = LOCALES.find((l) => l !== 'en-XA' && l.slice(0, 2) === wanted.slice(0, 2).toLowerCase());
    if (language !== undefined) return language;
  }
  return DEFAULT_LOCALE;
}

/** The one i18next instance: catalogues bundled (no network), Intl.PluralRules for plurals, translations remembered per language (ADR 0055). */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources: {
      'en-GB': { translation: enGB },
      'de-DE': { translation: deDE },
      'en-XA': { translation: pseudoCatalogue(enGB) },
    },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  rememberTranslations(instance);
  return instance;
}

let current: i18n | null = null;

/** Made once at start from the address, the saved choice and the browser. */
export function startI18n(): i18n {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  const locale = pickLocale(typeof location === 'undefined' ? '' : location.search, saved, preferred);
  current = createI18n(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale === 'en-XA' ? 'en' : locale;
  return current;
}

/** The active instance (en-GB until startI18n ran, e.g. in Node tests). */
export function i18nNow(): i18n {
  current ??= createI18n(DEFAULT_LOCALE);
  return current;
}

/** The locale Intl formats with: the pseudo-locale formats as en-GB. */
export function intlLocale(): string {
  const lng = i18nNow().language;
  return lng === 'en-XA' ? 'en-GB' : lng;
}
