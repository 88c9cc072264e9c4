import type { Result } from '../../shared/contract/result';
import type { EventFrame } from '../../shared/contract/wire';
import { IPC_CALL, IPC_CONNECTION, IPC_CONNECTION_STATE, IPC_DIAL_LINK, IPC_DIAL_LINKS_TAKE, IPC_EVENT, IPC_CHOOSE_CORE, IPC_FIRST_RUN, IPC_PHONE_PASSWORD_LOAD, IPC_PHONE_PASSWORD_SAVE, IPC_RINGING_ACTION, IPC_RINGING_CLOSE, IPC_RINGING_SHOW, IPC_STORED_SESSION, IPC_SUBSCRIBE, SESSION_TOKEN_KEY } from '../../shared/contract/ipc-channels';
import { readRingingAction, type RingingActionMessage, type RingingNotice } from '../../shared/contract/ringing-notice';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the page sees as window.frontline: contract calls and events, nothing else of Electron. */
export interface FrontlineBridge {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
  /** The main process's connection to a team server (always 'open' on the embedded core). */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  /** Dial links (tel:, sip:, frontline://dial) the OS opened Frontline with: those waiting first, then each new one. Raw text: the page reads and confirms it. */
  onDialLink(listener: (link: string) => void): () => void;
  /** The desktop notification for the call ringing now (ADR 0034): one at a time, the newest replacing the last. */
  showRinging(notice: RingingNotice): Promise<boolean>;
  /** That call stopped ringing, or the desk has the focus again. */
  closeRinging(callId: string): Promise<boolean>;
  /** Answer, Decline or a click on the notification. */
  onRingingAction(listener: (message: RingingActionMessage) => void): () => void;
}

export const BRIDGE_KEY = 'frontline';

/** Subscribes to a main-process push channel; the returned function stops it. */
function listen(ipc: IpcRendererLike, channel: string, listener: (value: unknown) => void): () => void {
  const wrapped = (_event: unknown, value: unknown): void => listener(value);
  ipc.on(channel, wrapped);
  return () => {
    ipc.removeListener(channel, wrapped);
  };
}

export function createBridge(ipc: IpcRendererLike): FrontlineBridge {
  return {
    call: (method, params) => ipc.invoke(IPC_CALL, method, params) as Promise<Result<unknown>>,
    onEvent(listener) {
      const off = listen(ipc, IPC_EVENT, (frame) => listener(frame as EventFrame));
      void ipc.invoke(IPC_SUBSCRIBE);
      return off;
    },
    onConnectionState(listener) {
      const off = listen(ipc, IPC_CONNECTION, (state) => listener(state as ConnectionState));
      void ipc.invoke(IPC_CONNECTION_STATE).then((state) => listener(state as ConnectionState));
      return off;
    },
    onDialLink(listener) {
      const off = listen(ipc, IPC_DIAL_LINK, (link) => typeof link === 'string' && listener(link));
      void ipc.invoke(IPC_DIAL_LINKS_TAKE).then((waiting) => {
        if (Array.isArray(waiting)) for (const link of waiting) if (typeof link === 'string') listener(link);
      });
      return off;
    },
    showRinging: (notice) => ipc.invoke(IPC_RINGING_SHOW, notice).then((shown) => shown === true),
    closeRinging: (callId) => ipc.invoke(IPC_RINGING_CLOSE, callId).then((closed) => closed === true),
    onRingingAction(listener) {
      return listen(ipc, IPC_RINGING_ACTION, (value) => {
        const message = readRingingAction(value);
        if (message !== null) listener(message);
      });
    },
  };
}

/**
 * At page start, before the app reads it: a session token kept sealed from before a restart (ADR
 * 0038) goes where the page keeps its token, so the page resumes that session as after a reload.
 * A token already there (a reload) wins.
 */
export interface TokenStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function seedStoredSession(ipc: { sendSync(channel: string): unknown }, storage: TokenStorageLike): void {
  if (storage.getItem(SESSION_TOKEN_KEY) !== null) return;
  const stored = ipc.sendSync(IPC_STORED_SESSION);
  if (typeof stored === 'string' && stored !== '') storage.setItem(SESSION_TOKEN_KEY, stored);
}

/** window.frontlineDesktop: the first-run choice of core and the phone settings' sealed SIP password (ADR 0038). The same shape as the renderer's DesktopSetupLike. */
export interface DesktopSetupBridge {
  firstRun(): Promise<boolean>;
  choose(choice: { mode: 'embedded' } | { mode: 'server'; url: string; pinnedCertificate?: string }): Promise<{ ok: true; restart: boolean } | { ok: false; problem: string }>;
  loadPhonePassword(): Promise<string | null>;
  savePhonePassword(password: string | null): Promise<boolean>;
}

export function createDesktopSetupBridge(ipc: IpcRendererLike): DesktopSetupBridge {
  return {
    firstRun: async () => (await ipc.invoke(IPC_FIRST_RUN)) === true,
    choose: (choice) => ipc.invoke(IPC_CHOOSE_CORE, choice) as ReturnType<DesktopSetupBridge['choose']>,
    loadPhonePassword: async () => {
      const value = await ipc.invoke(IPC_PHONE_PASSWORD_LOAD);
      return typeof value === 'string' ? value : null;
    },
    savePhonePassword: async (password) => (await ipc.invoke(IPC_PHONE_PASSWORD_SAVE, password)) === true,
  };
}
