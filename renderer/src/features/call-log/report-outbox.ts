import { humanError } from '../../i18n';
import type { ErrorCode } from '../../../../shared/contract/errors';
import type { ReportCallEventInput } from '../../../../shared/contract/schemas/calls';
import type { ApiClient } from '../../platform/api-client';

/** Errors worth retrying: the report never reached the core, or the core could not take it yet. */
const RETRYABLE: readonly ErrorCode[] = ['TRANSPORT_CLOSED', 'TIMEOUT', 'UNAVAILABLE', 'UNAUTHENTICATED'];
const STORAGE_KEY = 'frontline.call-outbox';
const RETRY_MS = 1000;

export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Delivered {
  report: ReportCallEventInput;
  callId: number;
}

/**
 * Call reports wait here until the core has them, in order, kept in storage so a reload or a
 * lost connection loses nothing. Each carries its eventId, so a report sent twice is applied once.
 */
export function createReportOutbox(api: ApiClient, storage: OutboxStorage | null, onDelivered: (d: Delivered) => void, onRejected: (report: ReportCallEventInput, message: string) => void) {
  const queue: ReportCallEventInput[] = load();
  /** Reports held back until something has happened (a ringing call's pop painted), by eventId: in memory only. */
  const holds = new Map<string, Promise<void>>();
  let sending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function load(): ReportCallEventInput[] {
    try {
      const raw = storage?.getItem(STORAGE_KEY);
      const parsed: unknown = raw == null ? [] : JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as ReportCallEventInput[]) : [];
    } catch {
      return [];
    }
  }

  function persist(): void {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(queue));
    } catch {
      // Storage full or unavailable: the queue still lives in memory.
    }
  }

  async function drain(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      while (queue.length > 0) {
        const report = queue[0] as ReportCallEventInput;
        const hold = holds.get(report.eventId);
        if (hold !== undefined) {
          // The reports behind it wait too: the core takes a call's events in order.
          await hold;
          holds.delete(report.eventId);
        }
        const r = await api.call('calls.report', report);
        if (!r.ok && RETRYABLE.includes(r.error.code)) {
          timer ??= setTimeout(() => {
            timer = null;
            void drain();
          }, RETRY_MS);
          return;
        }
        queue.shift();
        persist();
        if (r.ok) onDelivered({ report, callId: r.value.callId });
        else onRejected(report, humanError(r.error));
      }
    } finally {
      sending = false;
    }
  }

  /** Reports pushed during one task are stored and sent once it is over (see push). */
  let flushing = false;
  function flushAfterTask(): void {
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      persist();
      void drain();
    });
  }

  return {
    /**
     * Queued now, stored and sent when the task that reported it is over: a ringing call's report
     * and its pop's lookup are made in the same task (the INVITE's), and the lookup goes on the
     * wire first: the core starts on the caller's record before it records the call.
     * `after`: the report (and every one behind it) is sent once that settles; it must settle on its
     * own (a bound). Not stored: a report reloaded from storage goes at once.
     */
    push(report: ReportCallEventInput, after?: Promise<void>): void {
      queue.push(report);
      if (after !== undefined) holds.set(report.eventId, after);
      flushAfterTask();
    },
    /** Try again now (the connection came back). */
    flush: () => void drain(),
    get pending(): number {
      return queue.length;
    },
  };
}

export type ReportOutbox = ReturnType<typeof createReportOutbox>;
