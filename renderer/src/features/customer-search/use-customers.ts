import { useStore } from 'zustand';
import { useAppStores } from '../../app/stores-context';
import type { CustomerState } from './customer-store';

export function useCustomers<T>(selector: (s: CustomerState) => T): T {
  return useStore(useAppStores().customers, selector);
}
