import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './secrets';

/** Read-only tokens for wallboard screens: created by a supervisor, stored hashed, checked on sign-in. */
export function createWallboardTokens(db: Kysely<Database>, now: () => number) {
  return {
    async create(label: string, createdBy: number): Promise<{ token: string; label: string }> {
      const token = newToken();
      await db.insertInto('wallboard_tokens').values({ label, token_hash: tokenHash(token), created_by: createdBy, created_at: now(), revoked_at: null }).execute();
      return { token, label };
    },
    async verify(token: string): Promise<{ tokenId: number; label: string }> {
      const row = await db
        .selectFrom('wallboard_tokens')
        .select(['id', 'label'])
        .where('token_hash', '=', tokenHash(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined) throw new ContractFailure('UNAUTHENTICATED', 'unknown or revoked wallboard token');
      return { tokenId: row.id, label: row.label };
    },
  };
}

export type WallboardTokens = ReturnType<typeof createWallboardTokens>;
