import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../shared/contract/result';
import type { ReportCallEventInput } from '../../../shared/contract/schemas/calls';
import { createReportOutbox } from '../../../renderer/src/features/call-log/report-outbox';
import type { ApiClient } from '../../../renderer/src/platform/api-client';

function report(n: number): ReportCallEventInput {
  return { callKey: 'k', eventId: `event-${String(n).padStart(4, '0')}`, at: n, event: { type: 'answered' } };
}

/** An API whose calls.report answers from a script, recording what was sent. */
function scriptedApi(answers: (n: number) => ReturnType<typeof ok> | ReturnType<typeof err>) {
  const sent: string[] = [];
  const api = {
    call: async (_method: string, params: ReportCallEventInput) => {
      sent.push(params.eventId);
      return answers(sent.length);
    },
  } as unknown as ApiClient;
  return { api, sent };
}

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('report outbox', () => {
  it('delivers in order and keeps a report whose connection dropped until it goes through', async () => {
    const { api, sent } = scriptedApi((n) => (n === 2 ? err('TRANSPORT_CLOSED', 'socket closed') : ok({ callId: 7, applied: true })));
    const delivered: string[] = [];
    const outbox = createReportOutbox(api, null, (d) => delivered.push(d.report.eventId), () => {});
    outbox.push(report(1));
    outbox.push(report(2));
    outbox.push(report(3));
    await expect.poll(() => delivered, { timeout: 5000 }).toEqual(['event-0001', 'event-0002', 'event-0003']);
    expect(sent).toEqual(['event-0001', 'event-0002', 'event-0002', 'event-0003']);
    expect(outbox.pending).toBe(0);
  });

  it('sends once the task that pushed the report is over: a request made later in that task (the pop\'s lookup) goes first', async () => {
    const wire: string[] = [];
    const api = {
      call: async (method: string) => {
        wire.push(method);
        return ok({ callId: 1, applied: true });
      },
    } as unknown as ApiClient;
    const storage = memoryStorage();
    const outbox = createReportOutbox(api, storage, () => {}, () => {});
    outbox.push(report(1));
    void api.call('crm.lookupByPhone', { phone: '+442079460958' });
    expect(wire).toEqual(['crm.lookupByPhone']);
    await expect.poll(() => wire).toEqual(['crm.lookupByPhone', 'calls.report']);
    expect(JSON.parse(storage.data.get('frontline.call-outbox') ?? 'null')).toEqual(expect.any(Array));
    expect(outbox.pending).toBe(0);
  });

  it('holds a report, and every report behind it, until what it waits for has happened', async () => {
    const { api, sent } = scriptedApi(() => ok({ callId: 7, applied: true }));
    const outbox = createReportOutbox(api, null, () => {}, () => {});
    let painted: () => void = () => {};
    outbox.push(report(1), new Promise<void>((resolve) => (painted = resolve)));
    outbox.push(report(2));
    // Several turns of the event loop: nothing goes while the first report waits.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([]);
    expect(outbox.pending).toBe(2);
    painted();
    await expect.poll(() => sent).toEqual(['event-0001', 'event-0002']);
    expect(outbox.pending).toBe(0);
  });

  it('drops a report the core refuses (it would never be accepted) and says so', async () => {
    const { api } = scriptedApi(() => err('CONFLICT', 'answered twice'));
    const rejected: string[] = [];
    const outbox = createReportOutbox(api, null, () => {}, (_r, m) => rejected.push(m));
    outbox.push(report(1));
    await expect.poll(() => rejected).toEqual(['That cannot be done right now because something changed meanwhile. Check the screen and try again. (answered twice)']);
    expect(outbox.pending).toBe(0);
  });

  it('survives a reload: undelivered reports come back from storage and are sent', async () => {
    const storage = memoryStorage();
    const down = scriptedApi(() => err('TRANSPORT_CLOSED', 'offline'));
    const first = createReportOutbox(down.api, storage, () => {}, () => {});
    first.push(report(1));
    await expect.poll(() => down.sent.length).toBeGreaterThan(0);
    expect(first.pending).toBe(1);
    const up = scriptedApi(() => ok({ callId: 1, applied: true }));
    const delivered: string[] = [];
    const second = createReportOutbox(up.api, storage, (d) => delivered.push(d.report.eventId), () => {});
    second.flush();
    await expect.poll(() => delivered).toEqual(['event-0001']);
  });
});
