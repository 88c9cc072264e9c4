import { createStore } from 'zustand/vanilla';
import { humanError, i18nNow } from '../../i18n';
import type { ApiClient } from '../../platform/api-client';
import type { BoardStore } from '../board-model';

/** connecting: no socket yet (or lost); ready: the token was accepted and the board is subscribed; invalid: refused. */
export type WallboardPhase = 'connecting' | 'signing-in' | 'ready' | 'invalid';

export interface WallboardSessionState {
  phase: WallboardPhase;
  /** The screen's name, as the supervisor gave it when making the link. */
  label: string | null;
  error: string | null;
}

const REFUSED = new Set(['UNAUTHENTICATED', 'INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND']);

/**
 * The wallboard's identity: its read-only token, presented on every new connection (a new
 * socket is a new session on the server), then the board is subscribed or caught up. It never
 * signs in as an agent.
 */
export function createWallboardSession(api: ApiClient, token: string, board: BoardStore) {
  const store = createStore<WallboardSessionState>()(() => ({
    phase: token === '' ? 'invalid' : 'connecting',
    label: null,
    error: token === '' ? i18nNow().t('wallboard.noToken') : null,
  }));

  async function present(): Promise<void> {
    store.setState({ phase: 'signing-in' });
    const r = await api.call('wallboard.signIn', { token });
    if (!r.ok) {
      if (REFUSED.has(r.error.code)) store.setState({ phase: 'invalid', error: i18nNow().t('wallboard.refused', { reason: humanError(r.error) }) });
      else store.setState({ phase: 'connecting', error: humanError(r.error) });
      return;
    }
    store.setState({ phase: 'ready', label: r.value.label, error: null });
    await board.getState().sync();
  }

  // Revoked by a supervisor: the server stops sending at once and says so; the screen stops too.
  api.on('session.ended', ({ message }) => {
    board.getState().reset();
    store.setState({ phase: 'invalid', error: message });
  });
  api.transport.onConnectionState((connection) => {
    if (store.getState().phase === 'invalid') return;
    if (connection === 'open') void present();
    else store.setState({ phase: 'connecting' });
  });
  return store;
}

export type WallboardSession = ReturnType<typeof createWallboardSession>;
