/**
 * A date and time as the app's locale writes it ("03/12/2026, 14:30" in en-GB, "03.12.2026, 14:30"
 * in de-DE), and back. The native `datetime-local` input shows the browser's own locale whatever the
 * page's (mm/dd/yyyy on an en-GB page in an en-US browser), so the wrap-up's callback field is a text
 * field in this format instead; the native picker only picks.
 */
export type DateTimePart = 'day' | 'month' | 'year' | 'hour' | 'minute';

const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const PARTS = new Set<string>(['day', 'month', 'year', 'hour', 'minute']);
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string): Intl.DateTimeFormat {
  let f = formats.get(locale);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, OPTIONS);
    formats.set(locale, f);
  }
  return f;
}

/** Local time, in the locale's order and separators, 24-hour. */
export function formatLocalDateTime(epochMs: number, locale: string): string {
  return format(locale).format(new Date(epochMs));
}

/** The pattern to show as a hint: each number replaced by `letters` of its part ("DD/MM/YYYY, HH:MM"; "TT.MM.JJJJ, HH:MM"). */
export function localDateTimePattern(locale: string, letters: Record<DateTimePart, string>): string {
  return format(locale)
    .formatToParts(new Date(2026, 11, 31, 23, 59))
    .map((p) => (PARTS.has(p.type) ? letters[p.type as DateTimePart].repeat(p.value.length) : p.value))
    .join('');
}

function order(locale: string): DateTimePart[] {
  return format(locale)
    .formatToParts(new Date(2026, 11, 31, 23, 59))
    .filter((p) => PARTS.has(p.type))
    .map((p) => p.type as DateTimePart);
}

/**
 * What the agent typed, read in the locale's order: any separators, a two-digit year as 20yy.
 * `null` for text that is not a real date and time (31/02, 25:00); '' is no date (`undefined`).
 */
export function parseLocalDateTime(text: string, locale: string): number | null | undefined {
  if (text.trim() === '') return undefined;
  const numbers = text.match(/\d+/g);
  if (numbers === null || numbers.length !== 5) return null;
  const v = Object.fromEntries(order(locale).map((part, i) => [part, Number(numbers[i])])) as Record<DateTimePart, number>;
  const year = v.year < 100 ? 2000 + v.year : v.year;
  if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31 || v.hour > 23 || v.minute > 59 || year > 9999) return null;
  const d = new Date(year, v.month - 1, v.day, v.hour, v.minute);
  // 31/02 rolls over to March in Date: refused rather than moved.
  if (d.getFullYear() !== year || d.getMonth() !== v.month - 1 || d.getDate() !== v.day) return null;
  return d.getTime();
}

/** The native datetime-local input's value for a time ("2026-12-03T14:30"), local time. */
export function nativeDateTimeValue(epochMs: number): string {
  const d = new Date(epochMs - new Date(epochMs).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
