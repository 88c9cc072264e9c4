import { createStore } from 'zustand/vanilla';
import type { CustomerRecord, CustomerSummary, LookupMatch } from '../../../../shared/contract/schemas/crm';
import type { ApiClient } from '../../platform/api-client';
import { looksLikePhone } from '../../../../shared/domain/phone';
import { humanError } from '../../i18n';

export interface CustomerState {
  query: string;
  searching: boolean;
  searchedBy: 'phone' | 'name' | 'email' | 'id' | null;
  /** Phone lookups that found several customers, or name searches. */
  results: CustomerSummary[];
  phoneMatch: LookupMatch | null;
  /** Full records already fetched (phone lookups return them at once). */
  records: Record<number, CustomerRecord>;
  selected: CustomerRecord | null;
  /** The last few callers whose record was on screen, newest first: one click brings one back. */
  recent: RecentCaller[];
  error: string | null;
  search(query: string): Promise<void>;
  select(id: number): Promise<void>;
  /** A caller's record was on screen (the pop found or the agent chose them). */
  remember(customer: CustomerRecord, at: number): void;
}

export interface RecentCaller extends CustomerSummary {
  at: number;
}

export const RECENT_CALLERS = 5;

function summaryOf(c: CustomerRecord): CustomerSummary {
  return {
    id: c.id,
    displayName: c.displayName,
    city: c.city,
    email: c.email,
    primaryPhone: c.phones.find((p) => p.primary)?.e164 ?? null,
  };
}

export function createCustomerStore(api: ApiClient) {
  return createStore<CustomerState>()((set, get) => ({
    query: '',
    searching: false,
    searchedBy: null,
    results: [],
    phoneMatch: null,
    records: {},
    selected: null,
    recent: [],
    error: null,
    async search(query) {
      const q = query.trim();
      if (q === '') return;
      set({ query: q, searching: true, error: null, selected: null, results: [], phoneMatch: null });
      if (looksLikePhone(q)) {
        const r = await api.call('crm.lookupByPhone', { phone: q });
        if (!r.ok) {
          set({ searching: false, error: humanError(r.error) });
          return;
        }
        const records = { ...get().records, ...Object.fromEntries(r.value.customers.map((c) => [c.id, c])) };
        set({
          searching: false,
          searchedBy: 'phone',
          phoneMatch: r.value.match,
          records,
          results: r.value.customers.map(summaryOf),
          selected: r.value.customers.length === 1 ? (r.value.customers[0] ?? null) : null,
        });
        return;
      }
      const r = await api.call('crm.searchCustomers', { query: q, limit: 20 });
      if (!r.ok) {
        set({ searching: false, error: humanError(r.error) });
        return;
      }
      set({ searching: false, searchedBy: r.value.searchedBy, results: r.value.customers });
      const only = r.value.customers.length === 1 ? r.value.customers[0] : undefined;
      if (only !== undefined) await get().select(only.id);
    },
    async select(id) {
      const known = get().records[id];
      if (known !== undefined) {
        set({ selected: known });
        return;
      }
      const r = await api.call('crm.getCustomer', { customerId: id });
      if (r.ok) set((s) => ({ selected: r.value, records: { ...s.records, [id]: r.value } }));
      else set({ error: humanError(r.error) });
    },
    remember(customer, at) {
      set((s) => ({
        records: { ...s.records, [customer.id]: customer },
        recent: [{ ...summaryOf(customer), at }, ...s.recent.filter((r) => r.id !== customer.id)].slice(0, RECENT_CALLERS),
      }));
    },
  }));
}

export type CustomerStore = ReturnType<typeof createCustomerStore>;
