import type { BrowserWindow, Session } from 'electron';

/** Permissions the agent desktop needs: the microphone and speaker selection for the softphone, nothing else. */
const ALLOWED_PERMISSIONS = new Set(['media', 'speaker-selection']);

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

/** The window only ever shows our own bundle: no navigation away, no new windows. */
export function hardenWindow(window: BrowserWindow, appUrlPrefix: string): void {
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appUrlPrefix)) event.preventDefault();
  });
}
