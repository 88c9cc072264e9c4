import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createCustomerStore, type CustomerState, type CustomerStore } from './features/customer-search/customer-store';
import { createSessionStore, type SessionState, type SessionStore } from './features/session/session-store';
import { createSoftphoneStore, type SoftphoneState, type SoftphoneStore } from './features/softphone/softphone-store';
import type { ApiClient } from './platform/api-client';

export interface AppStores {
  api: ApiClient;
  session: SessionStore;
  customers: CustomerStore;
  softphone: SoftphoneStore;
}

export function createAppStores(api: ApiClient): AppStores {
  return { api, session: createSessionStore(api), customers: createCustomerStore(api), softphone: createSoftphoneStore(api) };
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

/** The raw stores, for effects that subscribe outside React's render. */
export function useAppStores(): AppStores {
  return useStores();
}
