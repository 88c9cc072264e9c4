import { createStore } from 'zustand/vanilla';
import type { Agent, AgentStatus } from '../../../../shared/contract/schemas/agent';
import type { Settings } from '../../../../shared/contract/schemas/settings';
import { SESSION_TOKEN_KEY } from '../../../../shared/contract/ipc-channels';
import type { ApiClient } from '../../platform/api-client';
import type { ConnectionState } from '../../platform/transport';
import { humanError } from '../../i18n';

/** What a sign-in needs; the password never leaves this call (the server issues a session token instead). */
export interface SignInForm {
  extension: string;
  password: string;
  /** Demo quick start only: the name of a new demo agent. */
  name: string;
}

export interface SessionState {
  connection: ConnectionState;
  settings: Settings | null;
  /** The loopback demo quick start is on: an agent may sign in by extension alone. */
  quickStart: boolean;
  agent: Agent | null;
  status: AgentStatus | null;
  /** Signed in without a password (demo quick start): the UI says "demo". */
  demo: boolean;
  /** The extension is live on another desk: the sign-in waits for the agent to choose a take-over. */
  takeOverOffer: { extension: string } | null;
  /** Why the server ended the last session (taken over, revoked, …), shown on the sign-in screen. */
  notice: string | null;
  error: string | null;
  busy: boolean;
  /** Resuming the session of the token kept in this tab (after a reload). */
  resuming: boolean;
  signIn(form: SignInForm, takeOver?: boolean): Promise<void>;
  /** Confirm the offered take-over with the form the agent filled in. */
  confirmTakeOver(): Promise<void>;
  cancelTakeOver(): void;
  setPresence(state: 'available' | 'break' | 'offline', reason?: string): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
}

/** The tab's session token: survives a reload of this tab only (sessionStorage), never the password. The desktop's preload may seed it from the sealed store (ADR 0038). */
const TOKEN_KEY = SESSION_TOKEN_KEY;

export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createSessionStore(api: ApiClient, storage: SessionStorageLike | null = typeof sessionStorage === 'undefined' ? null : sessionStorage) {
  /** Kept for a take-over confirmation only, in this closure (never in the store's state). */
  let pendingForm: SignInForm | null = null;
  /** The first resume after the page loaded: the old page's calls died with it. */
  let pageLoaded = true;

  const store = createStore<SessionState>()((set, get) => ({
    connection: 'connecting',
    settings: null,
    quickStart: false,
    agent: null,
    status: null,
    demo: false,
    takeOverOffer: null,
    notice: null,
    error: null,
    busy: false,
    resuming: storage?.getItem(TOKEN_KEY) != null,
    async signIn(form, takeOver) {
      set({ busy: true, error: null, notice: null, takeOverOffer: null });
      const params = {
        extension: form.extension,
        ...(form.password === '' ? {} : { password: form.password }),
        ...(form.name === '' ? {} : { name: form.name }),
        ...(takeOver === true ? { takeOver: true } : {}),
      };
      const result = await api.call('agent.signIn', params);
      if (result.ok) {
        pendingForm = null;
        pageLoaded = false;
        storage?.setItem(TOKEN_KEY, result.value.session.token);
        set({ agent: result.value.agent, status: result.value.status, demo: result.value.demo, busy: false });
        return;
      }
      const offer = result.error.code === 'CONFLICT' && (result.error.details as { takeOver?: boolean } | undefined)?.takeOver === true;
      if (offer) {
        pendingForm = form;
        set({ takeOverOffer: { extension: form.extension }, busy: false });
      } else {
        set({ error: signInMessage(result.error), busy: false });
      }
    },
    async confirmTakeOver() {
      if (pendingForm !== null) await get().signIn(pendingForm, true);
    },
    cancelTakeOver() {
      pendingForm = null;
      set({ takeOverOffer: null });
    },
    async setPresence(state, reason) {
      set({ busy: true, error: null });
      const result = await api.call('agent.setState', reason === undefined ? { state } : { state, reason });
      if (result.ok) set({ status: result.value, busy: false });
      else set({ error: humanError(result.error), busy: false });
    },
    async signOut(everywhere = false) {
      if (get().agent === null) return;
      const result = await api.call(everywhere ? 'agent.signOutEverywhere' : 'agent.signOut', {});
      if (result.ok) {
        storage?.removeItem(TOKEN_KEY);
        set({ agent: null, status: null, demo: false });
      } else set({ error: humanError(result.error) });
    },
  }));

  /** After a reload or a reconnect: the same session from the token, never the password. */
  async function resume(token: string): Promise<void> {
    const liveCallKeys = pageLoaded ? [] : undefined;
    store.setState({ resuming: true });
    const result = await api.call('agent.resume', liveCallKeys === undefined ? { token } : { token, liveCallKeys });
    pageLoaded = false;
    if (result.ok) {
      store.setState({ agent: result.value.agent, status: result.value.status, demo: result.value.demo, resuming: false });
    } else if (result.error.code === 'UNAUTHENTICATED') {
      storage?.removeItem(TOKEN_KEY);
      store.setState({ agent: null, status: null, resuming: false, notice: result.error.message });
    } else {
      store.setState({ resuming: false });
    }
  }

  api.transport.onConnectionState((connection) => {
    store.setState({ connection });
    if (connection !== 'open') return;
    if (store.getState().settings === null) {
      void api.call('settings.get', {}).then((r) => {
        if (r.ok) store.setState({ settings: r.value });
      });
      void api.call('agent.signInOptions', {}).then((r) => {
        if (r.ok) store.setState({ quickStart: r.value.quickStart });
      });
    }
    // A new socket is a new connection on the server: carry on the same session with the tab's token.
    const token = storage?.getItem(TOKEN_KEY);
    if (token != null && (api.transport.kind === 'ws' || store.getState().agent === null)) void resume(token);
  });
  api.on('agent.stateChanged', (status) => {
    if (status.agentId === store.getState().agent?.id) store.setState({ status });
  });
  api.on('session.ended', ({ message }) => {
    storage?.removeItem(TOKEN_KEY);
    store.setState({ agent: null, status: null, demo: false, notice: message });
  });
  return store;
}

/** Sign-in refusals say exactly what to do (wrong password, no password issued yet, wait); anything else reads as any error. */
function signInMessage(error: Parameters<typeof humanError>[0]): string {
  if (error.code === 'UNAUTHENTICATED') return error.message.charAt(0).toUpperCase() + error.message.slice(1) + '.';
  if (error.code === 'RATE_LIMITED') return `Too many failed attempts: ${error.message.replace(/^too many failed sign-ins: /, '')}.`;
  return humanError(error);
}

export type SessionStore = ReturnType<typeof createSessionStore>;
