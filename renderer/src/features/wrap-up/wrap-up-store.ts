import { createStore } from 'zustand/vanilla';
import type { ErrorCode } from '../../../../shared/contract/errors';
import type { AgentStatus } from '../../../../shared/contract/schemas/agent';
import type { WrapUp, WrapUpFields } from '../../../../shared/contract/schemas/wrap-up';
import type { ApiClient } from '../../platform/api-client';
import { humanError } from '../../i18n';

/** Typing pauses this long before a draft is saved. */
export const DRAFT_SAVE_DELAY_MS = 300;
/** A submit whose answer was lost is sent again (same requestId: applied once) this often, this many times. */
export const SUBMIT_RETRY_MS = 1000;
export const SUBMIT_ATTEMPTS = 20;
/** The submit may not have reached the core, or its answer was lost: safe to send again with its requestId. */
const RESENDABLE: readonly ErrorCode[] = ['TRANSPORT_CLOSED', 'TIMEOUT', 'UNAVAILABLE', 'UNAUTHENTICATED'];

export interface Draft {
  fields: WrapUpFields;
  revision: number;
  savedRevision: number;
}

export interface WrapUpState {
  /** Wrap-ups to do, oldest first; the first is the one on screen. */
  items: WrapUp[];
  drafts: Record<number, Draft>;
  error: string | null;
  submitting: boolean;
  add(callId: number): Promise<void>;
  loadPending(): Promise<void>;
  edit(callId: number, patch: Partial<WrapUpFields>): void;
  submit(callId: number): Promise<AgentStatus | null>;
  extend(callId: number): Promise<void>;
}

/** After-call work in the page: the form's state, drafts saved as typed, submit and extend. */
export function createWrapUpStore(api: ApiClient, onStatus: (status: AgentStatus) => void, retryMs = SUBMIT_RETRY_MS) {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** The last unanswered submit per call: pressing Submit again with the same fields resends it under its id. */
  const unanswered = new Map<number, { requestId: string; fields: string }>();

  const store = createStore<WrapUpState>()((set, get) => ({
    items: [],
    drafts: {},
    error: null,
    submitting: false,
    async add(callId) {
      const r = await api.call('wrapUp.get', { callId });
      if (!r.ok) return set({ error: humanError(r.error) });
      merge([r.value]);
    },
    async loadPending() {
      const r = await api.call('wrapUp.pending', {});
      if (r.ok) merge(r.value.wrapUps);
    },
    edit(callId, patch) {
      const draft = get().drafts[callId];
      if (draft === undefined) return;
      const next = { ...draft, fields: { ...draft.fields, ...patch }, revision: draft.revision + 1 };
      set((s) => ({ drafts: { ...s.drafts, [callId]: next } }));
      clearTimeout(timers.get(callId));
      timers.set(callId, setTimeout(() => void save(callId), DRAFT_SAVE_DELAY_MS));
    },
    async submit(callId) {
      const draft = get().drafts[callId];
      if (draft === undefined) return null;
      clearTimeout(timers.get(callId));
      set({ submitting: true, error: null });
      const r = await sendSubmit(callId, draft.fields);
      if (!r.ok) {
        set({ submitting: false, error: humanError(r.error) });
        return null;
      }
      set((s) => ({
        submitting: false,
        items: s.items.filter((w) => w.callId !== callId),
        drafts: Object.fromEntries(Object.entries(s.drafts).filter(([k]) => Number(k) !== callId)),
      }));
      onStatus(r.value.status);
      return r.value.status;
    },
    async extend(callId) {
      const r = await api.call('wrapUp.extend', { callId });
      if (!r.ok) return set({ error: humanError(r.error) });
      set((s) => ({ items: s.items.map((w) => (w.callId === callId ? r.value : w)) }));
    },
  }));

  /**
   * One submit under one requestId, resent while its answer is missing (lost connection, another
   * instance taking over): the core applies it once however often it arrives.
   */
  async function sendSubmit(callId: number, fields: WrapUpFields) {
    const typed = JSON.stringify(fields);
    const earlier = unanswered.get(callId);
    const requestId = earlier !== undefined && earlier.fields === typed ? earlier.requestId : crypto.randomUUID();
    unanswered.set(callId, { requestId, fields: typed });
    for (let attempt = 1; ; attempt++) {
      const r = await api.call('wrapUp.submit', { callId, fields, requestId });
      if (r.ok || !RESENDABLE.includes(r.error.code)) unanswered.delete(callId);
      if (r.ok || !RESENDABLE.includes(r.error.code) || attempt >= SUBMIT_ATTEMPTS) return r;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  function merge(wrapUps: WrapUp[]): void {
    store.setState((s) => {
      const known = new Set(s.items.map((w) => w.callId));
      const fresh = wrapUps.filter((w) => !known.has(w.callId) && !w.submitted);
      const drafts = { ...s.drafts };
      for (const w of fresh) drafts[w.callId] = { fields: w.fields, revision: w.revision, savedRevision: w.revision };
      return { items: [...s.items, ...fresh], drafts };
    });
  }

  async function save(callId: number): Promise<void> {
    const draft = store.getState().drafts[callId];
    if (draft === undefined || draft.revision === draft.savedRevision) return;
    const r = await api.call('wrapUp.saveDraft', { callId, revision: draft.revision, fields: draft.fields });
    if (!r.ok) {
      // Not saved (connection lost?): try again shortly; the draft stays in memory meanwhile.
      timers.set(callId, setTimeout(() => void save(callId), DRAFT_SAVE_DELAY_MS * 10));
      return;
    }
    store.setState((s) => {
      const d = s.drafts[callId];
      return d === undefined ? s : { drafts: { ...s.drafts, [callId]: { ...d, savedRevision: Math.max(d.savedRevision, draft.revision) } } };
    });
  }

  return store;
}

export type WrapUpStore = ReturnType<typeof createWrapUpStore>;
