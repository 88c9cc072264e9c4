import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IpcEventLike } from '../../electron/main/ipc-binding';
import { bindPhonePassword } from '../../electron/main/phone-password';
import { sealedFile } from '../../electron/main/sealed-file';
import { createDesktopSetupBridge, type IpcRendererLike } from '../../electron/preload/bridge';
import { loadPhoneConfig, savePhoneConfig } from '../../renderer/src/features/phone-settings/phone-config';
import { phonePasswordStore, type PhonePasswordStore } from '../../renderer/src/features/phone-settings/phone-password';
import { IPC_PHONE_PASSWORD_LOAD, IPC_PHONE_PASSWORD_SAVE } from '../../shared/contract/ipc-channels';
import { keychain } from '../support/keychain';
import { tempDir } from '../support/temp-dir';

const PASSWORD = 'S1p-secret-of-desk-4711';
const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;
const own: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html', parent: null } } as IpcEventLike;
const foreign: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } } as IpcEventLike;

/** Main's binding over a sealed file in a fresh folder; `restart` binds again on the same file, as the next run of the app. */
function mainSide(chain = keychain()) {
  const file = join(tmp.dir, `phone-password-${++n}.sealed`);
  const bind = () => {
    const handlers = new Map<string, Handler>();
    bindPhonePassword({ handle: (channel, fn) => handlers.set(channel, fn) }, sealedFile(file, chain), (e) => e.senderFrame?.url === 'file:///app/index.html');
    return {
      load: (event = own) => handlers.get(IPC_PHONE_PASSWORD_LOAD)?.(event),
      save: (value: unknown, event = own) => handlers.get(IPC_PHONE_PASSWORD_SAVE)?.(event, value),
    };
  };
  return { file, bind };
}

/** A Storage as the page's localStorage. */
function pageStorage(): Storage & { dump(): string } {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
    dump: () => JSON.stringify([...items]),
  };
}

function recordingStore(): PhonePasswordStore & { saved: (string | null)[] } {
  const saved: (string | null)[] = [];
  return { kept: 'memory', saved, load: () => Promise.resolve(saved.at(-1) ?? null), save: (p) => Promise.resolve(void saved.push(p)) };
}

describe('the desktop keeps the phone settings’ SIP password sealed by the OS keychain (main)', () => {
  it('seals it: the next run of the app has it, the file holds no trace of it', () => {
    const { file, bind } = mainSide();
    expect(bind().save(PASSWORD)).toBe(true);
    expect(readFileSync(file).toString('latin1')).not.toContain(PASSWORD);
    expect(bind().load()).toBe(PASSWORD);
    expect(bind().save(null)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(bind().load()).toBeNull();
  });

  it('without a keychain (or Linux’s built-in-key fallback) keeps it in main’s memory only: nothing on disk, gone after a restart', () => {
    for (const chain of [keychain({ available: false }), keychain({ backend: 'basic_text' })]) {
      const { file, bind } = mainSide(chain);
      const running = bind();
      expect(running.save(PASSWORD)).toBe(true);
      expect(running.load()).toBe(PASSWORD); // a reload of the page keeps it
      expect(existsSync(file)).toBe(false);
      expect(bind().load()).toBeNull();
    }
  });

  it('answers the app’s own frame only, and keeps nothing that is not a password', () => {
    const { bind } = mainSide();
    const running = bind();
    running.save(PASSWORD);
    expect(running.load(foreign)).toBeNull();
    expect(running.save('stolen', foreign)).toBe(false);
    for (const bad of ['', 'x'.repeat(257), 42, { password: 'x' }, undefined]) expect(running.save(bad)).toBe(false);
    expect(running.load()).toBe(PASSWORD);
  });

  it('reaches the page through the preload’s window.frontlineDesktop', async () => {
    const { bind } = mainSide();
    const running = bind();
    const ipc: IpcRendererLike = {
      invoke: (channel, ...args) => Promise.resolve(channel === IPC_PHONE_PASSWORD_LOAD ? running.load() : running.save(args[0])),
      on: () => undefined,
      removeListener: () => undefined,
    };
    const desktop = createDesktopSetupBridge(ipc);
    const store = phonePasswordStore({ ...desktop, firstRun: () => Promise.resolve(false) });
    expect(store.kept).toBe('sealed');
    await store.save(PASSWORD);
    expect(await store.load()).toBe(PASSWORD);
    await expect(store.save('x'.repeat(300))).rejects.toThrow('the desktop refused to keep this SIP password');
  });
});

describe('the page never keeps the SIP password in its storage (renderer)', () => {
  it('saves the phone settings without it, whatever the caller passes', () => {
    const storage = pageStorage();
    savePhoneConfig({ server: 'wss://pbx.example:8089/ws', domain: 'pbx.example', username: '4711', autoAnswer: false, trustedPbx: false, password: PASSWORD } as never, storage);
    expect(storage.dump()).not.toContain(PASSWORD);
    expect(loadPhoneConfig(storage, recordingStore())).toEqual({ server: 'wss://pbx.example:8089/ws', domain: 'pbx.example', username: '4711', autoAnswer: false, trustedPbx: false });
  });

  it('moves a password an older build left in localStorage into the password store, and out of the storage', () => {
    const storage = pageStorage();
    storage.setItem('frontline.phone', JSON.stringify({ server: 'wss://pbx.example/ws', domain: 'pbx.example', username: '', password: PASSWORD, autoAnswer: true, trustedPbx: true }));
    const passwords = recordingStore();
    const config = loadPhoneConfig(storage, passwords);
    expect(config).toEqual({ server: 'wss://pbx.example/ws', domain: 'pbx.example', username: '', autoAnswer: true, trustedPbx: true });
    expect(passwords.saved).toEqual([PASSWORD]);
    expect(storage.dump()).not.toContain(PASSWORD);
    expect(loadPhoneConfig(storage, passwords)).toEqual(config);
    expect(passwords.saved).toEqual([PASSWORD]);
  });

  it('in a browser keeps it in the page’s memory only', async () => {
    const store = phonePasswordStore(null);
    expect(store.kept).toBe('memory');
    await store.save(PASSWORD);
    expect(await phonePasswordStore(null).load()).toBe(PASSWORD);
    await store.save(null);
    expect(await store.load()).toBeNull();
  });
});
