import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { BoardStoreState } from './board-store';

/** The supervisor's live board (the wallboard holds its own LiveBoard and reads it with useStore). */
export function useBoard<T>(selector: (s: BoardStoreState) => T): T {
  return useStore(useAppStores().board.store, selector);
}
