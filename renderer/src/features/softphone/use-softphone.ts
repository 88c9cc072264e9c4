import { useStore } from 'zustand';
import { useCallback } from 'react';
import { useAppStores } from '../../app/stores-context';
import type { SoftphoneState } from './softphone-store';

export function useSoftphone<T>(selector: (s: SoftphoneState) => T): T {
  return useStore(useAppStores().softphone, selector);
}

/** How many calls the phone has right now, asked when needed: nothing renders when it changes. */
export function useCallsNow(): () => number {
  const store = useAppStores().softphone;
  return useCallback(() => store.getState().calls.length, [store]);
}
