import { cleanText } from './clean-text';

/**
 * What makes two queue names the same queue: case and compatibility forms ignored ("Sales", "SALES"
 * and "ｓａｌｅｓ" are one queue). Computed here, not by the database's lower(): SQLite folds only
 * ASCII and PostgreSQL folds by the database's locale, so the dialects would disagree (ADR 0070).
 * Upper then lower folds the letters whose lower case alone does not match ("Straße" and "STRASSE").
 */
export function queueNameKey(name: string): string {
  return cleanText(name).normalize('NFKC').toUpperCase().toLowerCase();
}
