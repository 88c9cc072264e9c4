import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localDateTimePattern, nativeDateTimeValue, parseLocalDateTime } from '../../renderer/src/ui/local-date-time';

const AT = new Date(2026, 11, 3, 14, 30).getTime(); // 3 December 2026, 14:30 local time
const EN = { day: 'D', month: 'M', year: 'Y', hour: 'H', minute: 'M' };
const DE = { day: 'T', month: 'M', year: 'J', hour: 'H', minute: 'M' };

describe("the callback's date and time follow the app's locale, not the browser's", () => {
  it('is written day first in en-GB and de-DE, month first only in en-US', () => {
    expect(formatLocalDateTime(AT, 'en-GB')).toBe('03/12/2026, 14:30');
    expect(formatLocalDateTime(AT, 'de-DE')).toBe('03.12.2026, 14:30');
    expect(formatLocalDateTime(AT, 'en-US')).toBe('12/03/2026, 14:30');
  });

  it('shows the pattern as a hint in the locale’s own letters', () => {
    expect(localDateTimePattern('en-GB', EN)).toBe('DD/MM/YYYY, HH:MM');
    expect(localDateTimePattern('de-DE', DE)).toBe('TT.MM.JJJJ, HH:MM');
  });

  it('reads back what it writes, and what an agent types in that order with any separators', () => {
    for (const locale of ['en-GB', 'de-DE', 'en-US']) expect(parseLocalDateTime(formatLocalDateTime(AT, locale), locale)).toBe(AT);
    expect(parseLocalDateTime('3/12/26 14:30', 'en-GB')).toBe(AT);
    expect(parseLocalDateTime('3.12.2026 14.30', 'de-DE')).toBe(AT);
  });

  it('refuses what is not a date and time rather than moving it, and treats an empty field as no callback', () => {
    expect(parseLocalDateTime('31/02/2026, 10:00', 'en-GB')).toBeNull();
    expect(parseLocalDateTime('03/12/2026, 25:00', 'en-GB')).toBeNull();
    expect(parseLocalDateTime('03/12/2026', 'en-GB')).toBeNull();
    expect(parseLocalDateTime('  ', 'en-GB')).toBeUndefined();
  });

  it("gives the native picker its own value format", () => {
    expect(nativeDateTimeValue(AT)).toBe('2026-12-03T14:30');
  });
});
