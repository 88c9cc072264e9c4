import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { SoftphoneState } from './softphone-store';

export function useSoftphone<T>(selector: (s: SoftphoneState) => T): T {
  return useStore(useAppStores().softphone, selector);
}
