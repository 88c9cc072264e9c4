import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow, Session, WebContents } from 'electron';

/**
 * The desktop's guards (ADR 0021), as pure rules plus the Electron wiring that applies them.
 * The rules are exported so a test can check them without launching Electron.
 */

/**
 * The page's Content-Security-Policy: the same as browser mode's (electron/server/http-host.ts).
 * A file:// load has no response headers, so renderer/index.html carries it as a meta tag and the
 * session adds it as a header to anything else; tests/unit/desktop-hardening checks both agree.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Whether a URL is a file of the app's own bundle: file://, inside the bundle's folder, exactly (no prefix or ../ tricks). */
export function isAppUrl(url: string, appRoot: string): boolean {
  let path: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
    path = fileURLToPath(parsed);
  } catch {
    return false;
  }
  const rel = relative(resolve(appRoot), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Permissions the agent desktop grants: microphone (never the camera) and speaker choice, to the app's own top frame only. */
export function permissionAllowed(
  permission: string,
  request: { requestingUrl?: string; isMainFrame?: boolean; mediaTypes?: readonly string[]; mediaType?: string },
  appRoot: string,
): boolean {
  if (request.isMainFrame === false) return false;
  if (request.requestingUrl === undefined || !isAppUrl(request.requestingUrl, appRoot)) return false;
  if (permission === 'speaker-selection') return true;
  if (permission !== 'media') return false;
  const types = request.mediaTypes ?? (request.mediaType === undefined ? [] : [request.mediaType]);
  return types.length > 0 && types.every((t) => t === 'audio');
}

/** Chromium switches the main process sets: the loopback WebRTC switch (lab PBX on 127.0.0.1) only in unpackaged (lab) builds. */
export function commandLineSwitches(isPackaged: boolean): string[] {
  return isPackaged ? [] : ['allow-loopback-in-peer-connection'];
}

/** The renderer's webPreferences: isolated, sandboxed, no Node, and DevTools only outside packaged builds. */
export function windowPreferences(preload: string, isPackaged: boolean) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    devTools: !isPackaged,
  } as const;
}

/** Whether an IPC message comes from the app's own top frame (not an iframe, not a page navigated elsewhere). */
export function trustedIpcSender(frame: { url: string; parent: unknown } | null | undefined, appRoot: string): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url, appRoot);
}

export function hardenSession(session: Session, appRoot: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(
      permissionAllowed(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes: (details as { mediaTypes?: string[] }).mediaTypes }, appRoot),
    ),
  );
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionAllowed(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaType: (details as { mediaType?: string }).mediaType }, appRoot),
  );
  // Anything that does come with headers gets the policy too (a file:// load carries it in its meta tag).
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } }),
  );
}

function guardNavigation(contents: WebContents, appRoot: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appRoot)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The window only ever shows our own bundle: no navigation or redirect away, no new windows, no webviews. */
export function hardenWindow(window: BrowserWindow, appRoot: string): void {
  guardNavigation(window.webContents, appRoot);
}
