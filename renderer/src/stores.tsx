import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createCustomerStore, type CustomerState, type CustomerStore } from './features/customer-search/customer-store';
import { createSessionStore, type SessionState, type SessionStore } from './features/session/session-store';
import type { ApiClient } from './platform/api-client';

export interface AppStores {
  api: ApiClient;
  session: SessionStore;
  customers: CustomerStore;
}

export function createAppStores(api: ApiClient): AppStores {
  return { api, session: createSessionStore(api), customers: createCustomerStore(api) };
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
