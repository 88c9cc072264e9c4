import type { Contact } from './contacts';
import type { FirstContact } from './fcr';
import type { CallLeg, MetricScope } from './types';

/** Legs behind the agent metrics (handled, FRT, missed…): by their own agent or queue. */
export function legInScope(leg: CallLeg, scope: MetricScope): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queue') return leg.queueId === scope.queueId;
  return leg.agentId !== null && scope.agentIds.has(leg.agentId);
}

/** Contacts behind ASA and service level: by their queue, or by the agent who answered first. */
export function contactInScope(contact: Contact, scope: MetricScope): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queue') return contact.queueId === scope.queueId;
  return contact.answeredBy !== null && scope.agentIds.has(contact.answeredBy);
}

/** First contacts behind FCR: by their queue, or by the agent who answered last. */
export function firstContactInScope(first: FirstContact, scope: MetricScope): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queue') return first.queueId === scope.queueId;
  return first.agentId !== null && scope.agentIds.has(first.agentId);
}
