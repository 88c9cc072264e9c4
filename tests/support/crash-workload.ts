import type { CallEventReport } from '../../shared/contract/schemas/calls';
import type { WrapUp, WrapUpFields } from '../../shared/contract/schemas/wrap-up';
import { Unanswered, type ContractClient } from './crash-client';
import { seededRandom } from './seeded-random';

/**
 * The crash test's softphone: a seeded random stream of calls (offered → answered → holds →
 * ended), wrap-up drafts with growing revisions and submits, for a few agents at once. Each call
 * is planned up front as a list of steps; the ledger is simply how many of them the server
 * acknowledged, and whether the next one was sent without an answer (then it may or may not
 * have landed, and it is sent again, unchanged, after the restart, as a real client would).
 */

/** Seeded (mulberry32): the same seed gives the same plans. */
export function seededRng(seed: number) {
  const unit = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(unit() * (hi - lo + 1));
  return {
    unit,
    int,
    chance: (p: number): boolean => unit() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
  };
}
export type Rng = ReturnType<typeof seededRng>;

export type Step =
  | { kind: 'report'; eventId: string; event: CallEventReport; at: number | null }
  | { kind: 'draft'; revision: number; fields: WrapUpFields }
  | { kind: 'submit'; fields: WrapUpFields };

export interface TrackedCall {
  key: string;
  extension: string;
  inbound: boolean;
  waitedMs: number;
  customerId: number | null;
  steps: Step[];
  /** steps[0 … acked) were answered by the server: they must be durable. */
  acked: number;
  /** steps[acked] was sent and no answer came: it may have landed or not, but not half. */
  inFlight: boolean;
  /** Set by the crash check while the server is down: whether the in-flight step landed. */
  landed: boolean | null;
  callId: number | null;
}

export const DISPOSITION_CODES = ['resolved', 'info', 'sale', 'callback', 'escalated'] as const;
const TAGS = ['crash-test', 'prefers email', 'vip', 'callback requested'];
const WORDS = ['refund', 'delivery', 'invoice', 'address', 'upgrade', 'router', 'contract', 'discount', 'engineer', 'password'];

/** Notes that say which call and which revision wrote them (and are long enough to span pages). */
function notesText(rng: Rng, key: string, label: string): string {
  const words: string[] = [];
  for (let n = rng.int(0, 120); n > 0; n -= 1) words.push(rng.pick(WORDS));
  return `${key} ${label} | ${words.join(' ')}`.slice(0, 4000);
}

export interface WorkloadStats {
  calls: number;
  ackedSteps: number;
  ackedSubmits: number;
  ackedDrafts: number;
  replays: number;
  replaysAlreadyApplied: number;
}

export class Workload {
  readonly calls: TrackedCall[] = [];
  readonly stats: WorkloadStats = { calls: 0, ackedSteps: 0, ackedSubmits: 0, ackedDrafts: 0, replays: 0, replaysAlreadyApplied: 0 };
  /** Problems seen in the server's answers (a replay not recognised, a wrong echo…). */
  readonly problems: string[] = [];
  private readonly current = new Map<string, TrackedCall>();
  private seq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly maxCustomerId: number,
  ) {}

  private plan(extension: string): TrackedCall {
    const r = this.rng;
    this.seq += 1;
    const key = `crash-${extension}-${String(this.seq).padStart(5, '0')}`;
    const inbound = r.chance(0.9);
    const waitedMs = inbound ? r.int(0, 30_000) : 0;
    const customerId = r.chance(0.6) ? r.int(1, this.maxCustomerId) : null;
    let n = 0;
    const report = (event: CallEventReport): Step => ({ kind: 'report', eventId: `${key}-e${(n += 1)}`, event, at: null });
    const steps: Step[] = [
      report({
        type: 'offered',
        direction: inbound ? 'inbound' : 'outbound',
        callerE164: `+4420794${String(r.int(0, 99_999)).padStart(5, '0')}`,
        withheld: false,
        callerDisplay: null,
        queue: inbound ? 'Support' : null,
        waitedMs: inbound ? waitedMs : null,
        queueCallId: null,
        sipCallId: null,
        customerId,
      }),
    ];
    if (r.chance(0.2)) {
      steps.push(report({ type: 'ended', reason: r.pick(['caller-cancelled', 'caller-cancelled', 'missed', 'declined'] as const) }));
    } else {
      steps.push(report({ type: 'answered' }));
      const holds = r.pick([0, 0, 1, 1, 2]);
      const endOnHold = holds > 0 && r.chance(0.3);
      for (let h = 1; h <= holds; h += 1) {
        steps.push(report({ type: 'hold-started' }));
        if (h < holds || !endOnHold) steps.push(report({ type: 'hold-ended' }));
      }
      steps.push(report({ type: 'ended', reason: r.pick(['remote-hangup', 'local-hangup'] as const) }));
      const drafts = r.int(0, 4);
      let revision = 0;
      for (let d = 0; d < drafts; d += 1) {
        revision += r.int(1, 3);
        steps.push({
          kind: 'draft',
          revision,
          fields: {
            dispositionCode: r.chance(0.5) ? r.pick(DISPOSITION_CODES) : null,
            resolved: r.chance(0.5) ? r.chance(0.5) : null,
            notes: notesText(r, key, `rev ${revision}`),
            offerCode: null,
            offerOutcome: null,
            callbackAt: null,
            tags: r.chance(0.3) ? [r.pick(TAGS)] : [],
          },
        });
      }
      if (r.chance(0.8)) {
        const offer = customerId !== null && r.chance(0.3);
        steps.push({
          kind: 'submit',
          fields: {
            dispositionCode: r.pick(DISPOSITION_CODES),
            resolved: r.chance(0.7),
            notes: notesText(r, key, 'submitted'),
            offerCode: offer ? 'PAYMENT-PLAN' : null,
            offerOutcome: offer ? r.pick(['accepted', 'declined'] as const) : null,
            callbackAt: r.chance(0.2) ? Date.UTC(2030, 0, 1) + r.int(0, 1_000_000) * 1000 : null,
            tags: TAGS.filter(() => r.chance(0.3)),
          },
        });
      }
    }
    const call: TrackedCall = { key, extension, inbound, waitedMs, customerId, steps, acked: 0, inFlight: false, landed: null, callId: null };
    this.calls.push(call);
    this.stats.calls += 1;
    return call;
  }

  /** The agent's call in progress (with a step still to send), or a new one. */
  private callFor(extension: string): TrackedCall {
    const call = this.current.get(extension);
    if (call !== undefined && call.acked < call.steps.length) return call;
    const next = this.plan(extension);
    this.current.set(extension, next);
    return next;
  }

  /**
   * Streams this agent's steps, one request at a time like a softphone, until `stopping()` or
   * until the connection dies (the server was killed): then the unanswered step stays in flight.
   */
  async run(client: ContractClient, extension: string, stopping: () => boolean): Promise<void> {
    while (!stopping()) {
      const call = this.callFor(extension);
      const step = call.steps[call.acked] as Step;
      const replay = call.inFlight;
      call.inFlight = true;
      try {
        await this.send(client, call, step, replay);
      } catch (error) {
        if (error instanceof Unanswered) return;
        throw error;
      }
      call.inFlight = false;
      call.landed = null;
      call.acked += 1;
      this.stats.ackedSteps += 1;
      if (step.kind === 'submit') this.stats.ackedSubmits += 1;
      if (step.kind === 'draft') this.stats.ackedDrafts += 1;
    }
  }

  private async send(client: ContractClient, call: TrackedCall, step: Step, replay: boolean): Promise<void> {
    const where = `${call.key} step ${call.acked} (${step.kind === 'report' ? step.event.type : step.kind})${replay ? ' replayed' : ''}`;
    if (replay) this.stats.replays += 1;
    if (step.kind === 'report') {
      // A replay keeps the time the event happened, as a reconnecting softphone does.
      step.at ??= Date.now();
      const r = await client.call<{ callId: number; applied: boolean }>('calls.report', { callKey: call.key, eventId: step.eventId, at: step.at, event: step.event });
      if (!r.ok) throw new Error(`${where}: ${r.error.code} ${r.error.message}`);
      if (call.callId !== null && r.value.callId !== call.callId) this.problems.push(`${where}: answered for call ${r.value.callId}, expected ${call.callId}`);
      call.callId ??= r.value.callId;
      // While the server was down the check saw whether the first attempt landed: a replay must say so.
      const expected = replay && call.landed !== null ? !call.landed : true;
      if (replay && !r.value.applied) this.stats.replaysAlreadyApplied += 1;
      if (r.value.applied !== expected) this.problems.push(`${where}: applied=${r.value.applied}, expected ${expected} (first attempt ${call.landed ? 'landed' : 'did not land'})`);
      return;
    }
    if (call.callId === null) throw new Error(`${where}: no call id before the wrap-up`);
    if (step.kind === 'draft') {
      const r = await client.call<WrapUp>('wrapUp.saveDraft', { callId: call.callId, revision: step.revision, fields: step.fields });
      if (!r.ok) throw new Error(`${where}: ${r.error.code} ${r.error.message}`);
      if (r.value.revision !== step.revision || r.value.fields.notes !== step.fields.notes || r.value.submitted) {
        this.problems.push(`${where}: saveDraft answered revision ${r.value.revision} (submitted=${r.value.submitted}), expected the draft of revision ${step.revision}`);
      }
      return;
    }
    const r = await client.call<{ wrapUp: WrapUp }>('wrapUp.submit', { callId: call.callId, fields: step.fields });
    if (!r.ok) throw new Error(`${where}: ${r.error.code} ${r.error.message}`);
    if (!r.value.wrapUp.submitted || JSON.stringify(r.value.wrapUp.fields) !== JSON.stringify(step.fields)) {
      this.problems.push(`${where}: submit answered ${JSON.stringify(r.value.wrapUp.fields)} submitted=${r.value.wrapUp.submitted}`);
    }
  }
}
