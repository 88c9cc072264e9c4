import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsReport } from '../../../../shared/contract/schemas/metrics';

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** FRT mean and median per half hour today, against the target line. */
export function FrtTrend({ report, target }: { report: MetricsReport; target: number | null }) {
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
        <ResponsiveContainer width="100%" height={180}>
          <LineChart accessibilityLayer={false} data={points.map((p) => ({ ...p, label: time.format(p.start) }))} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#2a3a4a" strokeDasharray="3 3" />
            <XAxis dataKey="label" stroke="#9fb3c8" fontSize={11} minTickGap={24} />
            <YAxis stroke="#9fb3c8" fontSize={11} allowDecimals={false} />
            <Tooltip contentStyle={{ background: '#13202d', border: '1px solid #2a3a4a' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {target !== null && <ReferenceLine y={target} ifOverflow="extendDomain" stroke="#e0a030" strokeDasharray="6 3" label={{ value: `target ${target} s`, fill: '#e0a030', fontSize: 11, position: 'insideTopRight' }} />}
            <Line type="monotone" dataKey="frtMeanS" name="mean" stroke="#5fb3ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="frtMedianS" name="median" stroke="#7ee0a8" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
