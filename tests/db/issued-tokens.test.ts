import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuedTokens } from '../../electron/core/auth/issued-tokens';
import { FIXTURE_ANCHOR, seededCore, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
let clock = FIXTURE_ANCHOR;
const now = () => clock;
const failure = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);

describe('tokens issued to machines (wallboards, PBX adapters): one store on a real SQLite file', () => {
  beforeAll(async () => {
    fx = await seededCore(20);
  });
  afterAll(() => fx.cleanup());

  it('stores only the hash, verifies the token, stamps its use, lists it and revokes it, for both kinds', async () => {
    for (const kind of ['wallboard_tokens', 'pbx_credentials'] as const) {
      const store = createIssuedTokens(fx.core.connection.db, now, kind);
      const { token, label } = await store.create(`${kind} one`, null);
      expect(label).toBe(`${kind} one`);
      const rows = await fx.core.connection.db.selectFrom(kind).select('token_hash').execute();
      expect(JSON.stringify(rows)).not.toContain(token);
      clock += 1_000;
      const verified = await store.verify(token);
      expect(verified.label).toBe(`${kind} one`);
      const listed = (await store.list()).find((t) => t.id === verified.id);
      expect(listed).toEqual({ id: verified.id, label: `${kind} one`, createdAt: clock - 1_000, expiresAt: null, lastUsedAt: clock, revokedAt: null });
      const revoked = await store.revoke(verified.id);
      expect(revoked.revokedAt).toBe(clock);
      expect(await failure(store.verify(token))).toMatch(/^UNAUTHENTICATED: unknown.* or revoked (wallboard token|PBX credential)$/);
      // Revoking again keeps the first revocation's time; an unknown id is NOT_FOUND.
      clock += 1_000;
      expect((await store.revoke(verified.id)).revokedAt).toBe(clock - 1_000);
      expect(await failure(store.revoke(999_999))).toMatch(/^NOT_FOUND: no (wallboard token|PBX credential) 999999$/);
    }
  });

  it('lets a wallboard token expire, and refuses an expiry for a PBX credential', async () => {
    const wallboards = createIssuedTokens(fx.core.connection.db, now, 'wallboard_tokens');
    const { token } = await wallboards.create('lobby TV', null, 1);
    expect((await wallboards.verify(token)).label).toBe('lobby TV');
    clock += 86_400_000;
    expect(await failure(wallboards.verify(token))).toBe('UNAUTHENTICATED: unknown, expired or revoked wallboard token');
    expect((await wallboards.list())[0]?.expiresAt).toBe(clock);
    const pbx = createIssuedTokens(fx.core.connection.db, now, 'pbx_credentials');
    await expect(pbx.create('kamailio', null, 1)).rejects.toThrow('a PBX credential does not expire');
  });

  it('refuses a token of the other kind', async () => {
    const wallboards = createIssuedTokens(fx.core.connection.db, now, 'wallboard_tokens');
    const pbx = createIssuedTokens(fx.core.connection.db, now, 'pbx_credentials');
    const { token } = await pbx.create('kamailio', null);
    expect(await failure(wallboards.verify(token))).toMatch(/^UNAUTHENTICATED/);
    expect((await pbx.verify(token)).label).toBe('kamailio');
  });
});
