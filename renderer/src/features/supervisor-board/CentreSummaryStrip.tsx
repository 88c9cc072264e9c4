import { memo, type ReactNode } from 'react';
import type { BoardCell, CentreSummary } from '../../../../shared/contract/schemas/board';
import type { CellMetric } from '../board-model';
import { MetricCell } from './MetricCell';
import { StaffingFigure } from './StaffingFigure';

/** The centre's scored figures: label, metric, its cell, what it is called in full. */
function cells(c: CentreSummary): [string, CellMetric, BoardCell, string][] {
  return [
    ['Service level', 'service_level_pct', c.serviceLevel, 'Service level'],
    ['ASA', 'asa_s', c.asa, 'Average speed of answer'],
    ['Abandoned', 'abandon_pct', c.abandon, 'Abandoned calls'],
    ['AHT', 'aht_s', c.aht, 'AHT'],
    ['FRT', 'agent_frt_s', c.frt, 'First response time'],
    ['FCR', 'fcr_pct', c.fcr, 'First-contact resolution'],
  ];
}

/** The centre's plain counts: label, data name, value. */
function counts(c: CentreSummary): [string, string, number][] {
  return [
    ['Offered', 'offered', c.offered],
    ['Handled', 'handled', c.handled],
    ['Waiting', 'waiting', c.waiting],
  ];
}

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
        {cells(centre).map(([label, metric, cell, meaning]) => (
          <Figure key={metric} label={label}>
            <MetricCell metric={metric} cell={cell} title={`${meaning} today: whole centre`} />
          </Figure>
        ))}
        {counts(centre).map(([label, name, value]) => (
          <Figure key={name} label={label}>
            <span data-metric={name} data-value={value}>
              {value}
            </span>
          </Figure>
        ))}
        <Figure label="Needed / available">
          <StaffingFigure staffing={centre.staffing} />
        </Figure>
      </dl>
    </section>
  );
});
