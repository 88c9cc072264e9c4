import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './secrets';

/**
 * Bearer tokens a supervisor issues to a machine — wallboard screens (ADR 0014) and PBX adapters
 * (ADR 0029): shown once, stored as SHA-256, checked on sign-in (stamping when last used), listed,
 * revoked; wallboard tokens may also expire. One store for both tables, which share these columns.
 */
const KINDS = {
  wallboard_tokens: { noun: 'wallboard token', expiring: true },
  pbx_credentials: { noun: 'PBX credential', expiring: false },
} as const;

export type IssuedTokenKind = keyof typeof KINDS;

export interface IssuedTokenInfo {
  id: number;
  label: string;
  createdAt: number;
  /** Null when it never does (always, for kinds that do not expire). */
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Both tables seen as one: the columns every kind has, and `expires_at`, which only expiring kinds read or write. */
type TokenTable = Database['wallboard_tokens'];

export function createIssuedTokens(database: Kysely<Database>, now: () => number, kind: IssuedTokenKind) {
  const db = database as unknown as Kysely<{ tokens: TokenTable }>;
  const table = kind as unknown as 'tokens';
  const { noun, expiring } = KINDS[kind];
  const columns = expiring
    ? (['id', 'label', 'created_at', 'last_used_at', 'revoked_at', 'expires_at'] as const)
    : (['id', 'label', 'created_at', 'last_used_at', 'revoked_at'] as const);
  const info = (r: { id: number; label: string; created_at: number; last_used_at: number | null; revoked_at: number | null; expires_at?: number | null }): IssuedTokenInfo => ({
    id: r.id,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at ?? null,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  });
  return {
    async create(label: string, createdBy: number | null, expiresInDays?: number): Promise<{ token: string; label: string }> {
      if (!expiring && expiresInDays !== undefined) throw new Error(`a ${noun} does not expire`);
      const token = newToken();
      await db
        .insertInto(table)
        .values({
          label,
          token_hash: tokenHash(token),
          created_by: createdBy,
          created_at: now(),
          revoked_at: null,
          last_used_at: null,
          ...(expiring ? { expires_at: expiresInDays === undefined ? null : now() + expiresInDays * 86_400_000 } : {}),
        })
        .execute();
      return { token, label };
    },
    /** The live token's id and label; UNAUTHENTICATED when unknown, revoked or expired. */
    async verify(token: string): Promise<{ id: number; label: string }> {
      const row = await db.selectFrom(table).select(columns).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).executeTakeFirst();
      const expiresAt = row !== undefined && 'expires_at' in row ? row.expires_at : null;
      if (row === undefined || (expiresAt !== null && expiresAt <= now())) {
        throw new ContractFailure('UNAUTHENTICATED', `${expiring ? 'unknown, expired' : 'unknown'} or revoked ${noun}`);
      }
      await db.updateTable(table).set({ last_used_at: now() }).where('id', '=', row.id).execute();
      return { id: row.id, label: row.label };
    },
    async list(): Promise<IssuedTokenInfo[]> {
      return (await db.selectFrom(table).select(columns).orderBy('id', 'desc').execute()).map(info);
    },
    /** `tx`: the caller's transaction (the revocation and its announcement commit together). */
    async revoke(id: number, inTransaction: Kysely<Database> = database): Promise<IssuedTokenInfo> {
      const tx = inTransaction as unknown as Kysely<{ tokens: TokenTable }>;
      await tx.updateTable(table).set({ revoked_at: now() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      const row = await tx.selectFrom(table).select(columns).where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new ContractFailure('NOT_FOUND', `no ${noun} ${id}`);
      return info(row);
    },
  };
}

export type IssuedTokens = ReturnType<typeof createIssuedTokens>;
