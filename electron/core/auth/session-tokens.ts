import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './secrets';

export interface SessionRecord {
  sessionId: number;
  agentId: number;
}

/**
 * Server-issued session tokens (ADR 0024): 32 random bytes given to the desk once, stored as
 * SHA-256. A token resumes its session after a reload or a reconnect until it is revoked (sign-out,
 * sign out everywhere, take-over, demotion, deactivation) or idle for longer than the expiry.
 */
/** At most one write a minute per session (`before`: a minute ago). */
const touchSession = compiledOnce((db, p: { sessionId: number; at: number; before: number }) =>
  db.updateTable('agent_sessions').set({ last_seen_at: p.at }).where('id', '=', p.sessionId).where('last_seen_at', '<', p.before),
);

export function createSessionTokens(db: Kysely<Database>, now: () => number, idleExpiryMs: () => number) {
  return {
    async issue(agentId: number, address: string | null): Promise<{ token: string; sessionId: number }> {
      const token = newToken();
      const row = await db
        .insertInto('agent_sessions')
        .values({ agent_id: agentId, token_hash: tokenHash(token), created_at: now(), last_seen_at: now(), address, revoked_at: null, revoked_reason: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { token, sessionId: row.id };
    },
    /** The live session this token belongs to, refreshed; UNAUTHENTICATED when unknown, revoked or expired. */
    async resume(token: string): Promise<SessionRecord> {
      const row = await db
        .selectFrom('agent_sessions')
        .select(['id', 'agent_id', 'last_seen_at', 'revoked_at'])
        .where('token_hash', '=', tokenHash(token))
        .executeTakeFirst();
      if (row === undefined || row.revoked_at !== null) throw new ContractFailure('UNAUTHENTICATED', 'this session has ended: sign in again');
      if (now() - row.last_seen_at > idleExpiryMs()) {
        await this.revoke(row.id, 'expired');
        throw new ContractFailure('UNAUTHENTICATED', 'this session expired: sign in again');
      }
      await db.updateTable('agent_sessions').set({ last_seen_at: now() }).where('id', '=', row.id).execute();
      return { sessionId: row.id, agentId: row.agent_id };
    },
    /** A request on a live session keeps it from idling out (written at most once a minute). */
    async touch(sessionId: number): Promise<void> {
      const at = now();
      await touchSession.affected(db, { sessionId, at, before: at - 60_000 });
    },
    /** Whether the session was live (and is revoked now). `tx`: the caller's transaction. */
    async revoke(sessionId: number, reason: string, tx: Kysely<Database> = db): Promise<boolean> {
      const r = await tx.updateTable('agent_sessions').set({ revoked_at: now(), revoked_reason: reason }).where('id', '=', sessionId).where('revoked_at', 'is', null).executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
    /** Every live session of this agent, but `except`; returns the ids revoked. */
    async revokeAgent(agentId: number, reason: string, except?: number, tx: Kysely<Database> = db): Promise<number[]> {
      let q = tx.selectFrom('agent_sessions').select('id').where('agent_id', '=', agentId).where('revoked_at', 'is', null);
      if (except !== undefined) q = q.where('id', '!=', except);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length > 0) await tx.updateTable('agent_sessions').set({ revoked_at: now(), revoked_reason: reason }).where('id', 'in', ids).execute();
      return ids;
    },
  };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
