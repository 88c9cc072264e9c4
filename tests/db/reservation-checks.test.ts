import { expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import { createReservations, type Reservations } from '../../electron/core/routing/reservations';
import { FIXTURE_ANCHOR, signedInContext } from '../support/seeded-core';
import { describeOnEachStore, testStores } from '../support/test-stores';

const stores = testStores();

/**
 * What a reservation checks before its compare-and-set (ADR 0026), read in one statement: a live
 * reservation, the agent's presence, and a call still on the desk since its session began.
 */
describeOnEachStore('a reservation is refused with the reason, and only then', (kind) => {
  /** Five agents signed in: 7201 free, 7202 on a break, 7203 with a wrap-up open, 7204 with a leg from an earlier session, 7205 with a missed leg. */
  async function desks(): Promise<{ reserve(ext: string, decisionId: string): Promise<string | null>; reservations: Reservations; ids: Map<string, number> }> {
    const clock = { now: FIXTURE_ANCHOR };
    const core: Core = await stores.seededCore(kind, { customers: 20, seed: 7 }, { now: () => clock.now });
    const reservations = createReservations(core.connection.db, core.log, () => clock.now);
    const ids = new Map<string, number>();
    for (const ext of ['7201', '7202', '7203', '7204', '7205']) {
      const ctx = await signedInContext(core, ext);
      expect((await core.dispatch('agent.setState', { state: 'available' }, ctx)).ok).toBe(true);
      ids.set(ext, ctx.session.agent?.id ?? 0);
      if (ext === '7202') expect((await core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, ctx)).ok).toBe(true);
    }
    const sessionFrom = async (ext: string) => Number((await core.connection.db.selectFrom('agent_desks').select('session_from').where('agent_id', '=', ids.get(ext) ?? 0).executeTakeFirstOrThrow()).session_from);
    const leg = async (ext: string, offeredAt: number, more: { answered_at?: number; ended_at?: number }) =>
      core.connection.db.insertInto('calls').values({ direction: 'inbound', agent_id: ids.get(ext) ?? 0, caller_withheld: 1, queued_at: offeredAt, offered_at: offeredAt, last_event_at: offeredAt, ...more }).execute();
    // 7203: a call answered and ended, its wrap-up still open, since the session began: still on the desk.
    await leg('7203', (await sessionFrom('7203')) + 1, { answered_at: clock.now, ended_at: clock.now });
    // 7204: a ringing leg from before this session began: not on this desk any more.
    await leg('7204', (await sessionFrom('7204')) - 1, {});
    // 7205: a leg that rang and was never answered, since the session began: over, not on the desk.
    await leg('7205', (await sessionFrom('7205')) + 1, { ended_at: clock.now });
    clock.now += 1_000;
    return {
      reservations,
      ids,
      reserve: (ext, decisionId) => reservations.reserve({ agentId: ids.get(ext) ?? 999_999, sipCallId: `call-${decisionId}`, decisionId, until: clock.now + 25_000 }),
    };
  }

  it('reserves a free agent once; a second decision finds them reserved until the first is released', async () => {
    const { reserve, reservations, ids } = await desks();
    expect(await reserve('7201', 'd-1')).toBeNull();
    expect(await reserve('7201', 'd-2')).toBe('reserved');
    expect(await reservations.release(ids.get('7201') ?? 0, 'd-1')).toBe(true);
    expect(await reserve('7201', 'd-3')).toBeNull();
  });

  it('refuses an agent on a break, one with a call still on the desk, and an agent with no desk; a leg from an earlier session or one that ended unanswered holds no one', async () => {
    const { reserve } = await desks();
    expect(await reserve('7202', 'd-4')).toBe('not-available');
    expect(await reserve('7203', 'd-5')).toBe('on-a-call');
    expect(await reserve('nobody', 'd-6')).toBe('no-desk');
    expect(await reserve('7204', 'd-7')).toBeNull();
    expect(await reserve('7205', 'd-8')).toBeNull();
  });
});
