const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Minor units to a currency string: 123456, "GBP" → "£1,234.56". */
export function formatMoney(minor: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f.format(minor / 100);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function formatDate(epochMs: number): string {
  return dateFormat.format(new Date(epochMs));
}

export function formatTenure(months: number): string {
  if (months < 1) return 'new this month';
  if (months < 12) return `${months} month${months === 1 ? '' : 's'}`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest === 0 ? `${years} yr` : `${years} yr ${rest} mo`;
}

/** Elapsed time as m:ss or h:mm:ss. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** A time of day, "14:05". */
export function formatTime(epochMs: number): string {
  return timeFormat.format(new Date(epochMs));
}
