import SqliteDatabase from 'better-sqlite3';
import type { WrapUpFields } from '../../shared/contract/schemas/wrap-up';
import type { Step, TrackedCall } from './crash-workload';

/**
 * What the database must show after a crash, given what the server acknowledged.
 *
 * Each tracked call is a list of planned steps; `acked` of them were answered and at most the
 * next one was in flight. The call's durable state must be exactly the state after `acked`
 * steps, or (if one was in flight) after `acked + 1`: anything else is a lost acknowledged
 * write, a phantom write, or a write that landed half. On top of that, invariants every call
 * row must keep whatever happened (timestamps in order, timeline consistent with the row,
 * holds closed when the call ended, a submitted wrap-up fully submitted).
 */

/** The parts of a call the client's steps decide, in a fixed key order so two models compare as JSON. */
interface CallModel {
  exists: boolean;
  answered: boolean;
  holds: number;
  openHold: boolean;
  endReason: string | null;
  abandoned: boolean;
  eventIds: string[];
  wrapUp: null | { submitted: boolean; revision: number; fields: WrapUpFields };
}

const EMPTY_FIELDS: WrapUpFields = { dispositionCode: null, resolved: null, notes: '', offerCode: null, offerOutcome: null, callbackAt: null, tags: [] };

function emptyModel(): CallModel {
  return { exists: false, answered: false, holds: 0, openHold: false, endReason: null, abandoned: false, eventIds: [], wrapUp: null };
}

/** The state the first k steps of a call leave behind. */
export function modelAfter(call: TrackedCall, k: number): CallModel {
  const m = emptyModel();
  for (const step of call.steps.slice(0, k)) applyStep(m, call, step);
  return m;
}

function applyStep(m: CallModel, call: TrackedCall, step: Step): void {
  if (step.kind === 'draft') {
    if (m.wrapUp !== null && !m.wrapUp.submitted && step.revision > m.wrapUp.revision) m.wrapUp = { submitted: false, revision: step.revision, fields: step.fields };
    return;
  }
  if (step.kind === 'submit') {
    if (m.wrapUp !== null) m.wrapUp = { submitted: true, revision: m.wrapUp.revision, fields: step.fields };
    return;
  }
  m.eventIds.push(step.eventId);
  const e = step.event;
  switch (e.type) {
    case 'offered':
      m.exists = true;
      return;
    case 'answered':
      m.answered = true;
      return;
    case 'hold-started':
      m.holds += 1;
      m.openHold = true;
      return;
    case 'hold-ended':
      m.openHold = false;
      return;
    case 'ended':
      m.openHold = false;
      m.endReason = e.reason;
      m.abandoned = !m.answered && call.inbound && e.reason === 'caller-cancelled';
      if (m.answered) m.wrapUp = { submitted: false, revision: 0, fields: EMPTY_FIELDS };
      return;
    default:
      return;
  }
}

interface CallRow {
  id: number;
  agent_id: number;
  client_key: string | null;
  direction: string;
  customer_id: number | null;
  queued_at: number | null;
  offered_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
  wrap_up_ended_at: number | null;
  wrap_up_deadline: number | null;
  abandoned_at: number | null;
  end_reason: string | null;
  last_event_at: number | null;
}
interface HoldRow {
  call_id: number;
  started_at: number;
  ended_at: number | null;
}
interface EventRow {
  id: number;
  call_id: number;
  at: number;
  type: string;
  client_event_id: string | null;
}
interface WrapUpRow {
  call_id: number;
  draft: number;
  revision: number;
  notes: string | null;
  resolved: number | null;
  tags: string | null;
  offer_outcome: string | null;
  callback_at: number | null;
  submitted_at: number | null;
  closed_by: string | null;
  disposition_code: string | null;
  offer_code: string | null;
}

export interface CheckResult {
  problems: string[];
  /** Wrap-ups still drafts (callId → revision and notes): what wrapUp.pending must offer after the restart. */
  drafts: Map<number, { revision: number; notes: string }>;
  /** How many acknowledged drafts and submits were found intact. */
  draftsChecked: number;
  submitsChecked: number;
}

function groupBy<T extends { call_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.call_id);
    if (list === undefined) m.set(r.call_id, [r]);
    else list.push(r);
  }
  return m;
}

const REPORT_TYPES = new Set(['offered', 'answered', 'hold-started', 'hold-ended', 'ended']);

/**
 * Check the database file (the server must be down, or at least not writing) against the
 * ledger. Sets `landed` on every call with a step in flight, so a replay can be judged.
 */
export function checkCrashedDatabase(file: string, agentIds: Map<string, number>, calls: readonly TrackedCall[]): CheckResult {
  const problems: string[] = [];
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity.slice(0, 5))}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
    const dupEvents = db.prepare('SELECT client_event_id, count(*) AS n FROM call_events WHERE client_event_id IS NOT NULL GROUP BY client_event_id HAVING n > 1').all();
    if (dupEvents.length > 0) problems.push(`client event ids stored twice: ${JSON.stringify(dupEvents.slice(0, 5))}`);

    const ids = [...agentIds.values()];
    const inAgents = `(${ids.map(() => '?').join(',')})`;
    const rows = db.prepare(`SELECT * FROM calls WHERE agent_id IN ${inAgents}`).all(...ids) as CallRow[];
    const callIds = `(SELECT id FROM calls WHERE agent_id IN ${inAgents})`;
    const holds = groupBy(db.prepare(`SELECT call_id, started_at, ended_at FROM call_holds WHERE call_id IN ${callIds} ORDER BY id`).all(...ids) as HoldRow[]);
    const events = groupBy(db.prepare(`SELECT id, call_id, at, type, client_event_id FROM call_events WHERE call_id IN ${callIds} ORDER BY id`).all(...ids) as EventRow[]);
    const wrapUps = new Map(
      (
        db
          .prepare(
            `SELECT w.call_id, w.draft, w.revision, w.notes, w.resolved, w.tags, w.offer_outcome, w.callback_at, w.submitted_at, w.closed_by,
                    d.code AS disposition_code, o.code AS offer_code
               FROM wrap_ups w LEFT JOIN dispositions d ON d.id = w.disposition_id LEFT JOIN offers o ON o.id = w.offer_id
              WHERE w.call_id IN ${callIds}`,
          )
          .all(...ids) as WrapUpRow[]
      ).map((w) => [w.call_id, w]),
    );
    const customerTags = groupBy(db.prepare(`SELECT call_id, tag, customer_id FROM customer_tags WHERE call_id IN ${callIds}`).all(...ids) as { call_id: number; tag: string; customer_id: number }[]);
    const offerOutcomes = groupBy(db.prepare(`SELECT call_id, outcome, customer_id FROM offer_outcomes WHERE call_id IN ${callIds}`).all(...ids) as { call_id: number; outcome: string; customer_id: number }[]);

    // 1. Every row is internally consistent, whoever wrote it and whenever the process died.
    for (const row of rows) {
      problems.push(...rowProblems(row, holds.get(row.id) ?? [], events.get(row.id) ?? [], wrapUps.get(row.id)).map((p) => `call ${row.id} (${row.client_key}): ${p}`));
    }

    // 2. Every tracked call is exactly where its acknowledged steps (plus perhaps the one in flight) left it.
    const byKey = new Map(rows.map((r) => [`${r.agent_id}/${r.client_key}`, r]));
    const tracked = new Set<number>();
    const drafts = new Map<number, { revision: number; notes: string }>();
    let draftsChecked = 0;
    let submitsChecked = 0;
    for (const call of calls) {
      const agentId = agentIds.get(call.extension);
      const row = byKey.get(`${agentId}/${call.key}`);
      if (row !== undefined) tracked.add(row.id);
      if (row !== undefined && call.callId !== null && row.id !== call.callId) problems.push(`${call.key}: stored as call ${row.id}, acknowledged as ${call.callId}`);
      const seen = observe(row, holds, events, wrapUps);
      const acked = modelAfter(call, call.acked);
      const same = (m: CallModel): boolean => JSON.stringify(m) === JSON.stringify(seen);
      if (same(acked)) {
        call.landed = call.inFlight ? false : null;
      } else if (call.inFlight && same(modelAfter(call, call.acked + 1))) {
        call.landed = true;
      } else {
        problems.push(
          `${call.key}: stored state matches neither its ${call.acked} acknowledged steps${call.inFlight ? ' nor those plus the one in flight' : ''}\n` +
            `    stored:   ${JSON.stringify(seen)}\n    expected: ${JSON.stringify(acked)}`,
        );
        continue;
      }
      if (row === undefined) continue;
      if (row.customer_id !== call.customerId) problems.push(`${call.key}: customer ${row.customer_id}, reported ${call.customerId}`);
      const w = seen.wrapUp;
      if (w !== null && !w.submitted) drafts.set(row.id, { revision: w.revision, notes: w.fields.notes });
      if (acked.wrapUp !== null && acked.wrapUp.revision > 0 && !acked.wrapUp.submitted) draftsChecked += 1;
      if (acked.wrapUp?.submitted === true) submitsChecked += 1;
      // What a submit writes besides the wrap-up row: the customer's tags and the offer outcome.
      const submitted = w?.submitted === true ? w.fields : null;
      const tagsWanted = submitted !== null && row.customer_id !== null ? [...new Set(submitted.tags)].sort() : [];
      const tagsStored = (customerTags.get(row.id) ?? []).map((t) => t.tag).sort();
      if (JSON.stringify(tagsStored) !== JSON.stringify(tagsWanted)) problems.push(`${call.key}: customer tags ${JSON.stringify(tagsStored)}, expected ${JSON.stringify(tagsWanted)}`);
      const outcomeWanted =
        submitted !== null && row.customer_id !== null && submitted.offerCode !== null && submitted.offerOutcome !== null && submitted.offerOutcome !== 'not-presented'
          ? [submitted.offerOutcome]
          : [];
      const outcomeStored = (offerOutcomes.get(row.id) ?? []).map((o) => o.outcome);
      if (JSON.stringify(outcomeStored) !== JSON.stringify(outcomeWanted)) problems.push(`${call.key}: offer outcomes ${JSON.stringify(outcomeStored)}, expected ${JSON.stringify(outcomeWanted)}`);
    }
    // 3. No call appeared that the driver never sent.
    for (const row of rows) if (!tracked.has(row.id)) problems.push(`call ${row.id} (${row.client_key}) was never reported by the driver`);
    return { problems, drafts, draftsChecked, submitsChecked };
  } finally {
    db.close();
  }
}

function observe(row: CallRow | undefined, holds: Map<number, HoldRow[]>, events: Map<number, EventRow[]>, wrapUps: Map<number, WrapUpRow>): CallModel {
  if (row === undefined) return emptyModel();
  const h = holds.get(row.id) ?? [];
  const w = wrapUps.get(row.id);
  return {
    exists: true,
    answered: row.answered_at !== null,
    holds: h.length,
    openHold: h.some((x) => x.ended_at === null),
    endReason: row.ended_at === null ? null : row.end_reason,
    abandoned: row.abandoned_at !== null,
    eventIds: (events.get(row.id) ?? []).flatMap((e) => (e.client_event_id === null ? [] : [e.client_event_id])),
    wrapUp:
      w === undefined
        ? null
        : {
            submitted: w.draft === 0,
            revision: w.revision,
            fields: {
              dispositionCode: w.disposition_code,
              resolved: w.resolved === null ? null : w.resolved === 1,
              notes: w.notes ?? '',
              offerCode: w.offer_code,
              offerOutcome: w.offer_outcome as WrapUpFields['offerOutcome'],
              callbackAt: w.callback_at,
              tags: JSON.parse(w.tags ?? '[]') as string[],
            },
          },
  };
}

/** Invariants of one call row and what hangs off it, true after any crash. */
export function rowProblems(row: CallRow, holds: HoldRow[], events: EventRow[], w: WrapUpRow | undefined): string[] {
  const out: string[] = [];
  const chain: [string, number | null][] = [
    ['queued_at', row.queued_at],
    ['offered_at', row.offered_at],
    ['answered_at', row.answered_at],
    ['ended_at', row.ended_at],
    ['wrap_up_ended_at', row.wrap_up_ended_at],
  ];
  let before: [string, number] | null = null;
  for (const [name, value] of chain) {
    if (value === null) continue;
    if (before !== null && value < before[1]) out.push(`${name} ${value} is before ${before[0]} ${before[1]}`);
    before = [name, value];
  }
  if (row.offered_at === null) out.push('no offered_at');
  if ((row.direction === 'inbound') !== (row.queued_at !== null)) out.push(`queued_at ${row.queued_at} on a ${row.direction} call`);
  if (row.abandoned_at !== null && (row.answered_at !== null || row.abandoned_at !== row.ended_at)) out.push(`abandoned_at ${row.abandoned_at} with answered_at ${row.answered_at}, ended_at ${row.ended_at}`);
  if ((row.ended_at === null) !== (row.end_reason === null)) out.push(`ended_at ${row.ended_at} but end_reason ${row.end_reason}`);
  const ended = row.answered_at !== null && row.ended_at !== null;
  if (row.wrap_up_ended_at !== null && !ended) out.push('after-call work ended on a call that was not answered and ended');
  if ((row.wrap_up_deadline !== null) !== ended) out.push(`wrap_up_deadline ${row.wrap_up_deadline} on a call answered ${row.answered_at}, ended ${row.ended_at}`);

  // The timeline says the same as the row: one event per timestamp, at that time.
  const of = (type: string) => events.filter((e) => e.type === type);
  const once = (type: string, column: string, value: number | null): void => {
    const list = of(type);
    if (value === null ? list.length !== 0 : list.length !== 1 || list[0]?.at !== value) {
      out.push(`${column} ${value} but ${type} events ${JSON.stringify(list.map((e) => e.at))}`);
    }
  };
  once('offered', 'offered_at', row.offered_at);
  once('answered', 'answered_at', row.answered_at);
  once('ended', 'ended_at', row.ended_at);
  once('wrap-up-ended', 'wrap_up_ended_at', row.wrap_up_ended_at);
  const reports = events.filter((e) => e.client_event_id !== null);
  if (reports.some((e) => !REPORT_TYPES.has(e.type))) out.push(`unexpected reported event types ${reports.map((e) => e.type).join(',')}`);
  if (events.some((e) => e.client_event_id === null && REPORT_TYPES.has(e.type))) out.push('a reported event without its client event id');
  const lastReported = reports.reduce<number | null>((max, e) => (max === null || e.at > max ? e.at : max), null);
  if (row.last_event_at !== lastReported) out.push(`last_event_at ${row.last_event_at} but the last reported event is at ${lastReported}`);

  // Holds: one row per hold-started event, inside the talk time, all closed once the call ended.
  const started = of('hold-started').map((e) => e.at);
  if (JSON.stringify(holds.map((x) => x.started_at)) !== JSON.stringify(started)) out.push(`holds ${JSON.stringify(holds)} but hold-started events at ${JSON.stringify(started)}`);
  const open = holds.filter((x) => x.ended_at === null).length;
  if (open > 1 || (open === 1 && row.ended_at !== null)) out.push(`${open} hold(s) still open, call ended_at ${row.ended_at}`);
  const closedByEvent = of('hold-ended').length;
  const closed = holds.length - open;
  if (closed !== closedByEvent && !(closed === closedByEvent + 1 && row.ended_at !== null)) out.push(`${closed} holds closed but ${closedByEvent} hold-ended events`);
  for (const x of holds) {
    if (row.answered_at === null || x.started_at < row.answered_at) out.push(`hold from ${x.started_at} before the answer ${row.answered_at}`);
    if (x.ended_at !== null && (x.ended_at < x.started_at || (row.ended_at !== null && x.ended_at > row.ended_at))) out.push(`hold ${x.started_at}–${x.ended_at} outside the call`);
  }

  // The wrap-up row comes with the end of an answered call, and a submit is all or nothing.
  if ((w !== undefined) !== ended) out.push(`wrap-up row ${w === undefined ? 'missing' : 'present'} on a call answered ${row.answered_at}, ended ${row.ended_at}`);
  if (w !== undefined) {
    if ((w.closed_by === null) !== (row.wrap_up_ended_at === null)) out.push(`wrap-up closed_by ${w.closed_by} but wrap_up_ended_at ${row.wrap_up_ended_at}`);
    const submittedEvents = of('wrap-up-submitted');
    if (w.draft === 0) {
      if (w.submitted_at === null) out.push('submitted wrap-up without submitted_at');
      // A submit sent again (its first answer lost) is a correction: one event per submit, the last one is the row's.
      if (submittedEvents.length === 0 || submittedEvents[submittedEvents.length - 1]?.at !== w.submitted_at) out.push(`submitted at ${w.submitted_at} but wrap-up-submitted events ${JSON.stringify(submittedEvents.map((e) => e.at))}`);
      if (row.wrap_up_ended_at === null) out.push(`submitted at ${w.submitted_at} but after-call work never ended`);
    } else {
      if (w.submitted_at !== null || submittedEvents.length > 0) out.push(`draft with submitted_at ${w.submitted_at} and ${submittedEvents.length} wrap-up-submitted events`);
    }
  }
  return out;
}
