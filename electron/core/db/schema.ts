import type { Generated, Selectable } from 'kysely';

/** Kysely's view of the tables. Times are epoch ms, booleans 0/1, JSON as text. */
export interface Database {
  customers: {
    id: Generated<number>;
    first_name: string;
    last_name: string;
    search_name: string;
    email: string | null;
    city: string | null;
    customer_since: number;
    updated_at: number;
  };
  customer_phones: {
    id: Generated<number>;
    customer_id: number;
    e164: string;
    label: string;
    is_primary: number;
  };
  products: { id: Generated<number>; sku: string; name: string; category: string; unit_price: number };
  orders: { id: Generated<number>; customer_id: number; ordered_at: number; status: string; total: number };
  order_lines: {
    id: Generated<number>;
    order_id: number;
    product_id: number;
    quantity: number;
    unit_price: number;
    amount: number;
  };
  accounts: {
    customer_id: number;
    currency: string;
    balance: number;
    credit_limit: number;
    overdue: number;
    updated_at: number;
  };
  teams: { id: Generated<number>; name: string };
  agents: {
    id: Generated<number>;
    name: string;
    extension: string;
    role: string;
    team_id: number | null;
    created_at: number;
    password_hash: string | null;
    active: Generated<number>;
    /** 1: signs in without a password in the loopback demo quick start, or holds the generated demo supervisor password. */
    demo_credential: Generated<number>;
    /** Supervisors who also take calls are listed with the agents. */
    takes_calls: Generated<number>;
    /** JSON arrays of strings / queue ids. */
    skills: Generated<string>;
    languages: Generated<string>;
    queue_ids: Generated<string>;
  };
  agent_sessions: {
    id: Generated<number>;
    agent_id: number;
    token_hash: string;
    created_at: number;
    last_seen_at: number;
    address: string | null;
    revoked_at: number | null;
    revoked_reason: string | null;
  };
  agent_state_changes: { id: Generated<number>; agent_id: number; state: string; reason: string | null; at: number };
  /** name_key: the name folded (shared/domain/queue-name), unique — one queue per name whatever its case (ADR 0070). */
  queues: { id: Generated<number>; name: string; name_key: string | null; team_id: number | null; created_at: number };
  sla_targets: {
    id: Generated<number>;
    scope: string;
    scope_id: number | null;
    metric: string;
    target: number;
    amber_band: number;
    updated_at: number;
  };
  settings: { key: string; value: string; updated_at: number };
  calls: {
    id: Generated<number>;
    sip_call_id: string | null;
    direction: string;
    queue_id: number | null;
    agent_id: number | null;
    customer_id: number | null;
    caller_e164: string | null;
    caller_withheld: number;
    caller_display: string | null;
    transferred_from_call_id: number | null;
    queued_at: number | null;
    offered_at: number | null;
    answered_at: number | null;
    ended_at: number | null;
    wrap_up_ended_at: number | null;
    abandoned_at: number | null;
    end_reason: string | null;
    client_key: string | null;
    contact_key: string | null;
    queue_call_id: string | null;
    wrap_up_deadline: number | null;
    last_event_at: number | null;
  };
  call_holds: { id: Generated<number>; call_id: number; started_at: number; ended_at: number | null };
  call_events: { id: Generated<number>; call_id: number; at: number; type: string; data: string | null; client_event_id: string | null };
  dispositions: {
    id: Generated<number>;
    queue_id: number | null;
    code: string;
    label: string;
    sort_order: number;
    active: number;
  };
  offers: { id: Generated<number>; code: string; name: string; kind: string; product_id: number | null; active: number };
  wrap_ups: {
    id: Generated<number>;
    call_id: number;
    agent_id: number;
    disposition_id: number | null;
    resolved: number | null;
    notes: string | null;
    offer_id: number | null;
    offer_outcome: string | null;
    callback_at: number | null;
    tags: string | null;
    draft: number;
    updated_at: number;
    submitted_at: number | null;
    closed_by: string | null;
    revision: Generated<number>;
  };
  security_audit: { id: Generated<number>; at: number; kind: string; principal: string | null; address: string | null; detail: string };
  pbx_credentials: {
    id: Generated<number>;
    label: string;
    token_hash: string;
    created_by: number | null;
    created_at: number;
    revoked_at: number | null;
    last_used_at: number | null;
  };
  wallboard_tokens: {
    id: Generated<number>;
    label: string;
    token_hash: string;
    created_by: number | null;
    created_at: number;
    revoked_at: number | null;
    expires_at: number | null;
    last_used_at: number | null;
  };
  customer_tags: { id: Generated<number>; customer_id: number; tag: string; call_id: number | null; at: number };
  product_affinities: {
    from_product_id: number;
    to_product_id: number;
    baskets_both: number;
    baskets_from: number;
    baskets_to: number;
    baskets_total: number;
    confidence: number;
    lift: number;
    computed_at: number;
  };
  /** The event log: append-only, one row per state change, in the change's own transaction. */
  events: { id: Generated<number>; at: number; type: string; agent_id: number | null; call_id: number | null; data: string };
  /** PostgreSQL only (ADR 0036): the last event id handed out; its row lock serialises appends until commit. */
  event_head: { id: number; last_id: number };
  /** What each agent goes back to after their calls, and the version writers check. */
  agent_desks: {
    agent_id: number;
    resting_state: string;
    resting_reason: string | null;
    next_state: string | null;
    next_reason: string | null;
    consecutive_misses: number;
    session_from: number;
    version: number;
    /** The routing reservation (ADR 0026): the SIP Call-ID and decision the agent is held for, until when. */
    reserved_call: string | null;
    reserved_decision: string | null;
    reserved_until: number | null;
  };
  /** One row per applied wrap-up submit, by its client-chosen request id (a resend is recognised, ADR 0045). */
  wrap_up_requests: { request_id: string; agent_id: number; call_id: number; fingerprint: string; at: number };
  /** Team mode: each server instance and when it last beat (ADR 0069). */
  team_instances: { id: string; started_at: number; seen_at: number; stopped_at: number | null };
  /** Team mode: the agents each instance holds a connection for (lost_at null), or runs the grace of (ADR 0069). */
  team_connections: { instance_id: string; agent_id: number; lost_at: number | null };
  /** Each queue's routing policy as JSON (queue 0: calls without a queue). */
  routing_policies: { queue_id: number; policy: string; updated_at: number };
  /** Every routing decision with its reasons, by the caller's SIP Call-ID. */
  callback_tasks: {
    id: string;
    sip_call_id: string;
    queue_id: number | null;
    customer_id: number | null;
    caller_e164: string;
    caller_display: string | null;
    created_at: number;
    status: 'open' | 'offered' | 'done';
    agent_id: number | null;
    decision_id: string | null;
    offered_at: number | null;
    offer_until: number | null;
    attempts: Generated<number>;
    outcome: string | null;
    done_at: number | null;
  };
  route_decisions: {
    id: Generated<number>;
    decision_id: string;
    sip_call_id: string;
    queue_id: number | null;
    agent_id: number | null;
    kind: string;
    step: string;
    at: number;
    detail: string;
  };
  offer_impressions: {
    id: Generated<number>;
    call_id: number;
    agent_id: number | null;
    customer_id: number;
    offer_id: number;
    rank: number;
    score: number;
    probability: number;
    policy_version: string;
    seen: string;
    at: number;
  };
  offer_outcomes: {
    id: Generated<number>;
    call_id: number | null;
    customer_id: number;
    offer_id: number;
    outcome: string;
    at: number;
  };
}

/** A stored call leg as read back. */
export type CallRow = Selectable<Database['calls']>;
/** What every reader of call legs takes: who called, and the raw timestamps the metrics come from. */
export type CallFacts = Pick<
  CallRow,
  'id' | 'direction' | 'caller_e164' | 'caller_withheld' | 'queued_at' | 'offered_at' | 'answered_at' | 'ended_at' | 'wrap_up_ended_at' | 'abandoned_at' | 'end_reason'
>;
