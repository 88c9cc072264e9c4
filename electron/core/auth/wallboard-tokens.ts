import type { Kysely, Selectable } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './secrets';

type TokenRow = Selectable<Database['wallboard_tokens']>;

const info = (r: TokenRow) => ({ id: r.id, label: r.label, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

/** Read-only tokens for wallboard screens: created by a supervisor, stored hashed, checked on sign-in, listed, revoked, expiring. */
export function createWallboardTokens(db: Kysely<Database>, now: () => number) {
  return {
    async create(label: string, createdBy: number, expiresInDays?: number): Promise<{ token: string; label: string }> {
      const token = newToken();
      await db
        .insertInto('wallboard_tokens')
        .values({
          label,
          token_hash: tokenHash(token),
          created_by: createdBy,
          created_at: now(),
          revoked_at: null,
          expires_at: expiresInDays === undefined ? null : now() + expiresInDays * 86_400_000,
          last_used_at: null,
        })
        .execute();
      return { token, label };
    },
    async verify(token: string): Promise<{ tokenId: number; label: string }> {
      const row = await db
        .selectFrom('wallboard_tokens')
        .select(['id', 'label', 'expires_at'])
        .where('token_hash', '=', tokenHash(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined || (row.expires_at !== null && row.expires_at <= now())) throw new ContractFailure('UNAUTHENTICATED', 'unknown, expired or revoked wallboard token');
      await db.updateTable('wallboard_tokens').set({ last_used_at: now() }).where('id', '=', row.id).execute();
      return { tokenId: row.id, label: row.label };
    },
    async list() {
      return (await db.selectFrom('wallboard_tokens').selectAll().orderBy('id', 'desc').execute()).map(info);
    },
    async revoke(tokenId: number) {
      await db.updateTable('wallboard_tokens').set({ revoked_at: now() }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute();
      const row = await db.selectFrom('wallboard_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
      if (row === undefined) throw new ContractFailure('NOT_FOUND', `no wallboard token ${tokenId}`);
      return info(row);
    },
  };
}

export type WallboardTokens = ReturnType<typeof createWallboardTokens>;
