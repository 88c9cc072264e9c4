import { dialLinkInArgs, MAX_DIAL_LINK } from '../../shared/domain/dial-link';
import { IPC_DIAL_LINK, IPC_DIAL_LINKS_TAKE } from '../../shared/contract/ipc-channels';
import type { IpcEventLike, IpcMainLike, IpcSender } from './ipc-binding';

/** The part of Electron's `app` deep links use. */
export interface DialLinkApp {
  isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  quit(): void;
}

/** The window dial links are shown in: brought forward, and told. */
export interface DialLinkWindow {
  webContents: IpcSender;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

/**
 * Click-to-call into the running desk (ADR 0033). The OS starts Frontline with the link: as an
 * argument on Windows and Linux (a second start hands it to the first through the single-instance
 * lock), as `open-url` on macOS (possibly before the window exists). Links wait here until the
 * page takes them; later ones are pushed. Only `frontline:` is claimed at run time: `tel:` and
 * `sip:` are declared by the package (Info.plist, .desktop, the Windows installer's
 * capabilities) so the user chooses Frontline for them, never taken over silently.
 * `claim` sees every link first: a `frontline://ringing/…` press on a Windows toast (ADR 0034) is
 * the ringing notification's, never a number to dial.
 * Returns false when another instance already runs (this one must quit).
 */
export function bindDialLinks(
  app: DialLinkApp,
  ipc: IpcMainLike,
  argv: readonly string[],
  trusted: (event: IpcEventLike) => boolean,
  execPath: string,
  claim: (link: string) => boolean = () => false,
): { attach(window: DialLinkWindow): void; ok: boolean } {
  const pending: string[] = [];
  let window: DialLinkWindow | null = null;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { attach: () => undefined, ok: false };
  }
  // Unpackaged (npm start), the OS must start Electron with the app's path before the link.
  if (app.isPackaged) app.setAsDefaultProtocolClient('frontline');
  else app.setAsDefaultProtocolClient('frontline', execPath, argv.slice(1, 2).map(String));

  function deliver(link: string): void {
    if (link.length > MAX_DIAL_LINK) return;
    if (window === null || window.webContents.isDestroyed()) {
      pending.push(link);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
    window.webContents.send(IPC_DIAL_LINK, link);
  }

  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (!claim(url)) deliver(url);
  });
  app.on('second-instance', (_event, args) => {
    if (args.some((arg) => claim(arg))) return;
    const link = dialLinkInArgs(args);
    if (link !== null) deliver(link);
    else if (window !== null) window.focus();
  });
  // A cold start by a toast's button: that call rang in an app that has since gone; nothing to do.
  const first = argv.slice(1).some((arg) => claim(arg)) ? null : dialLinkInArgs(argv.slice(1));
  if (first !== null) pending.push(first);
  // The page takes what arrived before it listened (a cold start by a link).
  ipc.handle(IPC_DIAL_LINKS_TAKE, (event) => (trusted(event) ? pending.splice(0) : []));
  return {
    ok: true,
    attach(w) {
      window = w;
    },
  };
}
