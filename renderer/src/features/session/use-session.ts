import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { SessionState, SessionStore } from './session-store';

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useAppStores().session, selector);
}

/** The session store itself, for an effect that follows it without rendering on every change. */
export function useSessionStore(): SessionStore {
  return useAppStores().session;
}
