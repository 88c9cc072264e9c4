import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindDialLinks, type DialLinkApp, type DialLinkWindow } from '../../electron/main/dial-links';
import type { IpcEventLike, IpcMainLike } from '../../electron/main/ipc-binding';
import { IPC_DIAL_LINK, IPC_DIAL_LINKS_TAKE } from '../../shared/contract/ipc-channels';
import { DIAL_SCHEMES } from '../../shared/domain/dial-link';
import { REPO_ROOT } from '../support/app-process';

type Listener = (...args: never[]) => void;

/** Electron's app and ipcMain as the glue uses them, recording what it asks for. */
function fakes(options: { lock?: boolean; isPackaged?: boolean } = {}) {
  const listeners = new Map<string, Listener>();
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const protocols: { scheme: string; path?: string; args?: string[] }[] = [];
  let quit = false;
  const app: DialLinkApp = {
    isPackaged: options.isPackaged ?? true,
    requestSingleInstanceLock: () => options.lock ?? true,
    setAsDefaultProtocolClient: (scheme: string, path?: string, args?: string[]) => protocols.push({ scheme, path, args }) > 0,
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    quit: () => void (quit = true),
  } as DialLinkApp;
  const ipc: IpcMainLike = { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: () => undefined };
  const sent: string[] = [];
  const focus: string[] = [];
  const window: DialLinkWindow = {
    webContents: { id: 1, send: (_channel: string, link: unknown) => sent.push(`${_channel} ${String(link)}`), isDestroyed: () => false, once: () => undefined },
    isMinimized: () => true,
    restore: () => focus.push('restore'),
    focus: () => focus.push('focus'),
  };
  const sender = window.webContents;
  const own: IpcEventLike = { sender, senderFrame: { url: 'file:///app/index.html', parent: null } };
  const foreign: IpcEventLike = { sender, senderFrame: { url: 'https://evil.example/', parent: null } };
  const trusted = (e: IpcEventLike) => e.senderFrame?.url === 'file:///app/index.html';
  return { app, ipc, listeners, handlers, protocols, sent, focus, window, own, foreign, trusted, quit: () => quit };
}

describe('dial links in the desktop app (main process glue, without Electron)', () => {
  it('keeps a cold start’s link (Windows/Linux argument) until the page takes it, once, and only for the app’s own page', () => {
    const f = fakes();
    const links = bindDialLinks(f.app, f.ipc, ['Frontline.exe', 'tel:+442079460958'], f.trusted, 'Frontline.exe');
    expect(links.ok).toBe(true);
    const take = f.handlers.get(IPC_DIAL_LINKS_TAKE);
    expect(take?.(f.foreign)).toEqual([]);
    expect(take?.(f.own)).toEqual(['tel:+442079460958']);
    expect(take?.(f.own)).toEqual([]);
  });

  it('hands a second start’s link to the running window and brings it forward; macOS open-url the same', () => {
    const f = fakes();
    const links = bindDialLinks(f.app, f.ipc, ['Frontline.exe'], f.trusted, 'Frontline.exe');
    links.attach(f.window);
    (f.listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['Frontline.exe', '--x', 'sip:alice@pbx.example']);
    let prevented = false;
    (f.listeners.get('open-url') as (e: { preventDefault(): void }, url: string) => void)({ preventDefault: () => (prevented = true) }, 'frontline://dial?number=%2B4930901820');
    expect(f.sent).toEqual([`${IPC_DIAL_LINK} sip:alice@pbx.example`, `${IPC_DIAL_LINK} frontline://dial?number=%2B4930901820`]);
    expect(prevented).toBe(true);
    expect(f.focus).toEqual(['restore', 'focus', 'restore', 'focus']);
  });

  it('gives a Windows toast’s frontline://ringing press to the ringing notification, never to the dialler, also on a cold start', () => {
    const f = fakes();
    const claimed: string[] = [];
    const claim = (link: string) => link.startsWith('frontline://ringing/') && claimed.push(link) > 0;
    const links = bindDialLinks(f.app, f.ipc, ['Frontline.exe', 'frontline://ringing/answer?call=old'], f.trusted, 'Frontline.exe', claim);
    links.attach(f.window);
    (f.listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['Frontline.exe', 'frontline://ringing/decline?call=c1']);
    (f.listeners.get('open-url') as (e: { preventDefault(): void }, url: string) => void)({ preventDefault: () => undefined }, 'frontline://ringing/answer?call=c2');
    (f.listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['Frontline.exe', 'tel:+442079460958']);
    expect(claimed).toEqual(['frontline://ringing/answer?call=old', 'frontline://ringing/decline?call=c1', 'frontline://ringing/answer?call=c2']);
    expect(f.handlers.get(IPC_DIAL_LINKS_TAKE)?.(f.own)).toEqual([]);
    expect(f.sent).toEqual([`${IPC_DIAL_LINK} tel:+442079460958`]);
  });

  it('a link that arrives before the window (macOS open-url while starting) waits for the page', () => {
    const f = fakes();
    bindDialLinks(f.app, f.ipc, ['Frontline'], f.trusted, 'Frontline');
    (f.listeners.get('open-url') as (e: { preventDefault(): void }, url: string) => void)({ preventDefault: () => undefined }, 'tel:+442079460958');
    expect(f.sent).toEqual([]);
    expect(f.handlers.get(IPC_DIAL_LINKS_TAKE)?.(f.own)).toEqual(['tel:+442079460958']);
  });

  it('claims only frontline: at run time (tel:/sip: are the user’s choice); unpackaged, with the app path', () => {
    const packaged = fakes();
    bindDialLinks(packaged.app, packaged.ipc, ['Frontline.exe'], packaged.trusted, 'Frontline.exe');
    expect(packaged.protocols).toEqual([{ scheme: 'frontline', path: undefined, args: undefined }]);
    const dev = fakes({ isPackaged: false });
    bindDialLinks(dev.app, dev.ipc, ['/x/electron', '/repo/build/electron/main.cjs'], dev.trusted, '/x/electron');
    expect(dev.protocols).toEqual([{ scheme: 'frontline', path: '/x/electron', args: ['/repo/build/electron/main.cjs'] }]);
  });

  it('a second instance quits without binding anything (the first one gets its link)', () => {
    const f = fakes({ lock: false });
    expect(bindDialLinks(f.app, f.ipc, ['Frontline.exe', 'tel:+442079460958'], f.trusted, 'Frontline.exe').ok).toBe(false);
    expect(f.quit()).toBe(true);
    expect(f.handlers.size).toBe(0);
  });

  it('the package declares every scheme it handles: electron-builder protocols, and the Windows installer’s ProgIDs and capabilities', () => {
    const yml = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    const declared = [...yml.matchAll(/^\s+schemes: \[([^\]]+)\]/gm)].flatMap((m) => (m[1] ?? '').split(',').map((s) => s.trim()));
    expect(declared.sort()).toEqual([...DIAL_SCHEMES].sort());
    expect(yml).toMatch(/^ {2}include: resources\/installer\.nsh$/m);
    const nsh = readFileSync(join(REPO_ROOT, 'resources', 'installer.nsh'), 'utf8');
    for (const scheme of DIAL_SCHEMES.filter((s) => s !== 'frontline')) {
      expect(nsh, scheme).toContain(`!insertmacro frontlineUrlProgId "${scheme}"`);
      expect(nsh, scheme).toContain(`DeleteRegKey SHCTX "Software\\Classes\\Frontline.${scheme}"`);
    }
    expect(nsh).toContain('WriteRegStr SHCTX "Software\\RegisteredApplications" "Frontline" "Software\\Frontline\\Capabilities"');
    expect(nsh).toContain('WriteRegStr SHCTX "Software\\Classes\\frontline\\shell\\open\\command" "" "$\\"$INSTDIR\\${APP_EXECUTABLE_FILENAME}$\\" $\\"%1$\\""');
  });
});
