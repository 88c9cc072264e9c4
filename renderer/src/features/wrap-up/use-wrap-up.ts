import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { WrapUpState } from './wrap-up-store';

export function useWrapUp<T>(selector: (s: WrapUpState) => T): T {
  return useStore(useAppStores().wrapUp, selector);
}
