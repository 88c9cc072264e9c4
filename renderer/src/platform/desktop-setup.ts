/** window.frontlineDesktop as the desktop's preload exposes it (ADR 0038); absent in a browser. Structural, so the renderer never imports Node-side code. */
export interface DesktopSetupLike {
  firstRun(): Promise<boolean>;
  choose(choice: { mode: 'embedded' } | { mode: 'server'; url: string; pinnedCertificate?: string }): Promise<{ ok: true; restart: boolean } | { ok: false; problem: string }>;
  /** The phone settings' SIP password, sealed by the OS keychain in main (in main's memory without one). */
  loadPhonePassword?(): Promise<string | null>;
  savePhonePassword?(password: string | null): Promise<boolean>;
}

declare global {
  interface Window {
    frontlineDesktop?: DesktopSetupLike;
  }
}

export function desktopSetupOf(win: Window | undefined = typeof window === 'undefined' ? undefined : window): DesktopSetupLike | null {
  return win?.frontlineDesktop ?? null;
}
