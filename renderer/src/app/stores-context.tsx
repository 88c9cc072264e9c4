import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../platform/api-client';
import type { AppStores } from './composition-root';

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** The stores the composition root made, for a feature's own hook (features import that hook, not this). */
export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('StoresProvider missing');
  return stores;
}

/** The contract client, for components that call a method once (most state lives in the stores). */
export function useApi(): ApiClient {
  return useAppStores().api;
}
