import { createStore } from 'zustand/vanilla';
import type { CustomerRecord, LookupByPhoneOutput } from '../../../../shared/contract/schemas/crm';
import type { RouteOffered } from '../../../../shared/contract/schemas/routing';
import type { ApiClient } from '../../platform/api-client';
import type { CallView, RegistrationState, Softphone } from './softphone';
import { humanError, i18nNow } from '../../i18n';

/** What the pop shows for one call: the lookup, and which customer the agent picked when several share the number. */
export interface Pop {
  lookup: LookupByPhoneOutput | null;
  error: string | null;
  chosenCustomerId: number | null;
  /** performance.now() when the pop's data arrived (the benchmark reads paint time separately). */
  readyAt: number | null;
  /** What the customer said to an offer on the pop (offer code → answer). */
  offerAnswers: Readonly<Record<string, 'accepted' | 'declined'>>;
}

export interface SoftphoneState {
  phone: Softphone | null;
  registration: RegistrationState;
  registrationDetail: string | null;
  /** Calls in arrival order; ended calls leave the list. */
  calls: CallView[];
  pops: Record<string, Pop>;
  /**
   * Per call, the customers whose offers have been painted on screen (the impressions to report).
   * Kept beside the pops, not in them: noting an impression the frame after the pop painted must not
   * render the pop (and its whole customer card) a second time.
   */
  offersShown: Record<string, readonly number[]>;
  /** Lookups that came back after their call had gone: what the pop would have shown, never on screen. */
  lateLookups: Record<string, LookupByPhoneOutput>;
  /** Pops the router pushed before the ring (issue 13), by decision id, until their INVITE arrives. */
  routed: Record<string, RouteOffered>;
  lastError: string | null;
  /** What the phone did on its own (refused a call or a transfer request); cleared when the next call arrives. */
  notice: string | null;
  attach(phone: Softphone): () => void;
  choose(callId: string, customerId: number | null): void;
  run(action: (phone: Softphone) => Promise<void> | void): Promise<void>;
  /** A customer created during the call (quick-create) becomes the pop's customer. */
  adopt(callId: string, customer: CustomerRecord): void;
  /** The pop's offers for this customer are on screen (the impression is reported once). */
  offersPainted(callId: string, customerId: number): void;
  /** The customer's answer to an offer, given on the pop: reported with the call. */
  answerOffer(callId: string, code: string, outcome: 'accepted' | 'declined'): void;
  /** The call's pop is on screen (the frame that shows it has been painted). */
  popPainted(callId: string): void;
  /** Resolves once the call's pop is painted (at once if it is), the call has ended, or `boundMs` has passed, whichever is first. */
  whenPopPainted(callId: string, boundMs: number): Promise<void>;
  /** A late lookup has been dealt with (reported as not seen). */
  forgetLateLookup(callId: string): void;
  /** Click-to-dial; calls in progress go on hold first. */
  dial(target: string): Promise<void>;
  /** Answer; with another call in progress (call waiting) that one goes on hold first, confirmed. */
  answer(callId: string): Promise<void>;
}

/**
 * How long a new inbound call waits to be drawn with its pop. The lookup usually answers within a few
 * milliseconds; drawn at once, the ringing call took the frame the answer then waited behind, and the
 * pop came a frame later (ADR 0079). A slower lookup lets the call be drawn when this passes, the pop after.
 */
export const DRAW_WITH_POP_MS = 40;

export function createSoftphoneStore(api: ApiClient, { drawWithPopMs = DRAW_WITH_POP_MS }: { drawWithPopMs?: number } = {}) {
  /** New inbound calls waiting (at most `drawWithPopMs`) for their pop, to be drawn in the same frame: the latest view of each. */
  const waitingForPop = new Map<string, CallView>();
  /**
   * Who waits for a call's pop to be painted (an auto-answer, the recent callers), and the live calls
   * whose pop is painted: not state, nothing renders on them.
   */
  const paintWaiters = new Map<string, (() => void)[]>();
  const paintedPops = new Set<string>();
  const releasePaintWaiters = (callId: string): void => {
    const waiters = paintWaiters.get(callId);
    paintWaiters.delete(callId);
    for (const release of waiters ?? []) release();
  };
  const store = createStore<SoftphoneState>()((set, get) => ({
    phone: null,
    registration: 'unregistered',
    registrationDetail: null,
    calls: [],
    pops: {},
    offersShown: {},
    routed: {},
    lateLookups: {},
    lastError: null,
    notice: null,
    attach(phone) {
      set({ phone });
      const off = phone.subscribe((event) => {
        if (event.type === 'registration') {
          set({ registration: event.state, registrationDetail: event.detail ?? null });
          return;
        }
        const call = event.call;
        const before = get().calls.find((c) => c.id === call.id) ?? waitingForPop.get(call.id);
        const known = before !== undefined;
        // A new call starts clean: last call's errors and notices are not about this one.
        if (!known && call.state.phase !== 'ended') set({ lastError: null, notice: null });
        if (call.notice !== null && call.notice !== before?.notice) set({ notice: call.notice });
        if (call.state.phase === 'ended') {
          waitingForPop.delete(call.id);
          paintedPops.delete(call.id);
          releasePaintWaiters(call.id);
          set((s) => ({ calls: s.calls.filter((c) => c.id !== call.id), pops: withoutKey(s.pops, call.id), offersShown: withoutKey(s.offersShown, call.id) }));
          return;
        }
        if (waitingForPop.has(call.id)) {
          waitingForPop.set(call.id, call);
          return;
        }
        // A routed call's pop is already here (pushed before the ring); any other call is looked up
        // first, and drawn with its pop when the answer comes soon enough.
        if (!known && call.direction === 'inbound' && !popFromRoute(call)) {
          drawWithPop(call, pop(call));
          return;
        }
        set((s) => ({ calls: known ? s.calls.map((c) => (c.id === call.id ? call : c)) : [...s.calls, call] }));
      });
      return () => {
        off();
        set({ phone: null });
      };
    },
    choose(callId, customerId) {
      set((s) => {
        const p = s.pops[callId];
        return p === undefined ? s : { pops: { ...s.pops, [callId]: { ...p, chosenCustomerId: customerId } } };
      });
    },
    adopt(callId, customer) {
      set((s) => {
        const p = s.pops[callId];
        if (p?.lookup == null) return s;
        const lookup = { ...p.lookup, match: 'one' as const, customers: [customer] };
        return { pops: { ...s.pops, [callId]: { ...p, lookup, chosenCustomerId: customer.id } } };
      });
    },
    offersPainted(callId, customerId) {
      set((s) => {
        const shown = s.offersShown[callId] ?? [];
        if (s.pops[callId] === undefined || shown.includes(customerId)) return s;
        return { offersShown: { ...s.offersShown, [callId]: [...shown, customerId] } };
      });
    },
    answerOffer(callId, code, outcome) {
      set((s) => {
        const p = s.pops[callId];
        return p === undefined ? s : { pops: { ...s.pops, [callId]: { ...p, offerAnswers: { ...p.offerAnswers, [code]: outcome } } } };
      });
    },
    popPainted(callId) {
      if (get().calls.some((c) => c.id === callId)) paintedPops.add(callId);
      releasePaintWaiters(callId);
    },
    whenPopPainted(callId, boundMs) {
      if (paintedPops.has(callId)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => releasePaintWaiters(callId), boundMs);
        const release = (): void => {
          clearTimeout(timer);
          resolve();
        };
        paintWaiters.set(callId, [...(paintWaiters.get(callId) ?? []), release]);
      });
    },
    forgetLateLookup(callId) {
      set((s) => ({ lateLookups: withoutKey(s.lateLookups, callId) }));
    },
    dial(target) {
      return get().run(async (phone) => {
        for (const other of get().calls) if (other.state.phase === 'active') await phone.hold(other.id);
        await phone.dial(target);
      });
    },
    answer(callId) {
      return get().run(async (phone) => {
        for (const other of get().calls) {
          if (other.id !== callId && other.state.phase === 'active') await phone.hold(other.id);
        }
        await phone.answer(callId);
      });
    },
    async run(action) {
      const phone = get().phone;
      if (phone === null) return;
      try {
        set({ lastError: null });
        await action(phone);
      } catch (error) {
        // The phone library's own words stay as the detail; the sentence says what to do next.
        set({ lastError: i18nNow().t('phone.failed', { detail: error instanceof Error ? error.message : String(error) }) });
      }
    },
  }));

  // The router's pop arrives before the INVITE; it waits (bounded) for the call that carries its decision id.
  api.on('routing.offered', (offer) => {
    // The INVITE beat its pop here (it was looked up as any call): nothing is on its way any more.
    if (store.getState().calls.some((c) => c.routeId === offer.decisionId)) return;
    store.setState((s) => {
      const kept = Object.values(s.routed).filter((o) => o.queuedAt + MAX_ROUTED_AGE_MS > Date.now()).slice(-(MAX_ROUTED - 1));
      return { routed: Object.fromEntries([...kept, offer].map((o) => [o.decisionId, o])) };
    });
    const timer = setTimeout(() => store.setState((s) => ({ routed: withoutKey(s.routed, offer.decisionId) })), offer.ringTimeoutMs + ROUTED_MARGIN_MS);
    (timer as { unref?: () => void }).unref?.();
  });
  // The offer is over (answered, missed, the caller gone, the PBX took its static route): its pop is not coming.
  api.on('routing.offerEnded', ({ decisionId }) => store.setState((s) => (decisionId in s.routed ? { routed: withoutKey(s.routed, decisionId) } : s)));

  /** An INVITE carrying a decision id whose pop was pushed: that pop is the call's, painted already, no lookup. */
  function popFromRoute(call: CallView): boolean {
    const offer = call.routeId === null ? undefined : store.getState().routed[call.routeId];
    if (offer === undefined) {
      // Routed, but its pop is not here (yet): the INVITE won the race, or the id names nothing pushed.
      if (call.routeId !== null) performance.mark(`routed-pop-missing:${call.id}`);
      return false;
    }
    const lookup = offer.lookup;
    if (lookup === null) {
      // Pushed without a record (a withheld caller): the call is looked up as any other, and the pop waits no more.
      store.setState((s) => ({ routed: withoutKey(s.routed, offer.decisionId) }));
      return false;
    }
    performance.measure(`pop-routed:${call.id}`, { start: call.receivedAt, end: performance.now() });
    // Was the pushed pop already painted when this INVITE arrived (the pop before the ring)?
    const painted = performance.getEntriesByName(`routed-painted:${offer.decisionId}`).length > 0;
    performance.mark(`routed-pop-${painted ? 'before' : 'after'}-invite:${call.id}`);
    store.setState((s) => ({
      routed: withoutKey(s.routed, offer.decisionId),
      pops: {
        ...s.pops,
        [call.id]: { lookup, error: null, chosenCustomerId: lookup.match === 'one' ? (lookup.customers[0]?.id ?? null) : null, readyAt: performance.now(), offerAnswers: {} },
      },
    }));
    return true;
  }

  /** Draw a new call once its pop's lookup answered or `drawWithPopMs` passed, whichever is first (as it is then; not if it ended). */
  function drawWithPop(call: CallView, looked: Promise<void>): void {
    waitingForPop.set(call.id, call);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drawWithPopMs);
    });
    void Promise.race([looked.catch(() => undefined), bound]).then(() => {
      clearTimeout(timer);
      const latest = waitingForPop.get(call.id);
      if (latest === undefined) return;
      waitingForPop.delete(call.id);
      store.setState((s) => ({ calls: [...s.calls, latest] }));
    });
  }

  /** The screen pop: look the caller up the moment the INVITE arrives, before anyone answers. */
  async function pop(call: CallView): Promise<void> {
    const n = call.identity.number;
    const empty: Pop = { lookup: null, error: null, chosenCustomerId: null, readyAt: null, offerAnswers: {} };
    const phone = n.kind === 'number' ? n.e164 : n.kind === 'withheld' ? 'anonymous' : n.raw;
    const request = api.call('crm.lookupByPhone', { phone: phone.slice(0, 256) });
    performance.measure(`pop-request:${call.id}`, { start: call.receivedAt, end: performance.now() });
    measureFirstFrame(call);
    store.setState((s) => ({ pops: { ...s.pops, [call.id]: empty } }));
    const r = await request;
    performance.measure(`pop-data:${call.id}`, { start: call.receivedAt, end: performance.now() });
    store.setState((s) => {
      // The call ended meanwhile: its offers were never on screen.
      if (s.pops[call.id] === undefined) return r.ok ? { lateLookups: { ...s.lateLookups, [call.id]: r.value } } : s;
      const next: Pop = r.ok
        ? { ...empty, lookup: r.value, chosenCustomerId: r.value.match === 'one' ? (r.value.customers[0]?.id ?? null) : null, readyAt: performance.now() }
        : { ...empty, error: humanError(r.error), readyAt: performance.now() };
      return { pops: { ...s.pops, [call.id]: next } };
    });
  }

  return store;
}

/** Pushed pops kept waiting for their INVITE: at most this many, and no longer than their ring time plus a margin. */
const MAX_ROUTED = 8;
const ROUTED_MARGIN_MS = 10_000;
const MAX_ROUTED_AGE_MS = 10 * 60_000;

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

export type SoftphoneStore = ReturnType<typeof createSoftphoneStore>;

/** The first frame the page paints after the INVITE, whatever is in it: no pop can be on screen sooner ("invite-frame:<call id>"). */
function measureFirstFrame(call: CallView): void {
  if (typeof requestAnimationFrame !== 'function') return; // no frames outside a page
  requestAnimationFrame(() => setTimeout(() => performance.measure(`invite-frame:${call.id}`, { start: call.receivedAt, end: performance.now() }), 0));
}
