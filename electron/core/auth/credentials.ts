import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent } from '../../../shared/contract/schemas/agent';
import type { Database } from '../db/schema';
import type { EventLog } from '../log/event-log';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './secrets';
import { throttleKeys, type SignInThrottle } from './sign-in-throttle';

/** The part of the security audit log sign-in uses (electron/core/audit). */
export interface AuditSink {
  record(event: { kind: string; principal: string | null; address: string | null; detail?: Record<string, string | number | boolean | null> }): Promise<void>;
}

export interface CredentialsDeps {
  db: Kysely<Database>;
  /** A demo agent made by the quick start is a directory change every instance hears of. */
  log: EventLog;
  throttle: SignInThrottle;
  audit: AuditSink;
  /** The loopback demo quick start: agents without a password may sign in, and new extensions become demo agents. */
  quickStart: () => boolean;
  now: () => number;
  /**
   * A refused (throttled) attempt is answered after min(lock left, this) ms of real time, so a
   * guessing connection (4 requests in flight at most, ADR 0022) gets at most ~4 refusals a second
   * instead of hundreds, and the event loop stays free for everyone else. Default 1,000.
   */
  refusalHoldMs?: number;
}

export interface SignInAttempt {
  extension: string;
  password?: string;
  name?: string;
  /** The peer's address (null in-process). */
  address: string | null;
}

/** One message for an unknown extension and a wrong password: a guesser learns nothing about which it was. */
const WRONG = 'wrong extension or password';

/**
 * Who may sign in (ADR 0024): an active agent with their password; in the demo quick start also an
 * agent with a demo credential and no password, or a new extension (a demo agent is created).
 * Names come from the directory, never from whoever signs in. Failures are throttled per extension
 * and address, per extension, and per address for extensions new to it (sign-in-throttle.ts), and recorded in the security audit log (never the secret).
 */
/** Reported lock windows kept at most this many (an attacker cycling extensions cannot grow it without bound). */
const MAX_REPORTED_LOCKS = 10_000;

export function createCredentials({ db, log, throttle, audit, quickStart, now, refusalHoldMs = 1_000 }: CredentialsDeps) {
  /** Per extension and address: until when its lock was audited, and refusals since then (one audit row per lock window, not one per guess). */
  const reported = new Map<string, { until: number; refused: number }>();

  async function auditThrottled(attempt: SignInAttempt, wait: number): Promise<void> {
    const key = `${attempt.extension.toLowerCase()}|${attempt.address ?? 'in-process'}`;
    const seen = reported.get(key);
    if (seen !== undefined && seen.until > now()) {
      seen.refused++;
      return;
    }
    if (reported.size >= MAX_REPORTED_LOCKS) for (const [k, v] of reported) if (v.until <= now()) reported.delete(k);
    reported.set(key, { until: now() + wait, refused: 0 });
    await audit.record({ kind: 'signIn.throttled', principal: attempt.extension, address: attempt.address, detail: { retryAfterMs: wait, refusedInLastLock: seen?.refused ?? 0 } });
  }

  async function fail(kind: string, attempt: SignInAttempt, reason: string, message = WRONG): Promise<never> {
    await audit.record({ kind, principal: attempt.extension, address: attempt.address, detail: { reason } });
    throw new ContractFailure('UNAUTHENTICATED', message);
  }

  async function createDemoAgent(extension: string, name: string, address: string | null): Promise<Agent> {
    const team = await db.selectFrom('teams').select('id').orderBy('id').executeTakeFirst();
    const at = now();
    const row = await log.transact(async (tx) => {
      const added = await tx
        .insertInto('agents')
        .values({ name, extension, role: 'agent', team_id: team?.id ?? null, created_at: at, password_hash: null, demo_credential: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await log.append(tx, { type: 'agents.changed', agentId: added.id, data: { change: 'created' } }, at);
      return added;
    });
    await audit.record({ kind: 'agent.created', principal: extension, address, detail: { by: 'demo quick start' } });
    return { id: row.id, name, extension, role: 'agent' };
  }

  return {
    /** The agent this attempt proves to be, and whether it got in by the demo quick start (no password). */
    async authenticate(attempt: SignInAttempt): Promise<{ agent: Agent; demo: boolean }> {
      const keys = throttleKeys(attempt.extension, attempt.address, throttle.isKnownPair(attempt.extension, attempt.address));
      const wait = throttle.begin(keys);
      if (wait !== null) {
        await auditThrottled(attempt, wait);
        const hold = Math.min(wait, refusalHoldMs);
        if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
        throw new ContractFailure('RATE_LIMITED', `too many failed sign-ins: try again in ${Math.ceil(wait / 1000)} s`, { retryAfterMs: wait });
      }
      let ok = false;
      try {
        const row = await db.selectFrom('agents').selectAll().where('extension', '=', attempt.extension).executeTakeFirst();
        if (row === undefined) {
          if (quickStart() && attempt.password === undefined) {
            ok = true;
            return { agent: await createDemoAgent(attempt.extension, attempt.name ?? `Agent ${attempt.extension}`, attempt.address), demo: true };
          }
          // Same cost as a real check, so timing does not tell which extensions exist.
          await verifyPassword(attempt.password ?? '', await decoyHash());
          return await fail('signIn.failed', attempt, 'unknown extension');
        }
        const agent: Agent = { id: row.id, name: row.name, extension: row.extension, role: row.role === 'supervisor' ? 'supervisor' : 'agent' };
        if (row.password_hash === null) {
          // A demo agent: only the loopback quick start lets them in, and only as agents.
          if (!quickStart() || row.demo_credential !== 1 || agent.role !== 'agent') {
            return await fail('signIn.failed', attempt, 'no password issued', 'this extension has no password yet: ask a supervisor to issue one');
          }
          if (row.active !== 1) return await fail('signIn.failed', attempt, 'deactivated', 'this account is deactivated');
          ok = true;
          return { agent, demo: true };
        }
        if (attempt.password === undefined) return await fail('signIn.failed', attempt, 'no password given', 'enter your password');
        if (!(await verifyPassword(attempt.password, row.password_hash))) return await fail('signIn.failed', attempt, 'wrong password');
        if (row.active !== 1) return await fail('signIn.failed', attempt, 'deactivated', 'this account is deactivated');
        ok = true;
        if (needsRehash(row.password_hash)) {
          await db.updateTable('agents').set({ password_hash: await hashPassword(attempt.password) }).where('id', '=', row.id).execute();
        }
        return { agent, demo: false };
      } finally {
        throttle.settle(keys, ok);
      }
    },
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
