import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { openStore } from '../../electron/core/db/store';
import { signedInContext } from '../support/seeded-core';
import { describeOnEachStore, testStores } from '../support/test-stores';

const run = promisify(execFile);
const stores = testStores();

describeOnEachStore('reservations under racing routers (separate processes on one database)', (kind) => {
  let file: string;
  let agents: number[];

  beforeAll(async () => {
    const core = await stores.seededCore(kind, { customers: 50, seed: 3 });
    file = stores.location(kind);
    agents = [];
    for (const ext of ['7101', '7102', '7103']) {
      const ctx = await signedInContext(core, ext);
      await core.dispatch('agent.setState', { state: 'available' }, ctx);
      agents.push(ctx.session.agent?.id ?? 0);
    }
    await core.close();
  }, 60_000);

  /** Each agent's reservations and releases in log order: a reservation is only ever won while the agent holds none. */
  async function assertNeverTwo(): Promise<number> {
    const store = openStore(file);
    const rows = await store.db.selectFrom('events').select(['type', 'agent_id', 'data']).where('type', 'in', ['routing.decided', 'routing.reported']).orderBy('id').execute();
    await store.close();
    const holding = new Map<number, string>();
    for (const r of rows) {
      const decisionId = (JSON.parse(r.data) as { decisionId: string }).decisionId;
      const agentId = Number(r.agent_id);
      if (r.type === 'routing.decided') {
        expect(holding.get(agentId), `agent ${agentId} reserved twice`).toBeUndefined();
        holding.set(agentId, decisionId);
      } else {
        expect(holding.get(agentId)).toBe(decisionId);
        holding.delete(agentId);
      }
    }
    return rows.length;
  }

    it('never give one agent two reservations, whichever process races', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 3 }), async (seed, processes) => {
          const hammer = join(__dirname, '../support/reservation-hammer.ts');
          const outputs = await Promise.all(
            Array.from({ length: processes }, (_, i) => run(process.execPath, ['--import', 'tsx', hammer, file, String(seed + i), '40', agents.join(',')], { timeout: 60_000 })),
          );
          const won = outputs.map((o) => (JSON.parse(o.stdout.trim().split('\n').at(-1) ?? '{}') as { won: number }).won);
          expect(won.reduce((a, b) => a + b, 0), `won ${won.join(',')}; ${outputs.map((o) => o.stdout + o.stderr).join(' | ').slice(0, 500)}`).toBeGreaterThan(0);
          expect(await assertNeverTwo()).toBeGreaterThan(0);
          // Clear what is still held so the next run starts with every agent free.
          const store = openStore(file);
          await store.db.updateTable('agent_desks').set({ reserved_call: null, reserved_decision: null, reserved_until: null }).execute();
          await store.db.deleteFrom('events').where('type', 'in', ['routing.decided', 'routing.reported']).execute();
          await store.close();
        }),
        { numRuns: 2 },
      );
    }, 600_000);
});
