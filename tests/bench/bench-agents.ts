import type { Core } from '../../electron/core/create-core';
import type { SqliteStore } from '../../electron/core/db/store';
import type { WrapUp } from '../../shared/contract/schemas/wrap-up';
import { signedInContext } from '../support/seeded-core';

/**
 * Agents an earlier benchmark left signed in (and available) on the shared benchmark file are not
 * registered at this run's PBX: the router would offer them calls nobody can ring. Sign them out.
 */
export async function signOutAgentsExcept(core: Core<SqliteStore>, keep: ReadonlySet<string>): Promise<void> {
  const rows = core.connection.raw.prepare("SELECT extension FROM agents WHERE active = 1 AND role <> 'supervisor'").all() as { extension: string }[];
  for (const { extension } of rows) {
    if (!keep.has(extension)) await core.dispatch('agent.setState', { state: 'offline' }, await signedInContext(core, extension));
  }
  await core.settled();
}

/**
 * Submits, as the agent would, the wrap-ups of the agent's answered calls still open on the bench
 * file (every call the `sip` bench answers ends in one nobody submits). The desk loads them at
 * sign-in and keeps the wrap-up form on screen, where it renders again on every ringing call: a page
 * that starts with them measures a different desk from session 3's (the session-9 quiet run's
 * shared file had 200–1,200 open for 1001). Returns how many were open.
 */
export async function submitOpenWrapUps(core: Core, extension: string): Promise<number> {
  const ctx = await signedInContext(core, extension);
  const open = await core.dispatch('wrapUp.pending', {}, ctx);
  if (!open.ok) throw new Error(open.error.message);
  const { wrapUps } = open.value as { wrapUps: WrapUp[] };
  for (const w of wrapUps) {
    const fields = { ...w.fields, dispositionCode: w.fields.dispositionCode ?? w.dispositions[0]?.code ?? null, resolved: w.fields.resolved ?? true };
    const done = await core.dispatch('wrapUp.submit', { callId: w.callId, fields }, ctx);
    if (!done.ok) throw new Error(`the wrap-up of call ${w.callId} was refused: ${done.error.message}`);
  }
  await core.settled();
  return wrapUps.length;
}
