export { DEFAULT_LOCALE, i18nNow, intlLocale, LOCALES, pickLocale, startI18n, type Locale } from './i18n';
export { humanError } from './human-error';
