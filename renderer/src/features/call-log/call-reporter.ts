import type { ApiClient } from '../../platform/api-client';
import type { SoftphoneStore } from '../softphone';
import { reportsFor, type ReportedCall } from './call-events';
import { createReportOutbox, type OutboxStorage } from './report-outbox';
import { createServerClock } from './server-clock';

export interface CallReporterOptions {
  storage: OutboxStorage | null;
  /** An answered call ended and the core has it: its wrap-up can start. */
  onNeedsWrapUp: (callId: number) => void;
  onRejected: (message: string) => void;
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

  function send(callKey: string, event: Parameters<typeof outbox.push>[0]['event']): void {
    outbox.push({ callKey, eventId: crypto.randomUUID(), at: clock.now(), event });
  }

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
          for (const event of events) send(e.call.id, event);
          if (next.ended) {
            seen.delete(e.call.id);
            chosen.delete(e.call.id);
          }
        }) ?? null;
    }
    if (state.pops !== previous.pops) {
      for (const [callKey, pop] of Object.entries(state.pops)) {
        const id = pop.chosenCustomerId;
        if (id !== null && chosen.get(callKey) !== id && seen.has(callKey)) {
          chosen.set(callKey, id);
          send(callKey, { type: 'customer-chosen', customerId: id });
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
