import type { ApiClient } from '../../platform/api-client';
import type { SoftphoneStore } from '../softphone';
import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import { offerShownEvent, reportsFor, type ReportedCall } from './call-events';
import { createReportOutbox, type OutboxStorage } from './report-outbox';
import { createServerClock } from './server-clock';

const LATE_LOOKUPS_KEPT = 20;
/** How long a ringing call's report waits for its painted pop at most (ADR 0061's bound for the auto-answer). */
export const REPORT_POP_WAIT_MS = 250;

export interface CallReporterOptions {
  storage: OutboxStorage | null;
  /** An answered call ended and the core has it: its wrap-up can start. */
  onNeedsWrapUp: (callId: number) => void;
  onRejected: (message: string) => void;
  /** How long a ringing call's report waits for its painted pop at most; REPORT_POP_WAIT_MS unless a test says. */
  popWaitMs?: number;
}

/**
 * Tells the core what happens to every call, the moment it happens: offer, customer chosen,
 * answer, hold, resume, end. Times are on the server's clock; delivery goes through the outbox.
 */
export function createCallReporter(api: ApiClient, softphone: SoftphoneStore, options: CallReporterOptions) {
  const clock = createServerClock(api);
  const seen = new Map<string, ReportedCall>();
  const chosen = new Map<string, number>();
  const answered = new Set<string>();
  /** Per call: the customer whose offers the pop last had, impressions sent (by customer), answers sent. */
  const offers = new Map<string, { last: CustomerRecord | null; shown: Set<number>; answers: Record<string, string> }>();
  /** Calls that ended before their pop had any offers: a lookup that comes back late is reported as not seen. */
  const ended = new Set<string>();
  const rememberEnded = (callKey: string) => {
    ended.add(callKey);
    // Only the last few can still have a lookup on the wire.
    for (const old of ended) if (ended.size > LATE_LOOKUPS_KEPT) ended.delete(old);
  };
  const offersOf = (callKey: string) => offers.get(callKey) ?? offers.set(callKey, { last: null, shown: new Set(), answers: {} }).get(callKey)!;
  const outbox = createReportOutbox(
    api,
    options.storage,
    ({ report, callId }) => {
      if (report.event.type === 'ended' && answered.has(report.callKey)) {
        answered.delete(report.callKey);
        options.onNeedsWrapUp(callId);
      }
    },
    (_report, message) => options.onRejected(message),
  );

  function send(callKey: string, event: Parameters<typeof outbox.push>[0]['event'], after?: Promise<void>): void {
    outbox.push({ callKey, eventId: crypto.randomUUID(), at: clock.now(), event }, after);
  }

  /**
   * A ringing call is reported once its pop is painted (ADR 0071): the core's answers to the report
   * (the agent's new state, the report's reply, "your figures changed") otherwise reach the page
   * between the lookup's answer and the pop's frame, and their renders delay the pop. The time in the
   * report is the INVITE's, taken now; the bound keeps a hidden page (no frames) from holding it back.
   */
  const offeredAfter = (call: { id: string; direction: string }): Promise<void> | undefined =>
    call.direction === 'inbound' ? softphone.getState().whenPopPainted(call.id, options.popWaitMs ?? REPORT_POP_WAIT_MS) : undefined;

  let offPhone: (() => void) | null = null;
  const offStore = softphone.subscribe((state, previous) => {
    if (state.phone !== previous.phone) {
      offPhone?.();
      offPhone =
        state.phone?.subscribe((e) => {
          if (e.type !== 'call') return;
          const { events, next } = reportsFor(e.call, seen.get(e.call.id));
          seen.set(e.call.id, next);
          if (next.answered) answered.add(e.call.id);
          for (const event of events) send(e.call.id, event, event.type === 'offered' ? offeredAfter(e.call) : undefined);
          if (next.ended) {
            // Offers the pop had but never painted: the call went first.
            const o = offers.get(e.call.id);
            const notSeen = o !== undefined && o.shown.size === 0 && o.last !== null ? offerShownEvent(o.last, 'not-seen') : null;
            if (notSeen !== null) send(e.call.id, notSeen);
            seen.delete(e.call.id);
            chosen.delete(e.call.id);
            offers.delete(e.call.id);
            if (o === undefined || (o.shown.size === 0 && o.last === null)) rememberEnded(e.call.id);
          }
        }) ?? null;
    }
    if (state.lateLookups !== previous.lateLookups) {
      for (const [callKey, lookup] of Object.entries(state.lateLookups)) {
        const customer = lookup.match === 'one' ? lookup.customers[0] : undefined;
        const event = ended.has(callKey) && customer !== undefined ? offerShownEvent(customer, 'not-seen') : null;
        if (event !== null) send(callKey, event);
        ended.delete(callKey);
        state.forgetLateLookup(callKey);
      }
    }
    if (state.pops !== previous.pops || state.offersShown !== previous.offersShown) {
      for (const [callKey, pop] of Object.entries(state.pops)) {
        const id = pop.chosenCustomerId;
        if (id !== null && chosen.get(callKey) !== id && seen.has(callKey)) {
          chosen.set(callKey, id);
          send(callKey, { type: 'customer-chosen', customerId: id });
        }
        if (!seen.has(callKey)) continue;
        const o = offersOf(callKey);
        const customer = pop.lookup?.customers.find((c) => c.id === id);
        if (customer !== undefined && customer.offers.length > 0) o.last = customer;
        for (const painted of state.offersShown[callKey] ?? []) {
          const record = pop.lookup?.customers.find((c) => c.id === painted);
          const event = record === undefined || o.shown.has(painted) ? null : offerShownEvent(record, 'shown');
          if (event === null) continue;
          o.shown.add(painted);
          send(callKey, event);
        }
        for (const [code, outcome] of Object.entries(pop.offerAnswers)) {
          if (o.answers[code] === outcome) continue;
          o.answers[code] = outcome;
          send(callKey, { type: 'offer-answered', code, outcome });
        }
      }
    }
  });
  const offConnection = api.transport.onConnectionState((c) => {
    if (c === 'open') outbox.flush();
  });

  return {
    get pending(): number {
      return outbox.pending;
    },
    stop(): void {
      offPhone?.();
      offStore();
      offConnection();
      clock.stop();
    },
  };
}
