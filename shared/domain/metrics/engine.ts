import { frtMetrics, handleMetrics, unansweredMetrics } from './agent-metrics';
import { groupContacts, type Contact } from './contacts';
import { fcrResult, firstContacts, type FirstContact } from './fcr';
import { agentOccupancy, occupancyResult } from './occupancy';
import { abandonResult, asaResult, serviceLevelResult } from './queue-metrics';
import { notApplicable } from './result';
import { contactInScope, firstContactInScope, legInScope } from './scope';
import type { AgentStateChange, CallLeg, MetricInput, MetricResult, MetricScope, MetricSet } from './types';

/** What one scope's numbers are computed from. */
interface Slice {
  /** All directions: the agent metrics keep the inbound ones, occupancy uses all. */
  legs: readonly CallLeg[];
  contacts: readonly Contact[];
  /** null where abandon rate means nothing (an abandoned call has no agent). */
  abandonContacts: readonly Contact[] | null;
  firsts: readonly FirstContact[];
  occupancy: MetricResult;
}

function assemble(input: MetricInput, slice: Slice): MetricSet {
  const { range, settings, now } = input;
  return {
    ...handleMetrics(slice.legs, range),
    ...frtMetrics(slice.legs, range),
    ...unansweredMetrics(slice.legs, range),
    asa_s: asaResult(slice.contacts, range),
    service_level_pct: serviceLevelResult(slice.contacts, range, settings),
    abandon_pct: slice.abandonContacts
      ? abandonResult(slice.abandonContacts, range, settings)
      : notApplicable('abandon_pct', 'abandon rate is a queue metric: an abandoned call has no agent'),
    fcr_pct: fcrResult(slice.firsts, range, now, settings),
    occupancy_pct: slice.occupancy,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function occupancyOf(input: MetricInput, legs: readonly CallLeg[], states: readonly AgentStateChange[]): MetricResult {
  const legsByAgent = groupBy(legs, (leg) => leg.agentId);
  const statesByAgent = groupBy(states, (change) => change.agentId);
  const agents = new Set([...legsByAgent.keys(), ...statesByAgent.keys()]);
  return occupancyResult(
    [...agents].map((id) => agentOccupancy(legsByAgent.get(id) ?? [], statesByAgent.get(id) ?? [], input.range, input.now)),
  );
}

/** The grouping every scope shares: contacts and first contacts, built once per input. */
export interface PreparedInput {
  input: MetricInput;
  contacts: readonly Contact[];
  firsts: readonly FirstContact[];
}

export function prepareMetrics(input: MetricInput): PreparedInput {
  const contacts = groupContacts(input.legs);
  return { input, contacts, firsts: firstContacts(contacts, input.settings) };
}

/** Every metric for one scope of an input prepared once (many scopes over one input: the board). */
export function computePrepared({ input, contacts, firsts }: PreparedInput, scope: MetricScope): MetricSet {
  const legs = input.legs.filter((leg) => legInScope(leg, scope));
  const scopedContacts = contacts.filter((contact) => contactInScope(contact, scope));
  let occupancy: MetricResult;
  if (scope.kind === 'queue') {
    occupancy = notApplicable('occupancy_pct', 'occupancy is per agent: a queue has none (look at its agents)');
  } else {
    const states = scope.kind === 'all' ? input.states : input.states.filter((change) => scope.agentIds.has(change.agentId));
    occupancy = occupancyOf(input, legs, states);
  }
  return assemble(input, {
    legs,
    contacts: scopedContacts,
    abandonContacts: scope.kind === 'agents' ? null : scopedContacts,
    firsts: firsts.filter((first) => firstContactInScope(first, scope)),
    occupancy,
  });
}

/** Every metric for one scope. */
export function computeMetrics(input: MetricInput, scope: MetricScope): MetricSet {
  return computePrepared(prepareMetrics(input), scope);
}

/**
 * The same as computeMetrics with { kind: 'agents', agentIds: {id} } for every agent in the legs
 * or the presence log, but grouping once, so 500 agents cost one pass rather than 500.
 */
export function computeByAgent(input: MetricInput): Map<number, MetricSet> {
  const contacts = groupContacts(input.legs);
  const firsts = firstContacts(contacts, input.settings);
  const legsByAgent = groupBy(input.legs, (leg) => leg.agentId);
  const statesByAgent = groupBy(input.states, (change) => change.agentId);
  const contactsByAgent = groupBy(contacts, (contact) => contact.answeredBy);
  const firstsByAgent = groupBy(firsts, (first) => first.agentId);
  const agentIds = [...new Set([...legsByAgent.keys(), ...statesByAgent.keys()])].sort((a, b) => a - b);
  const byAgent = new Map<number, MetricSet>();
  for (const id of agentIds) {
    const legs = legsByAgent.get(id) ?? [];
    byAgent.set(
      id,
      assemble(input, {
        legs,
        contacts: contactsByAgent.get(id) ?? [],
        abandonContacts: null,
        firsts: firstsByAgent.get(id) ?? [],
        occupancy: occupancyOf(input, legs, statesByAgent.get(id) ?? []),
      }),
    );
  }
  return byAgent;
}
