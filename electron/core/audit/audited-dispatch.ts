import { methods, isMethodName } from '../../../shared/contract/methods';
import type { CallContext } from '../dispatch/call-context';
import type { Dispatch } from '../dispatch/dispatcher';
import type { AuditDetail, AuditLog } from './audit-log';

/** Who a connection acts as, for the audit trail. */
export function principalOf(ctx: CallContext): string | null {
  const { agent, wallboard, pbx } = ctx.session;
  if (agent !== null) return `${agent.role}:${agent.extension}`;
  if (pbx !== null) return `pbx:${pbx.credentialId}`;
  if (wallboard !== null) return `wallboard:${wallboard.tokenId}`;
  return null;
}

/** Supervisor-only reads: nothing changes, so nothing is recorded as a supervisor's action. */
const SUPERVISOR_READS: ReadonlySet<string> = new Set(['audit.list', 'board.trace', 'board.calls']);

/** The scalar top-level inputs of a call (which agent, which state, …); secret-looking keys are redacted by the log. */
function scalarParams(params: unknown): AuditDetail {
  const out: AuditDetail = {};
  if (typeof params !== 'object' || params === null) return out;
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  return out;
}

/**
 * Records what the audit trail keeps from the dispatcher's traffic: every supervisor action that
 * succeeded (method and its scalar inputs), every export (who took which calls out), and wallboard
 * sign-ins (success and failure).
 * Agent sign-in and its failures are recorded by the sign-in path itself.
 */
export function auditedDispatch(dispatch: Dispatch, audit: AuditLog): Dispatch {
  return async (method, params, ctx) => {
    const result = await dispatch(method, params, ctx);
    if (typeof method !== 'string' || !isMethodName(method)) return result;
    const address = ctx.address ?? null;
    if (method === 'wallboard.signIn') {
      await audit.record(
        result.ok
          ? { kind: 'wallboard.signIn', principal: principalOf(ctx), address }
          : { kind: 'wallboard.signInFailed', principal: null, address, detail: { code: result.error.code } },
      );
    } else if (method === 'pbx.signIn') {
      await audit.record(
        result.ok
          ? { kind: 'pbx.signIn', principal: principalOf(ctx), address }
          : { kind: 'pbx.signInFailed', principal: null, address, detail: { code: result.error.code } },
      );
    } else if (methods[method].access === 'pbx' && !result.ok && (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'FORBIDDEN')) {
      await audit.record({ kind: 'pbx.refused', principal: principalOf(ctx), address, detail: { method, code: result.error.code } });
    } else if ((method === 'reports.exportCalls' || method === 'reports.exportMetrics') && result.ok) {
      const { range, scope } = params as { range: { from: number; to: number }; scope: unknown };
      await audit.record({ kind: 'report.export', principal: principalOf(ctx), address, detail: { method, from: range.from, to: range.to, scope: JSON.stringify(scope) } });
    } else if (methods[method].access === 'supervisor' && result.ok && !SUPERVISOR_READS.has(method)) {
      await audit.record({ kind: 'supervisor.action', principal: principalOf(ctx), address, detail: { method, ...scalarParams(params) } });
    }
    return result;
  };
}
