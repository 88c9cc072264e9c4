import type { Kysely, Selectable } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/methods';
import type { AgentAccount } from '../../../shared/contract/schemas/agent-admin';
import type { Database } from '../db/schema';
import type { EventLog } from '../log/event-log';
import { hashPassword, newPassword } from './secrets';

type AgentRow = Selectable<Database['agents']>;

/** A JSON array column's strings / numbers (skills, languages; queue ids). */
export const strings = (json: string): string[] => (JSON.parse(json) as unknown[]).filter((v): v is string => typeof v === 'string');
export const ids = (json: string): number[] => (JSON.parse(json) as unknown[]).filter((v): v is number => typeof v === 'number');

export function toAccount(row: AgentRow): AgentAccount {
  return {
    id: row.id,
    name: row.name,
    extension: row.extension,
    role: row.role === 'supervisor' ? 'supervisor' : 'agent',
    active: row.active === 1,
    teamId: row.team_id,
    queueIds: ids(row.queue_ids),
    skills: strings(row.skills),
    languages: strings(row.languages),
    takesCalls: row.takes_calls === 1,
    demoCredential: row.demo_credential === 1 || row.password_hash === null,
  };
}

/** What changed that ends the agent's open sessions at once. */
export type SessionImpact = 'role-changed' | 'deactivated' | 'revoked' | null;

/**
 * Supervisors provision agents (ADR 0024): create with a generated password shown once, change
 * profile, role and active, reset the password. Nobody edits their own name by signing in.
 */
export function createAgentDirectory(db: Kysely<Database>, log: EventLog, now: () => number) {
  async function row(agentId: number): Promise<AgentRow> {
    const r = await db.selectFrom('agents').selectAll().where('id', '=', agentId).executeTakeFirst();
    if (r === undefined) throw new ContractFailure('NOT_FOUND', `no agent ${agentId}`);
    return r;
  }

  async function checkRefs(teamId: number | null | undefined, queueIds: readonly number[] | undefined): Promise<void> {
    if (teamId != null && (await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) === undefined) {
      throw new ContractFailure('NOT_FOUND', `no team ${teamId}`);
    }
    if (queueIds !== undefined && queueIds.length > 0) {
      const found = await db.selectFrom('queues').select('id').where('id', 'in', [...queueIds]).execute();
      const missing = queueIds.filter((q) => !found.some((f) => f.id === q));
      if (missing.length > 0) throw new ContractFailure('NOT_FOUND', `no queue ${missing.join(', ')}`);
    }
  }

  return {
    async list(): Promise<MethodOutput<'agents.list'>> {
      const [agents, teams, queues] = await Promise.all([
        db.selectFrom('agents').selectAll().orderBy('name').execute(),
        db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute(),
        db.selectFrom('queues').select(['id', 'name']).orderBy('name').execute(),
      ]);
      return { agents: agents.map(toAccount), teams, queues };
    },

    async create(input: ParsedInput<'agents.create'>): Promise<{ account: AgentAccount; password: string }> {
      await checkRefs(input.teamId, input.queueIds);
      if ((await db.selectFrom('agents').select('id').where('extension', '=', input.extension).executeTakeFirst()) !== undefined) {
        throw new ContractFailure('CONFLICT', `extension ${input.extension} is taken`);
      }
      const password = newPassword();
      const team = input.teamId === undefined ? await db.selectFrom('teams').select('id').orderBy('id').executeTakeFirst() : null;
      const passwordHash = await hashPassword(password);
      const at = now();
      const inserted = await log.transact(async (tx) => {
        const added = await tx
          .insertInto('agents')
          .values({
            name: input.name,
            extension: input.extension,
            role: input.role ?? 'agent',
            team_id: input.teamId ?? team?.id ?? null,
            created_at: at,
            password_hash: passwordHash,
            demo_credential: 0,
            takes_calls: input.takesCalls === false ? 0 : 1,
            skills: JSON.stringify(input.skills ?? []),
            languages: JSON.stringify(input.languages ?? []),
            queue_ids: JSON.stringify(input.queueIds ?? []),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await log.append(tx, { type: 'agents.changed', agentId: added.id, data: { change: 'created' } }, at);
        return added;
      });
      return { account: toAccount(await row(inserted.id)), password };
    },

    /** Returns the account and what the change means for the agent's open sessions. */
    async update(input: ParsedInput<'agents.update'>): Promise<{ account: AgentAccount; impact: SessionImpact }> {
      const before = await row(input.agentId);
      await checkRefs(input.teamId, input.queueIds);
      const values: Partial<Omit<AgentRow, 'id'>> = {};
      if (input.name !== undefined) values.name = input.name;
      if (input.role !== undefined) values.role = input.role;
      if (input.teamId !== undefined) values.team_id = input.teamId;
      if (input.queueIds !== undefined) values.queue_ids = JSON.stringify(input.queueIds);
      if (input.skills !== undefined) values.skills = JSON.stringify(input.skills);
      if (input.languages !== undefined) values.languages = JSON.stringify(input.languages);
      if (input.takesCalls !== undefined) values.takes_calls = input.takesCalls ? 1 : 0;
      if (input.active !== undefined) values.active = input.active ? 1 : 0;
      if (Object.keys(values).length > 0) {
        await log.transact(async (tx) => {
          await tx.updateTable('agents').set(values).where('id', '=', input.agentId).execute();
          await log.append(tx, { type: 'agents.changed', agentId: input.agentId, data: { change: 'updated' } }, now());
        });
      }
      const account = toAccount(await row(input.agentId));
      const impact: SessionImpact =
        input.active === false && before.active === 1 ? 'deactivated' : input.role !== undefined && input.role !== before.role ? 'role-changed' : null;
      return { account, impact };
    },

    async resetPassword(agentId: number): Promise<{ account: AgentAccount; password: string }> {
      await row(agentId);
      const password = newPassword();
      const passwordHash = await hashPassword(password);
      await log.transact(async (tx) => {
        await tx.updateTable('agents').set({ password_hash: passwordHash, demo_credential: 0 }).where('id', '=', agentId).execute();
        await log.append(tx, { type: 'agents.changed', agentId, data: { change: 'passwordReset' } }, now());
      });
      return { account: toAccount(await row(agentId)), password };
    },
  };
}

/** Active accounts that anyone could use on a shared host: no password (demo quick start) or the generated demo password. */
export async function demoCredentials(db: Kysely<Database>): Promise<{ extension: string; name: string }[]> {
  return db
    .selectFrom('agents')
    .select(['extension', 'name'])
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('demo_credential', '=', 1), eb('password_hash', 'is', null)]))
    .orderBy('extension')
    .execute();
}

export type AgentDirectory = ReturnType<typeof createAgentDirectory>;
