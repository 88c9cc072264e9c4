/**
 * The raw facts metrics are computed from (METRICS.md). Repositories load these from the
 * calls, call_holds, wrap_ups and agent_state_changes tables; the pure functions in this
 * folder turn them into numbers that carry their formula and the calls behind them.
 */

/** One hold segment; `end` is null while the call is still held. */
export interface HoldSegment {
  start: number;
  end: number | null;
}

/** Why an offered leg was not answered by its agent. */
export type UnansweredReason = 'declined' | 'missed';

/** One call leg: one offer of a call to one agent (epoch ms everywhere). */
export interface CallLeg {
  id: number;
  /**
   * Legs of one queued contact share this key (the PBX's queue call id when it sends one);
   * otherwise it is the leg's own id. Queue metrics (ASA, service level, abandon) count contacts.
   */
  contactKey: string;
  direction: 'inbound' | 'outbound';
  agentId: number | null;
  queueId: number | null;
  customerId: number | null;
  /** E.164 caller number; null when withheld or unreadable. */
  callerE164: string | null;
  withheld: boolean;
  /** Set on the leg a transfer created; such legs are not new contacts. */
  transferredFromLegId: number | null;
  queuedAt: number | null;
  offeredAt: number | null;
  answeredAt: number | null;
  holds: readonly HoldSegment[];
  endedAt: number | null;
  wrapUpEndedAt: number | null;
  /** Caller hung up before this leg was answered. */
  abandonedAt: number | null;
  /** Offered, not answered by this agent, and not abandoned: agent decline vs ring timeout. */
  unanswered: UnansweredReason | null;
  /** From the submitted wrap-up; null while there is none. */
  resolved: boolean | null;
}

/** One row of the append-only presence log. */
export interface AgentStateChange {
  agentId: number;
  state: 'available' | 'ringing' | 'on-call' | 'wrap-up' | 'break' | 'offline' | 'disconnected';
  at: number;
}

/** Half-open range [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

export type AbandonTreatment =
  /** Abandoned within Y s counts as answered in time (Amazon Connect). */
  | 'met-if-within-threshold'
  /** Abandons under Z s leave the calculation entirely (Genesys, Talkdesk). */
  | 'exclude-short'
  /** Every abandon counts as a failure. */
  | 'failed';

export interface MetricSettings {
  /** Y: answered within this many seconds meets the service level. */
  serviceLevelThresholdS: number;
  abandonTreatment: AbandonTreatment;
  /** Z: an abandon shorter than this is "short". */
  shortAbandonS: number;
  excludeShortAbandonsFromAbandonRate: boolean;
  /** W: a repeat contact within this window after a first contact fails FCR. */
  fcrWindowMs: number;
  /** A contact within this long after a transfer is not a repeat. */
  transferGraceMs: number;
}

export const DEFAULT_METRIC_SETTINGS: MetricSettings = {
  serviceLevelThresholdS: 20,
  abandonTreatment: 'met-if-within-threshold',
  shortAbandonS: 5,
  excludeShortAbandonsFromAbandonRate: true,
  fcrWindowMs: 7 * 24 * 3600_000,
  transferGraceMs: 15 * 60_000,
};

export type MetricName =
  | 'talk_s'
  | 'hold_s'
  | 'acw_s'
  | 'aht_s'
  | 'agent_frt_s'
  | 'agent_frt_median_s'
  | 'asa_s'
  | 'service_level_pct'
  | 'abandon_pct'
  | 'fcr_pct'
  | 'occupancy_pct'
  | 'handled'
  | 'missed'
  | 'declined';

/** A number a supervisor can trace: its value, how it was computed and the calls behind it. */
export interface MetricResult {
  metric: MetricName;
  /** null when nothing is counted yet (denominator 0). */
  value: number | null;
  numerator: number;
  denominator: number;
  /** The definition with this result's numbers in it, e.g. "Σ(talk + hold + ACW) / handled = 1230 s / 4". */
  formula: string;
  /** Ids of the legs counted (for drill-down). */
  callIds: number[];
  /** FCR: some counted contact's repeat window has not closed yet. */
  provisional?: boolean;
  /** FCR: answered first contacts without a submitted wrap-up yet, left out until it is. */
  pending?: number;
}

export type MetricSet = Record<MetricName, MetricResult>;

/** Everything one computation needs. `legs` may reach beyond `range`: FCR looks W either side. */
export interface MetricInput {
  legs: readonly CallLeg[];
  states: readonly AgentStateChange[];
  range: TimeRange;
  now: number;
  settings: MetricSettings;
}

/** Whose numbers: everyone, a set of agents (one agent, a team), or one queue. */
export type MetricScope =
  | { kind: 'all' }
  | { kind: 'agents'; agentIds: ReadonlySet<number> }
  | { kind: 'queue'; queueId: number };
