import type { Kysely } from 'kysely';
import { cleanText } from '../../../shared/domain/clean-text';
import type { AuditEntry, AuditQuery } from '../../../shared/contract/schemas/audit';
import type { Database } from '../db/schema';

/** A value stored in an entry's detail: scalars only, so nothing structured (a request body, a header set) can carry a secret in. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEvent {
  /** What happened, `area.event`: `signIn.failed`, `supervisor.action`, `connection.refused`, … */
  kind: string;
  /** Who: an extension, `wallboard:<id>`, or null when nobody is identified. */
  principal: string | null;
  /** Where from: the peer address of the connection, null in-process (Electron IPC, tests). */
  address: string | null;
  detail?: AuditDetail;
}

/** Detail keys whose values are never stored, whatever a caller passes. */
const SECRET_KEY = /pass|secret|token|hash|credential|authori[sz]ation|cookie|key$/i;
const MAX_TEXT = 200;
const MAX_KEYS = 16;

const short = (value: string): string => {
  const cleaned = cleanText(value);
  return cleaned.length <= MAX_TEXT ? cleaned : `${cleaned.slice(0, MAX_TEXT)}…`;
};

/** The detail as stored: secret-looking keys redacted, text cleaned and cut, at most 16 keys. */
export function safeDetail(detail: AuditDetail | undefined): AuditDetail {
  const out: AuditDetail = {};
  for (const [key, value] of Object.entries(detail ?? {}).slice(0, MAX_KEYS)) {
    const k = short(key);
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else out[k] = typeof value === 'string' ? short(value) : value;
  }
  return out;
}

/**
 * The security audit trail (ADR 0022): append-only rows in `security_audit`, read by supervisors
 * through `audit.list`. Recording never throws into the caller's path: a failed write is logged by
 * `onError` and the request carries on.
 */
export function createAuditLog(db: Kysely<Database>, now: () => number, onError: (error: unknown) => void = () => {}) {
  return {
    async record(event: AuditEvent): Promise<void> {
      try {
        await db
          .insertInto('security_audit')
          .values({
            at: now(),
            kind: short(event.kind).slice(0, 64),
            principal: event.principal === null ? null : short(event.principal).slice(0, 100),
            address: event.address === null ? null : short(event.address).slice(0, 64),
            detail: JSON.stringify(safeDetail(event.detail)),
          })
          .execute();
      } catch (error) {
        onError(error);
      }
    },
    /** Newest first; `before` (an entry id) pages back, `since` (epoch ms) bounds the time, `kind` filters by exact kind or `area.` prefix. */
    async list({ kind, since, before, limit }: AuditQuery): Promise<AuditEntry[]> {
      let query = db.selectFrom('security_audit').selectAll().orderBy('id', 'desc').limit(limit);
      if (kind !== undefined) query = kind.endsWith('.') ? query.where('kind', 'like', `${kind.replace(/[%_]/g, '')}%`) : query.where('kind', '=', kind);
      if (since !== undefined) query = query.where('at', '>=', since);
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query.execute();
      return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, principal: r.principal, address: r.address, detail: JSON.parse(r.detail) as AuditDetail }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
