import type { AgentState, SessionEndReason } from '../../../shared/contract/schemas/agent';
import type { BoardAlert } from '../../../shared/contract/schemas/board';
import type { CallEventReport } from '../../../shared/contract/schemas/calls';

/**
 * Every kind of state change the core makes, as appended to the event log. Projections (presence,
 * live calls, today's metrics, the board) are folds of these; `agentId`/`callId` say whom they touch.
 */
export type LogEvent =
  | { type: 'call.reported'; agentId: number; callId: number; data: { event: CallEventReport } }
  | { type: 'presence.changed'; agentId: number; callId?: undefined; data: { state: AgentState; reason: string | null; since: number } }
  | { type: 'desk.nextChosen'; agentId: number; callId?: undefined; data: { state: AgentState; reason: string | null } }
  | { type: 'wrapUp.drafted'; agentId: number; callId: number; data: { revision: number } }
  | { type: 'wrapUp.submitted'; agentId: number; callId: number; data: { dispositionCode: string | null; resolved: boolean | null } }
  | { type: 'wrapUp.extended'; agentId: number; callId: number; data: { deadline: number } }
  | { type: 'wrapUp.ended'; agentId: number; callId: number; data: { closedBy: string } }
  | { type: 'board.alerts'; agentId?: undefined; callId?: undefined; data: { changes: AlertChange[] } }
  | { type: 'agents.changed'; agentId: number; callId?: undefined; data: { change: 'created' | 'updated' | 'passwordReset' } }
  | { type: 'sessions.bound'; agentId: number; callId?: undefined; data: { sessionId: number } }
  | { type: 'sessions.ended'; agentId: number; callId?: undefined; data: { sessionIds: number[]; reason: SessionEndReason } }
  | { type: 'wallboard.revoked'; agentId?: undefined; callId?: undefined; data: { tokenId: number } }
  | { type: 'settings.changed'; agentId?: undefined; callId?: undefined; data: { key: string } }
  | { type: 'sla.targetSet'; agentId?: undefined; callId?: undefined; data: { metric: string; scope: string; scopeId: number | null; target: number; amberBand: number } }
  | { type: 'dispositions.set'; agentId?: undefined; callId?: undefined; data: { queueId: number | null; count: number } }
  | { type: 'offer.shown'; agentId: number; callId: number; data: OfferImpression }
  | { type: 'offer.outcome'; agentId: number | null; callId: number | null; data: { customerId: number; offerId: number; outcome: string } }
  | { type: 'routing.decided'; agentId: number | null; callId?: undefined; data: RoutingDecisionRecord }
  | { type: 'routing.reported'; agentId: number | null; callId?: undefined; data: { sipCallId: string; decisionId: string | null; what: string } }
  | { type: 'routing.queueLeft'; agentId: null; callId: number; data: { sipCallId: string; queueId: number | null; reason: string } }
  | { type: 'routing.callbackCreated'; agentId: null; callId?: undefined; data: { taskId: string; sipCallId: string; queueId: number | null; customerId: number | null } }
  | { type: 'routing.callbackOffered'; agentId: number; callId?: undefined; data: { taskId: string; decisionId: string } }
  | { type: 'routing.callbackEnded'; agentId: number | null; callId?: undefined; data: { taskId: string; outcome: CallbackOutcome | 'lapsed' } }
  | { type: 'routing.policySet'; agentId?: undefined; callId?: undefined; data: { queueId: number; by: number | null } };

/** What the agent offered a callback task did with it. */
export type CallbackOutcome = 'dialled' | 'skipped';

/** One routing decision as logged (ADR 0026): the step, the candidates and why, by the caller's SIP Call-ID. */
export interface RoutingDecisionRecord {
  sipCallId: string;
  decisionId: string;
  queueId: number | null;
  kind: 'agent' | 'wait' | 'release' | 'reject';
  step: string;
  why: string;
  /** Agents offered (reserved), in order; ring-all reserves several. */
  offered: number[];
  /** Agents considered and why each was left out (tried, queue, skill, language, reserved by someone else). */
  excluded: { agentId: number; why: string }[];
  customerId: number | null;
  vip: boolean;
  stickyAgentId: number | null;
  waitedSec: number;
}

/** One alert raised, updated, cleared, acknowledged or dropped: the board's alerts are a fold of these. */
export type AlertChange = { kind: 'set'; alert: BoardAlert } | { kind: 'removed'; alertId: string };

/** What a pop showed: each offer with its rank, score and the probability it had of being chosen. */
export interface OfferImpression {
  customerId: number | null;
  policyVersion: string;
  /** 'shown': painted on the agent's screen; 'not-seen': the call went before the pop was painted. */
  seen: 'shown' | 'not-seen';
  offers: { offerId: number; code: string; rank: number; score: number; probability: number }[];
}

export type LogEventType = LogEvent['type'];

/** A stored event, as projections read it back. */
export type StoredEvent = LogEvent & { id: number; at: number };
