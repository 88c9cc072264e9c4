import { createStore } from 'zustand/vanilla';
import type { Agent, AgentStatus } from '../../../../shared/contract/schemas/agent';
import type { Settings } from '../../../../shared/contract/schemas/settings';
import type { ApiClient } from '../../platform/api-client';
import type { ConnectionState } from '../../platform/transport';
import { humanError } from '../../i18n';

export interface SessionState {
  connection: ConnectionState;
  settings: Settings | null;
  agent: Agent | null;
  status: AgentStatus | null;
  error: string | null;
  busy: boolean;
  /** Supervisors also give their password; it is kept in memory only, to sign in again on a new socket. */
  signIn(name: string, extension: string, password?: string): Promise<void>;
  setPresence(state: 'available' | 'break' | 'offline', reason?: string): Promise<void>;
  signOut(): Promise<void>;
}

export function createSessionStore(api: ApiClient) {
  /** Never in the store's state (devtools, snapshots): only this closure holds it. */
  let password: string | undefined;
  const store = createStore<SessionState>()((set, get) => ({
    connection: 'connecting',
    settings: null,
    agent: null,
    status: null,
    error: null,
    busy: false,
    async signIn(name, extension, secret) {
      set({ busy: true, error: null });
      const result = await api.call('agent.signIn', secret === undefined || secret === '' ? { name, extension } : { name, extension, password: secret });
      if (result.ok) {
        password = secret === '' ? undefined : secret;
        set({ agent: result.value.agent, status: result.value.status, busy: false });
      } else set({ error: humanError(result.error), busy: false });
    },
    async setPresence(state, reason) {
      set({ busy: true, error: null });
      const result = await api.call('agent.setState', reason === undefined ? { state } : { state, reason });
      if (result.ok) set({ status: result.value, busy: false });
      else set({ error: humanError(result.error), busy: false });
    },
    async signOut() {
      if (get().agent === null) return;
      const result = await api.call('agent.signOut', {});
      if (result.ok) {
        password = undefined;
        set({ agent: null, status: null });
      } else set({ error: humanError(result.error) });
    },
  }));

  api.transport.onConnectionState((connection) => {
    store.setState({ connection });
    if (connection === 'open' && store.getState().settings === null) {
      void api.call('settings.get', {}).then((r) => {
        if (r.ok) store.setState({ settings: r.value });
      });
    }
    // A new socket is a new session on the server: sign in again with the same identity.
    if (connection === 'open' && api.transport.kind === 'ws') {
      const agent = store.getState().agent;
      if (agent !== null) void store.getState().signIn(agent.name, agent.extension, password);
    }
  });
  api.on('agent.stateChanged', (status) => {
    if (status.agentId === store.getState().agent?.id) store.setState({ status });
  });
  return store;
}

export type SessionStore = ReturnType<typeof createSessionStore>;
