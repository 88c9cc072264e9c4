import {
  DEFAULT_METRIC_SETTINGS,
  type AgentStateChange,
  type CallLeg,
  type MetricInput,
  type TimeRange,
} from '../../../shared/domain/metrics/types';

/** Monday 2 Nov 2026 09:00 UTC: every fixture time is an offset from here. */
export const T0 = Date.UTC(2026, 10, 2, 9);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** T0 + s seconds. */
export const t = (s: number): number => T0 + s * 1000;

/** The hour 09:00–10:00 of the fixture day. */
export const HOUR_ONE: TimeRange = { from: t(0), to: t(3600) };

/** An inbound leg of its own contact, agent 1, queue 10, nothing happened yet. */
export function leg(id: number, fields: Partial<CallLeg> = {}): CallLeg {
  return {
    id,
    contactKey: `c${id}`,
    direction: 'inbound',
    agentId: 1,
    queueId: 10,
    customerId: null,
    callerE164: null,
    withheld: false,
    transferredFromLegId: null,
    queuedAt: null,
    offeredAt: null,
    answeredAt: null,
    holds: [],
    endedAt: null,
    wrapUpEndedAt: null,
    abandonedAt: null,
    unanswered: null,
    resolved: null,
    ...fields,
  };
}

export function state(agentId: number, s: AgentStateChange['state'], at: number): AgentStateChange {
  return { agentId, state: s, at };
}

export function input(legs: CallLeg[], fields: Partial<MetricInput> = {}): MetricInput {
  return { legs, states: [], range: HOUR_ONE, now: t(30 * 86_400), settings: DEFAULT_METRIC_SETTINGS, ...fields };
}
