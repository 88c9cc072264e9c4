import { memo, type ReactNode } from 'react';
import type { CentreSummary } from '../../../../shared/contract/schemas/board';
import { MetricCell } from './MetricCell';
import { StaffingFigure } from './StaffingFigure';

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="centre-figure">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The whole centre today in one line: service level, ASA, abandons, AHT, FRT, FCR, volumes, staffing. */
export const CentreSummaryStrip = memo(function CentreSummaryStrip({ centre }: { centre: CentreSummary }) {
  return (
    <section className="board-panel centre-panel" aria-labelledby="centre-title" data-testid="centre-summary">
      <h2 id="centre-title" className="sr-only">
        Centre today
      </h2>
      <dl className="centre-strip">
        <Figure label="Service level">
          <MetricCell metric="service_level_pct" cell={centre.serviceLevel} title="Service level today: whole centre" />
        </Figure>
        <Figure label="ASA">
          <MetricCell metric="asa_s" cell={centre.asa} title="Average speed of answer today: whole centre" />
        </Figure>
        <Figure label="Abandoned">
          <MetricCell metric="abandon_pct" cell={centre.abandon} title="Abandoned calls today: whole centre" />
        </Figure>
        <Figure label="AHT">
          <MetricCell metric="aht_s" cell={centre.aht} title="AHT today: whole centre" />
        </Figure>
        <Figure label="FRT">
          <MetricCell metric="agent_frt_s" cell={centre.frt} title="First response time today: whole centre" />
        </Figure>
        <Figure label="FCR">
          <MetricCell metric="fcr_pct" cell={centre.fcr} title="First-contact resolution today: whole centre" />
        </Figure>
        <Figure label="Offered">
          <span data-metric="offered" data-value={centre.offered}>
            {centre.offered}
          </span>
        </Figure>
        <Figure label="Handled">
          <span data-metric="handled" data-value={centre.handled}>
            {centre.handled}
          </span>
        </Figure>
        <Figure label="Waiting">
          <span data-metric="waiting" data-value={centre.waiting}>
            {centre.waiting}
          </span>
        </Figure>
        <Figure label="Needed / available">
          <StaffingFigure staffing={centre.staffing} />
        </Figure>
      </dl>
    </section>
  );
});
