import type { ReportCallEventInput } from '../../../shared/contract/schemas/calls';
import { believedReportTime } from '../../../shared/domain/report-time';
import type { AuditLog } from '../audit/audit-log';
import { principalOf } from '../audit/audited-dispatch';
import type { CallContext } from '../dispatch/call-context';
import type { CallRecorder, ReportOutcome } from './call-recorder';
import type { ConnectedSpells } from './connected-spells';

export interface DeskReportsDeps {
  recorder: Pick<CallRecorder, 'report'>;
  spells: Pick<ConnectedSpells, 'of'>;
  audit: Pick<AuditLog, 'record'>;
  now: () => number;
}

/**
 * `calls.report` from a desk: its time is believed as ADR 0057 says (a replay of what happened
 * while the desk was offline keeps its time; a late report for a time the desk was connected is
 * re-based), and every re-based report is applied all the same and audited with both times.
 */
export function createDeskReports({ recorder, spells, audit, now }: DeskReportsDeps) {
  return {
    async report(agentId: number, input: ReportCallEventInput, ctx: CallContext): Promise<ReportOutcome> {
      const believed = believedReportTime(input.at, now(), spells.of(agentId));
      const outcome = await recorder.report(agentId, believed.rebased === null ? input : { ...input, at: believed.at });
      if (believed.rebased !== null && outcome.applied) {
        await audit.record({
          kind: 'calls.reportRebased',
          principal: principalOf(ctx),
          address: ctx.address ?? null,
          detail: { call: outcome.callId, event: input.event.type, reportedAt: input.at, at: believed.at, reason: believed.rebased },
        });
      }
      return outcome;
    },
  };
}

export type DeskReports = ReturnType<typeof createDeskReports>;
