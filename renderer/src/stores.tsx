import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createCallReporter } from './features/call-log/call-reporter';
import { createCustomerStore, type CustomerState, type CustomerStore } from './features/customer-search/customer-store';
import { createSessionStore, type SessionState, type SessionStore } from './features/session/session-store';
import { createLiveBoard, type LiveBoard } from './features/supervisor-board/live-board';
import type { BoardStoreState } from './features/supervisor-board/board-store';
import { createSoftphoneStore, type SoftphoneState, type SoftphoneStore } from './features/softphone/softphone-store';
import { createWrapUpStore, type WrapUpState, type WrapUpStore } from './features/wrap-up/wrap-up-store';
import type { ApiClient } from './platform/api-client';

export interface AppStores {
  api: ApiClient;
  session: SessionStore;
  customers: CustomerStore;
  softphone: SoftphoneStore;
  wrapUp: WrapUpStore;
  /** Supervisors' live board (empty and idle for agents). */
  board: LiveBoard;
}

export function createAppStores(api: ApiClient): AppStores {
  const session = createSessionStore(api);
  const softphone = createSoftphoneStore(api);
  const wrapUp = createWrapUpStore(api, (status) => session.setState({ status }));
  createCallReporter(api, softphone, {
    storage: typeof localStorage === 'undefined' ? null : localStorage,
    onNeedsWrapUp: (callId) => void wrapUp.getState().add(callId),
    onRejected: (message) => softphone.setState({ lastError: `A call event was not recorded: ${message}` }),
  });
  // Signed in (again): wrap-ups left unfinished by a reload or a crash come back with their drafts.
  session.subscribe((s, previous) => {
    if (s.agent !== null && previous.agent === null) void wrapUp.getState().loadPending();
  });
  const board = createLiveBoard(api);
  // A supervisor signed in (again, on a new socket): subscribe, or catch up from where the board was.
  session.subscribe((s, previous) => {
    if (s.agent === previous.agent) return;
    if (s.agent?.role === 'supervisor') void board.store.getState().sync();
    else board.store.getState().reset();
  });
  return { api, session, customers: createCustomerStore(api), softphone, wrapUp, board };
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('StoresProvider missing');
  return stores;
}

/** The contract client, for components that call a method once (most state lives in the stores). */
export function useApi(): ApiClient {
  return useStores().api;
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useStores().session, selector);
}

export function useCustomers<T>(selector: (s: CustomerState) => T): T {
  return useStore(useStores().customers, selector);
}

export function useSoftphone<T>(selector: (s: SoftphoneState) => T): T {
  return useStore(useStores().softphone, selector);
}

export function useWrapUp<T>(selector: (s: WrapUpState) => T): T {
  return useStore(useStores().wrapUp, selector);
}

export function useBoard<T>(selector: (s: BoardStoreState) => T): T {
  return useStore(useStores().board.store, selector);
}

/** The raw stores, for effects that subscribe outside React's render. */
export function useAppStores(): AppStores {
  return useStores();
}
