/** The simulated month: who works, how many call, over which days, and which ranges are compared. */
import type { TimeRange } from '../../shared/domain/metrics/types';

export const SEED = 20261105;
export const AGENTS = 12;
export const CUSTOMERS = 50_000;
/**
 * 30 for the acceptance (over 100,000 calls); fewer when profiling the month (FRONTLINE_MONTH_DAYS=4)
 * and for the span `npm test` runs on PostgreSQL (ADR 0076).
 */
export const DAYS = Number(process.env.FRONTLINE_MONTH_DAYS ?? 30);
/** The whole month: the checks that need a month of calls (100,000 contacts, repeat callers a window apart, 100 views) hold only then. */
export const WHOLE_MONTH = DAYS >= 30;
/** Where the core keeps the month: a SQLite file, or a PostgreSQL database holding a copy of it (ADR 0076). */
export const STORE: 'sqlite' | 'postgres' = process.env.FRONTLINE_MONTH_STORE === 'postgres' ? 'postgres' : 'sqlite';
/** What the span is called in test titles and messages. */
export const SPAN = WHOLE_MONTH ? 'month' : `span of ${DAYS} days`;
export const START = new Date(2026, 9, 5).getTime(); // local midnight
export const dayStart = (k: number) => {
  const d = new Date(START);
  d.setDate(d.getDate() + k);
  return d.getTime();
};
export const at = (k: number, h: number, m = 0, s = 0, ms = 0) => dayStart(k) + ((h * 60 + m) * 60 + s) * 1000 + ms;
export const LAST_DAY = DAYS - 1;
export const END = at(LAST_DAY, 15);
/** Arrivals per hour, shaped to the staffing (a 24/7 line with early, day, late and night shifts). */
export const CALLS_PER_HOUR = [64, 64, 64, 64, 64, 64, 190, 190, 128, 128, 222, 222, 222, 222, 318, 318, 190, 190, 190, 190, 95, 95, 160, 160];
/**
 * Where every screen is held against the brute force during the month: about every five hours
 * from the second day to the last (odd minutes, so they fall at every phase of a shift).
 */
export const MONTH_CHECKPOINTS: number[] = Array.from({ length: 133 }, (_, i) => at(1, 2, 17) + i * (5 * 60 + 3) * 60_000).filter((t) => t < at(LAST_DAY, 0));
export const TODAY_CHECKPOINTS = [at(LAST_DAY, 0, 0, 0, 1), at(LAST_DAY, 6, 0, 0), at(LAST_DAY, 10, 30, 0), at(LAST_DAY, 13, 59, 59, 999)];
/** The ranges compared, those of them that lie within the span simulated. */
export const RANGES: { name: string; range: TimeRange }[] = [
  { name: WHOLE_MONTH ? 'whole month' : `whole span (${DAYS} days)`, range: { from: dayStart(0), to: dayStart(DAYS) } },
  { name: 'week 2', range: { from: dayStart(7), to: dayStart(14) } },
  { name: 'first day', range: { from: dayStart(0), to: dayStart(1) } },
  { name: 'day 12', range: { from: dayStart(12), to: dayStart(13) } },
  { name: 'day 25 (FCR window still open)', range: { from: dayStart(25), to: dayStart(26) } },
  { name: 'last day (reaching past now)', range: { from: dayStart(LAST_DAY), to: dayStart(DAYS) } },
  { name: 'day 1 23:30 – day 2 00:30', range: { from: at(1, 23, 30), to: at(2, 0, 30) } },
  { name: 'day 9 10:00–11:00', range: { from: at(9, 10), to: at(9, 11) } },
  { name: 'day 17 23:30 – day 18 00:30', range: { from: at(17, 23, 30), to: at(18, 0, 30) } },
  { name: 'day 26 14:07:13.457–15:19:02.001', range: { from: at(26, 14, 7, 13, 457), to: at(26, 15, 19, 2, 1) } },
].filter(({ range }) => range.to <= dayStart(DAYS));
