import { stringify } from 'csv-stringify/sync';
import { sql, type Kysely } from 'kysely';
import type { MetricsReport } from '../../../shared/contract/schemas/metrics';
import type { TimeRange } from '../../../shared/domain/metrics/types';
import type { CallFacts, Database } from '../db/schema';

/** Exports are for spreadsheets: a range bigger than this is refused rather than truncated silently. */
export const MAX_EXPORT_ROWS = 200_000;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/**
 * A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP "CSV injection"):
 * one starting with = + - @ (or their full-width forms), tab, CR or LF, also after leading spaces.
 * Caller names and numbers, notes and queue names are attacker controlled.
 */
export function inertCell(value: string): string {
  // A number in E.164 (validated when stored) is data, not a formula: it stays as it is.
  if (/^\+[1-9][0-9]{1,14}$/.test(value)) return value;
  return /^[\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/.test(value) ? `'${value}` : value;
}

/** Every text cell of every export goes through inertCell; numbers stay numbers. */
const toCsv = (rows: unknown[][]): string => stringify(rows, { cast: { string: inertCell } });

interface CallExportRow extends CallFacts {
  queue: string | null;
  agent: string | null;
  customer_id: number | null;
  caller_display: string | null;
  hold_ms: number | null;
  disposition: string | null;
  resolved: number | null;
  notes: string | null;
}

/** Every call leg offered in the range, one row each, with its raw timestamps (ISO 8601, UTC) and outcome. */
export async function exportCallsCsv(db: Kysely<Database>, range: TimeRange, agentId: number | null): Promise<{ csv: string; rows: number }> {
  const rows = await sql<CallExportRow>`
    SELECT c.id, c.direction, q.name AS queue, a.name AS agent, c.customer_id, c.caller_e164, c.caller_withheld, c.caller_display,
           c.queued_at, c.offered_at, c.answered_at, c.ended_at, c.wrap_up_ended_at, c.abandoned_at, c.end_reason,
           (SELECT sum(coalesce(h.ended_at, c.ended_at) - h.started_at) FROM call_holds h WHERE h.call_id = c.id) AS hold_ms,
           d.code AS disposition, w.resolved, w.notes
      FROM calls c
      LEFT JOIN queues q ON q.id = c.queue_id
      LEFT JOIN agents a ON a.id = c.agent_id
      LEFT JOIN wrap_ups w ON w.call_id = c.id AND w.draft = 0
      LEFT JOIN dispositions d ON d.id = w.disposition_id
     WHERE c.offered_at >= ${range.from} AND c.offered_at < ${range.to}
       ${agentId === null ? sql`` : sql`AND c.agent_id = ${agentId}`}
     ORDER BY c.offered_at, c.id
     LIMIT ${MAX_EXPORT_ROWS + 1}`.execute(db);
  if (rows.rows.length > MAX_EXPORT_ROWS) throw new RangeError(`more than ${MAX_EXPORT_ROWS} calls in the range: export a shorter one`);
  const header = [
    'call_id', 'direction', 'queue', 'agent', 'customer_id', 'caller', 'caller_name', 'queued_at', 'offered_at', 'answered_at',
    'ended_at', 'wrap_up_ended_at', 'abandoned_at', 'end_reason', 'hold_s', 'disposition', 'resolved', 'notes',
  ];
  const body = rows.rows.map((r) => [
    r.id, r.direction, r.queue ?? '', r.agent ?? '', r.customer_id ?? '', r.caller_withheld === 1 ? 'withheld' : (r.caller_e164 ?? ''),
    r.caller_display ?? '', iso(r.queued_at), iso(r.offered_at), iso(r.answered_at), iso(r.ended_at), iso(r.wrap_up_ended_at),
    iso(r.abandoned_at), r.end_reason ?? '', r.hold_ms === null ? '' : (r.hold_ms / 1000).toFixed(3), r.disposition ?? '',
    r.resolved === null ? '' : r.resolved === 1 ? 'yes' : 'no', r.notes ?? '',
  ]);
  return { csv: toCsv([header, ...body]), rows: body.length };
}

/** One row per metric of a report: value, target, red/amber/green, and the formula behind it. */
export function metricsCsv(report: MetricsReport, scopeLabel: string): { csv: string; rows: number } {
  const header = ['scope', 'from', 'to', 'metric', 'value', 'numerator', 'denominator', 'target', 'rag', 'provisional', 'formula', 'calls'];
  const body = report.metrics.map((m) => [
    scopeLabel, iso(report.range.from), iso(report.range.to), m.metric, m.value ?? '', m.numerator, m.denominator,
    m.target?.target ?? '', m.rag, m.provisional === true ? 'yes' : '', m.formula, m.callIds.length,
  ]);
  return { csv: toCsv([header, ...body]), rows: body.length };
}
