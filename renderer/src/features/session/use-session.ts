import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { SessionState } from './session-store';

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useAppStores().session, selector);
}
