import { z } from 'zod';
import { agentState } from './agent';
import { entityId, epochMs } from './common';
import { rag, trendPoint } from './metrics';

/**
 * One number on the board: value, red/amber/green against its target, and the formula behind it.
 * The calls behind it are not in the cell (a full board's cells list ~200,000 call ids on a busy
 * day, megabytes in every frame): `calls` says how many there are, and `board.trace` returns them
 * when a supervisor opens the number (ADR 0042).
 */
export const boardCell = z.object({
  value: z.number().nullable(),
  rag,
  target: z.number().nullable(),
  formula: z.string(),
  provisional: z.boolean().optional(),
  /** How many calls `board.trace` lists behind it (capped at 1000, like the list). */
  calls: z.number().int().nonnegative().max(1000),
});
export type BoardCell = z.infer<typeof boardCell>;

/** The board's numbers that have calls behind them, by where they are shown. */
export const tracedMetric = z.enum(['aht_s', 'agent_frt_s', 'fcr_pct', 'service_level_pct', 'asa_s', 'abandon_pct']);
export type TracedMetric = z.infer<typeof tracedMetric>;

/** Which number on the board: an agent's row, a team's row, a queue's tile or the centre strip, and which of its figures. */
export const boardCellRef = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('agent'), id: entityId, metric: z.enum(['aht_s', 'agent_frt_s', 'fcr_pct']) }),
  z.object({ scope: z.literal('team'), id: entityId, metric: z.enum(['aht_s', 'agent_frt_s', 'fcr_pct']) }),
  z.object({ scope: z.literal('queue'), id: entityId, metric: z.enum(['service_level_pct', 'asa_s', 'abandon_pct']) }),
  z.object({ scope: z.literal('centre'), metric: tracedMetric }),
]);
export type BoardCellRef = z.infer<typeof boardCellRef>;

/** A number on the board as the server holds it now, with the calls behind it (capped at 1000, in the metric's order). */
export const boardTrace = z.object({ cell: boardCell, callIds: z.array(entityId).max(1000) });
export type BoardTrace = z.infer<typeof boardTrace>;

export const currentCall = z.object({
  callId: entityId,
  direction: z.enum(['inbound', 'outbound']),
  /** Caller-supplied or a number: plain text, bounded. */
  caller: z.string().max(64).nullable(),
  queue: z.string().nullable(),
  phase: z.enum(['ringing', 'talking', 'held', 'wrap-up']),
  since: epochMs,
});

export const agentRow = z.object({
  agentId: entityId,
  name: z.string(),
  extension: z.string(),
  teamId: entityId.nullable(),
  team: z.string().nullable(),
  /** False for a supervisor who does not take calls: listed apart from the agents, never counted as staff. */
  takesCalls: z.boolean(),
  state: agentState,
  reason: z.string().nullable(),
  since: epochMs,
  call: currentCall.nullable(),
  aht: boardCell,
  frt: boardCell,
  fcr: boardCell,
  handled: z.number().int(),
});
export type AgentRow = z.infer<typeof agentRow>;

export const staffing = z.object({
  /** Erlang C: agents needed now for the service-level target, from the last interval's arrivals and AHT; null without data. */
  needed: z.number().int().nullable(),
  available: z.number().int(),
  /** How it was worked out, with the numbers. */
  basis: z.string(),
});

export const queueTile = z.object({
  queueId: entityId,
  name: z.string(),
  /** Calls ringing an agent right now, and since when the oldest has waited. */
  waiting: z.number().int(),
  longestWaitSince: epochMs.nullable(),
  serviceLevel: boardCell,
  asa: boardCell,
  abandon: boardCell,
  offered: z.number().int(),
  handled: z.number().int(),
  agentsAvailable: z.number().int(),
  staffing,
});
export type QueueTile = z.infer<typeof queueTile>;

export const teamSummary = z.object({
  teamId: entityId,
  name: z.string(),
  signedIn: z.number().int(),
  available: z.number().int(),
  onCall: z.number().int(),
  wrapUp: z.number().int(),
  onBreak: z.number().int(),
  aht: boardCell,
  frt: boardCell,
  fcr: boardCell,
  handled: z.number().int(),
});
export type TeamSummary = z.infer<typeof teamSummary>;

export const centreSummary = z.object({
  serviceLevel: boardCell,
  asa: boardCell,
  abandon: boardCell,
  aht: boardCell,
  frt: boardCell,
  fcr: boardCell,
  handled: z.number().int(),
  offered: z.number().int(),
  waiting: z.number().int(),
  staffing,
});
export type CentreSummary = z.infer<typeof centreSummary>;

/** What an alert says, as a code and its figures: each desk words it in its own language (issue 15). */
export const alertMessage = z.discriminatedUnion('code', [
  // `seconds`: the duration when the alert was logged; `since`: when it began, so each desk words the duration as it
  // grows (ADR 0066) and the core logs the alert only when it is raised, worsens, clears or is acknowledged.
  z.object({ code: z.literal('agent.inState'), name: z.string(), state: z.string(), seconds: z.number().int().nonnegative(), since: epochMs.optional() }),
  z.object({ code: z.literal('queue.longestWait'), queue: z.string(), seconds: z.number().int().nonnegative(), since: epochMs.optional() }),
  z.object({ code: z.literal('queue.serviceLevel'), queue: z.string(), value: z.number().nullable(), target: z.number().nullable() }),
  z.object({ code: z.literal('queue.abandon'), queue: z.string(), value: z.number().nullable(), target: z.number().nullable() }),
  z.object({ code: z.literal('centre.staffing'), needed: z.number().int().nonnegative(), available: z.number().int().nonnegative() }),
]);
export type AlertMessage = z.infer<typeof alertMessage>;

export const boardAlert = z.object({
  id: z.string(),
  at: epochMs,
  severity: z.enum(['warning', 'critical']),
  subject: z.object({ kind: z.enum(['agent', 'queue', 'centre']), id: z.number().int().nullable() }),
  /** The core's English sentence: for logs and exports, and shown only when `message` is missing (an alert logged before codes). */
  text: z.string(),
  message: alertMessage.optional(),
  acknowledgedBy: z.string().nullable(),
  /** False once the condition has cleared (kept until acknowledged). */
  active: z.boolean(),
});
export type BoardAlert = z.infer<typeof boardAlert>;

/** Seconds in a state after which the board turns a row amber (warn) and red (critical). */
export const stateThresholds = z.record(z.string(), z.object({ warnS: z.number().int().positive(), criticalS: z.number().int().positive() }));

export const boardTrend = z.object({
  bucketMinutes: z.number().int(),
  points: z.array(trendPoint),
  frtTargetS: z.number().nullable(),
  serviceLevelTargetPct: z.number().nullable(),
});

export const boardState = z.object({
  generatedAt: epochMs,
  agents: z.array(agentRow),
  queues: z.array(queueTile),
  teams: z.array(teamSummary),
  centre: centreSummary,
  alerts: z.array(boardAlert),
  trend: boardTrend,
  thresholds: stateThresholds,
});
export type BoardState = z.infer<typeof boardState>;

export const boardChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), row: agentRow }),
  z.object({ kind: z.literal('queue'), tile: queueTile }),
  z.object({ kind: z.literal('team'), summary: teamSummary }),
  z.object({ kind: z.literal('centre'), centre: centreSummary }),
  z.object({ kind: z.literal('alert'), alert: boardAlert }),
  /** A cleared alert nobody acknowledged, dropped after a while so the list stays readable. */
  z.object({ kind: z.literal('alert-removed'), alertId: z.string() }),
  z.object({ kind: z.literal('trend'), trend: boardTrend }),
]);
export type BoardChange = z.infer<typeof boardChange>;

/**
 * Board changes in order. `seq` is the id of the last event-log entry the delta reflects (so it
 * survives restarts and is the same on every server), plus a fraction for figures that came after
 * that position's delta (ADR 0077); `prev` is the seq of the delta before it, so a client whose last
 * seq is not `prev` has missed one and resynchronises.
 */
export const boardSeq = z.number().nonnegative();
export const boardDelta = z.object({ seq: boardSeq.positive(), prev: boardSeq, at: epochMs, changes: z.array(boardChange) });
export type BoardDelta = z.infer<typeof boardDelta>;

export const boardSnapshot = z.object({ seq: boardSeq, state: boardState });
export type BoardSnapshot = z.infer<typeof boardSnapshot>;

export const resyncOutput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deltas'), deltas: z.array(boardDelta) }),
  z.object({ kind: z.literal('snapshot'), snapshot: boardSnapshot }),
]);

export const callSummary = z.object({
  callId: entityId,
  agent: z.string().nullable(),
  queue: z.string().nullable(),
  caller: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  queuedAt: epochMs.nullable(),
  offeredAt: epochMs.nullable(),
  answeredAt: epochMs.nullable(),
  endedAt: epochMs.nullable(),
  wrapUpEndedAt: epochMs.nullable(),
  abandonedAt: epochMs.nullable(),
  holdS: z.number(),
  endReason: z.string().nullable(),
  disposition: z.string().nullable(),
  resolved: z.boolean().nullable(),
});
export type CallSummary = z.infer<typeof callSummary>;
