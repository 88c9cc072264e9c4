import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, commandLineSwitches, isAppUrl, permissionAllowed } from '../../electron/main/window-security';
import { IPC_CALL, IPC_PHONE_PASSWORD_LOAD, IPC_PHONE_PASSWORD_SAVE, IPC_RINGING_SHOW, IPC_SUBSCRIBE } from '../../shared/contract/ipc-channels';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';

/**
 * The built main process (build/electron/main.cjs), run in Node against a recording stand-in for
 * the `electron` module: what it asks Electron to do is what a packaged app would do. No Electron
 * binary is needed (none can be downloaded here).
 */
type Handler = (...args: unknown[]) => unknown;
interface Recorded {
  switches: string[];
  windows: { webPreferences: Record<string, unknown> }[];
  permissionRequest: Handler | null;
  permissionCheck: Handler | null;
  headers: Handler | null;
  ipc: Map<string, Handler>;
  contents: Map<string, Handler>;
  openHandler: Handler | null;
  loaded: string | null;
  protocols: string[];
  notifications: { shown: boolean; options: Record<string, unknown> }[];
}

const rec: Recorded = { switches: [], windows: [], permissionRequest: null, permissionCheck: null, headers: null, ipc: new Map(), contents: new Map(), openHandler: null, loaded: null, protocols: [], notifications: [] };
const appRoot = join(REPO_ROOT, 'renderer', 'dist');
const appFile = pathToFileURL(join(appRoot, 'index.html')).href;
let data: ReturnType<typeof tempDir>;
let ready: Promise<void>;

function fakeElectron(isPackaged: boolean) {
  const webContents = {
    on(event: string, fn: Handler) {
      rec.contents.set(event, fn);
      return webContents;
    },
    setWindowOpenHandler(fn: Handler) {
      rec.openHandler = fn;
    },
    executeJavaScript: () => Promise.resolve('Frontline'),
  };
  let loaded: () => void = () => undefined;
  ready = new Promise((resolve) => (loaded = resolve));
  class BrowserWindow {
    webContents = webContents;
    constructor(options: { webPreferences: Record<string, unknown> }) {
      rec.windows.push(options);
    }
    loadFile(file: string): Promise<void> {
      rec.loaded = file;
      loaded();
      return Promise.resolve();
    }
  }
  class Notification {
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      rec.notifications.push(this);
    }
    on(): this {
      return this;
    }
    show(): void {
      this.shown = true;
    }
    close(): void {
      this.shown = false;
    }
  }
  return {
    Notification,
    app: {
      isPackaged,
      commandLine: { appendSwitch: (s: string) => rec.switches.push(s) },
      whenReady: () => Promise.resolve(),
      on: () => undefined,
      quit: () => undefined,
      requestSingleInstanceLock: () => true,
      setAsDefaultProtocolClient: (scheme: string) => rec.protocols.push(scheme) > 0,
      exit: (code: number) => {
        throw new Error(`main process exited ${code}`);
      },
      getAppPath: () => REPO_ROOT,
      getPath: () => data.dir,
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => rec.ipc.set(channel, fn), on: (channel: string, fn: Handler) => rec.ipc.set(channel, fn), removeHandler: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Handler) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Handler) => (rec.headers = fn) },
      },
    },
  };
}

function askPermission(permission: string, details: Record<string, unknown>): boolean {
  let granted: boolean | null = null;
  rec.permissionRequest?.(null, permission, (g: boolean) => (granted = g), details);
  if (granted === null) throw new Error('the permission handler did not answer');
  return granted;
}

function navigationAllowed(event: string, url: string): boolean {
  let prevented = false;
  const e = { preventDefault: () => (prevented = true), url };
  rec.contents.get(event)?.(e, url);
  return !prevented;
}

describe('desktop hardening: the built main process, without Electron', () => {
  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build:electron', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    data = tempDir();
    process.env.FRONTLINE_DATA_DIR = data.dir;
    const electron = fakeElectron(true);
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron : original.call(this, request, ...rest);
    };
    try {
      createRequire(import.meta.url)(join(REPO_ROOT, 'build', 'electron', 'main.cjs'));
      await ready;
    } finally {
      loader._load = original;
    }
  }, 120_000);

  afterAll(() => {
    delete process.env.FRONTLINE_DATA_DIR;
    data?.cleanup();
  });

  it('packaged: no DevTools, isolated sandboxed renderer without Node, no loopback WebRTC switch', () => {
    expect(rec.windows[0]?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: false });
    expect(rec.switches).not.toContain('allow-loopback-in-peer-connection');
    expect(commandLineSwitches(false)).toContain('allow-loopback-in-peer-connection');
    expect(rec.loaded).toBe(join(appRoot, 'index.html'));
    // Click-to-call: only Frontline's own scheme is claimed at run time (ADR 0033).
    expect(rec.protocols).toEqual(['frontline']);
  });

  it('grants the microphone to the app’s own top frame only, never the camera, nothing else', () => {
    const own = { requestingUrl: appFile, isMainFrame: true };
    expect(askPermission('media', { ...own, mediaTypes: ['audio'] })).toBe(true);
    expect(askPermission('media', { ...own, mediaTypes: ['video'] })).toBe(false);
    expect(askPermission('media', { ...own, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(askPermission('media', { ...own, isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
    expect(askPermission('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial']) {
      expect(askPermission(p, own), p).toBe(false);
    }
    expect(rec.permissionCheck?.(null, 'media', 'file:///', { requestingUrl: appFile, isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(rec.permissionCheck?.(null, 'media', 'file:///', { requestingUrl: appFile, isMainFrame: true, mediaType: 'video' })).toBe(false);
  });

  it('navigates and redirects only within the app’s own files: prefix, trailing-slash and ../ tricks refused', () => {
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(navigationAllowed(event, appFile), event).toBe(true);
      for (const url of [
        pathToFileURL(`${appRoot}-evil/index.html`).href,
        `${pathToFileURL(appRoot).href}/../../etc/passwd`,
        pathToFileURL(appRoot).href,
        `${pathToFileURL(appRoot).href}/`,
        'https://evil.example/',
        'file://evil.example/share/index.html',
        'javascript:alert(1)',
      ]) {
        expect(navigationAllowed(event, url), `${event} ${url}`).toBe(false);
      }
    }
    expect(rec.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(navigationAllowed('will-attach-webview', 'about:blank')).toBe(false);
    expect(isAppUrl(appFile, appRoot)).toBe(true);
  });

  it('answers IPC only from the app’s own top frame', async () => {
    const sender = { id: 7, send: () => undefined, isDestroyed: () => false, once: () => undefined };
    const call = rec.ipc.get(IPC_CALL);
    const iframe = (await call?.({ sender, senderFrame: { url: appFile, parent: {} } }, 'system.ping', {})) as { ok: boolean; error?: { code: string } };
    expect(iframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const foreign = (await call?.({ sender, senderFrame: { url: 'https://evil.example/', parent: null } }, 'system.ping', {})) as { ok: boolean };
    expect(foreign.ok).toBe(false);
    expect(await rec.ipc.get(IPC_SUBSCRIBE)?.({ sender, senderFrame: null })).toBe(false);
    const own = (await call?.({ sender, senderFrame: { url: appFile, parent: null } }, 'system.ping', {})) as { ok: boolean };
    expect(own.ok).toBe(true);
  });

  it('shows a ringing call’s notification through Electron’s Notification, asked by the app’s own top frame only (ADR 0034)', async () => {
    const sender = { id: 7, send: () => undefined, isDestroyed: () => false, once: () => undefined };
    const notice = { callId: 'c1', title: 'Incoming call — Olivia Bennett', body: '+44 20 7946 0958', answer: 'Answer', decline: 'Decline' };
    const show = rec.ipc.get(IPC_RINGING_SHOW);
    expect(await show?.({ sender, senderFrame: { url: 'https://evil.example/', parent: null } }, notice)).toBe(false);
    expect(rec.notifications).toEqual([]);
    expect(await show?.({ sender, senderFrame: { url: appFile, parent: null } }, notice)).toBe(true);
    expect(rec.notifications).toHaveLength(1);
    expect(rec.notifications[0]).toMatchObject({ shown: true, options: { title: notice.title, body: notice.body, silent: true, actions: process.platform === 'darwin' ? [{ type: 'button', text: 'Answer' }, { type: 'button', text: 'Decline' }] : [] } });
  });

  it('keeps the phone settings’ SIP password for the app’s own frame only; without a keychain in memory, never in a file (issue 11 item 6)', async () => {
    const sender = { id: 7, send: () => undefined, isDestroyed: () => false, once: () => undefined };
    const own = { sender, senderFrame: { url: appFile, parent: null } };
    const evil = { sender, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await rec.ipc.get(IPC_PHONE_PASSWORD_SAVE)?.(evil, 'stolen')).toBe(false);
    expect(await rec.ipc.get(IPC_PHONE_PASSWORD_SAVE)?.(own, 'sip-secret-4711')).toBe(true);
    expect(await rec.ipc.get(IPC_PHONE_PASSWORD_LOAD)?.(evil)).toBeNull();
    expect(await rec.ipc.get(IPC_PHONE_PASSWORD_LOAD)?.(own)).toBe('sip-secret-4711');
    // This stand-in has no safeStorage: nothing may have been written.
    expect(existsSync(join(data.dir, 'phone-password.sealed'))).toBe(false);
  });

  it('carries the CSP with the page for file:// loads (same as browser mode’s) and adds it to any response with headers', () => {
    const html = readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(APP_CSP);
    expect(APP_CSP).toContain("script-src 'self';");
    expect(APP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    let headers: Record<string, string[]> = {};
    rec.headers?.({ responseHeaders: {} }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([APP_CSP]);
    expect(permissionAllowed('media', { requestingUrl: appFile, isMainFrame: true, mediaTypes: ['audio'] }, appRoot)).toBe(true);
  });

  it('flips the Electron fuses in packaged builds (electron-builder electronFuses)', () => {
    const yml = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+\S.*\n)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});
