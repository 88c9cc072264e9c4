import { i18nNow, intlLocale } from '../i18n';

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** One Intl formatter per locale and options, made on first use. */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: (locale: string) => T): T {
  const locale = intlLocale();
  const full = `${locale}|${key}`;
  let f = formats.get(full) as T | undefined;
  if (f === undefined) {
    f = make(locale);
    formats.set(full, f);
  }
  return f;
}

/** Minor units to a currency string in the user's locale: 123456, "GBP" → "£1,234.56" (en-GB), "1.234,56 £" (de-DE). */
export function formatMoney(minor: number, currency: string): string {
  return cached(`money:${currency}`, (l) => new Intl.NumberFormat(l, { style: 'currency', currency })).format(minor / 100);
}

export function formatDate(epochMs: number): string {
  return cached('date', (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric' })).format(new Date(epochMs));
}

/** "2 years 3 months", with plural rules of the locale. */
export function formatTenure(months: number): string {
  const t = i18nNow().t;
  if (months < 1) return t('card.tenureNew');
  if (months < 12) return t('card.tenureMonths', { count: months });
  const years = t('card.tenureYears', { count: Math.floor(months / 12) });
  const rest = months % 12;
  return rest === 0 ? years : t('card.tenureYearsMonths', { years, months: t('card.tenureMonths', { count: rest }) });
}

/** Elapsed time as m:ss or h:mm:ss. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A time of day, "14:05". */
export function formatTime(epochMs: number): string {
  return cached('time', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' })).format(new Date(epochMs));
}

/** A whole number in the user's locale: 12345 → "12,345" (en-GB), "12.345" (de-DE). */
export function formatCount(n: number): string {
  return cached('count', (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 0 })).format(n);
}

/** A number with exactly `digits` decimals in the user's locale: 51.66 → "51.7" (en-GB), "51,7" (de-DE). */
export function formatDecimal(n: number, digits = 1): string {
  return cached(`decimal:${digits}`, (l) => new Intl.NumberFormat(l, { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n);
}

/** A percentage given in percent (87.5), with one decimal: "87.5%" (en-GB), "87,5 %" (de-DE). */
export function formatPercent(pct: number, digits = 1): string {
  return cached(`percent:${digits}`, (l) => new Intl.NumberFormat(l, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })).format(pct / 100);
}

/** A wall-clock time with seconds, "14:05:33", in the user's locale. */
export function formatClockTime(epochMs: number): string {
  return cached('clock', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', second: '2-digit' })).format(new Date(epochMs));
}
