import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { FirstRunState } from './first-run-store';

export function useFirstRun<T>(selector: (s: FirstRunState) => T): T {
  return useStore(useAppStores().firstRun, selector);
}
