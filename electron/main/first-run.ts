import { existsSync } from 'node:fs';
import { desktopSettingsFile, saveDesktopTarget } from './desktop-settings';

/** What the first-run screen sends (ADR 0038): this computer on its own, or a team server. */
export type CoreChoice = { mode: 'embedded' } | { mode: 'server'; url: string; pinnedCertificate?: string };

export type ChoiceResult = { ok: true; restart: boolean } | { ok: false; problem: string };

/** First run: no choice saved yet (no desktop.json) and none given for this run (FRONTLINE_SERVER_URL). */
export function isFirstRun(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env.FRONTLINE_SERVER_URL ?? '') === '' && !existsSync(desktopSettingsFile(dataDir));
}

function parseChoice(raw: unknown): CoreChoice | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  if (c.mode === 'embedded') return { mode: 'embedded' };
  if (c.mode !== 'server' || typeof c.url !== 'string') return null;
  if (c.pinnedCertificate !== undefined && typeof c.pinnedCertificate !== 'string') return null;
  const pin = typeof c.pinnedCertificate === 'string' && c.pinnedCertificate.trim() !== '' ? c.pinnedCertificate.trim() : undefined;
  return { mode: 'server', url: c.url.trim(), ...(pin === undefined ? {} : { pinnedCertificate: pin }) };
}

/**
 * Saves the first-run choice in desktop.json, checked first (the URL, a readable PEM to pin): a bad
 * choice is refused with the reason and nothing is written. This computer carries on with the
 * embedded core already running; a team server needs a restart (the window's sessions are bound
 * at start).
 */
export function saveCoreChoice(dataDir: string, raw: unknown): ChoiceResult {
  const choice = parseChoice(raw);
  if (choice === null) return { ok: false, problem: 'unreadable choice' };
  try {
    if (choice.mode === 'embedded') {
      saveDesktopTarget(dataDir, { server: null });
      return { ok: true, restart: false };
    }
    saveDesktopTarget(dataDir, { server: { url: choice.url, ...(choice.pinnedCertificate === undefined ? {} : { pinnedCertificate: choice.pinnedCertificate }) } });
    return { ok: true, restart: true };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}
