import type { Kysely, Selectable } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './secrets';

type Row = Selectable<Database['pbx_credentials']>;

const info = (r: Row) => ({ id: r.id, label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

/** Credentials of the PBX machine principal (ADR 0029): created by a supervisor (or the CLI), stored hashed, revocable. */
export function createPbxCredentials(db: Kysely<Database>, now: () => number) {
  return {
    async create(label: string, createdBy: number | null): Promise<{ token: string; label: string }> {
      const token = newToken();
      await db
        .insertInto('pbx_credentials')
        .values({ label, token_hash: tokenHash(token), created_by: createdBy, created_at: now(), revoked_at: null, last_used_at: null })
        .execute();
      return { token, label };
    },
    async verify(token: string): Promise<{ credentialId: number; label: string }> {
      const row = await db.selectFrom('pbx_credentials').select(['id', 'label']).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).executeTakeFirst();
      if (row === undefined) throw new ContractFailure('UNAUTHENTICATED', 'unknown or revoked PBX credential');
      await db.updateTable('pbx_credentials').set({ last_used_at: now() }).where('id', '=', row.id).execute();
      return { credentialId: row.id, label: row.label };
    },
    async list() {
      return (await db.selectFrom('pbx_credentials').selectAll().orderBy('id', 'desc').execute()).map(info);
    },
    async revoke(credentialId: number) {
      await db.updateTable('pbx_credentials').set({ revoked_at: now() }).where('id', '=', credentialId).where('revoked_at', 'is', null).execute();
      const row = await db.selectFrom('pbx_credentials').selectAll().where('id', '=', credentialId).executeTakeFirst();
      if (row === undefined) throw new ContractFailure('NOT_FOUND', `no PBX credential ${credentialId}`);
      return info(row);
    },
  };
}

export type PbxCredentials = ReturnType<typeof createPbxCredentials>;
