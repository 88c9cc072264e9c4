import { memo } from 'react';
import type { MetricsReport } from '../../../../shared/contract/schemas/metrics';
import { FrtChart } from '../../ui/FrtChart';

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** FRT mean and median per half hour today, against the target line; redrawn only for a new report. */
export const FrtTrend = memo(function FrtTrend({ report, target }: { report: MetricsReport; target: number | null }) {
  const points = report.trend.filter((p) => p.start <= report.computedAt);
  const answered = points.filter((p) => p.frtMeanS !== null);
  const summary =
    answered.length === 0
      ? 'No answered calls yet today.'
      : `First response time today across ${answered.length} half-hours with calls; latest mean ${answered.at(-1)?.frtMeanS?.toFixed(1)} s${target === null ? '' : `, target ${target} s`}.`;
  return (
    <figure className="trend" aria-label="First response time trend">
      <figcaption>
        FRT today <span className="muted">(mean and median, seconds, per 30 min)</span>
      </figcaption>
      <p className="sr-only">{summary}</p>
      <div className="chart" aria-hidden="true">
        <FrtChart data={points.map((p) => ({ ...p, label: time.format(p.start) }))} targetS={target} height={180} font={11} />
      </div>
    </figure>
  );
});
