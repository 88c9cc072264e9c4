import { useSyncExternalStore } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BoardState } from '../../../../shared/contract/schemas/board';
import { axisHeight, axisWidth, CHART_AXIS, CHART_GRID, CHART_TARGET, chartTooltipStyle, FrtChart } from '../../ui/FrtChart';

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

type Trend = BoardState['trend'];

function summary(trend: Trend): { frt: string; sl: string; volume: string } {
  const withFrt = trend.points.filter((p) => p.frtMeanS !== null);
  const withSl = trend.points.filter((p) => p.serviceLevelPct !== null);
  const offered = trend.points.reduce((n, p) => n + p.offered, 0);
  const handled = trend.points.reduce((n, p) => n + p.handled, 0);
  return {
    frt: withFrt.length === 0 ? 'No answered calls yet today.' : `Latest mean ${withFrt.at(-1)?.frtMeanS?.toFixed(1)} s${trend.frtTargetS === null ? '' : `, target ${trend.frtTargetS} s`}.`,
    sl: withSl.length === 0 ? 'No calls yet today.' : `Latest ${withSl.at(-1)?.serviceLevelPct?.toFixed(1)}%${trend.serviceLevelTargetPct === null ? '' : `, target ${trend.serviceLevelTargetPct}%`}.`,
    volume: `${offered} offered and ${handled} handled today.`,
  };
}

/** Intervals worth drawing: from shortly before the first call of the day (the night before it is empty). */
function shownPoints(trend: Trend): Trend['points'] {
  const first = trend.points.findIndex((p) => p.offered > 0);
  const from = first === -1 ? trend.points.length - 8 : Math.min(first - 1, trend.points.length - 8);
  return trend.points.slice(Math.max(from, 0));
}

/**
 * Today per interval: FRT mean and median, service level (each against its target line), and
 * calls offered against handled. Loaded lazily: recharts stays out of the first paint.
 */
export function BoardTrends({ trend, large = false }: { trend: Trend; large?: boolean }) {
  const data = shownPoints(trend).map((p) => ({ ...p, label: time.format(p.start) }));
  const rootPx = useRootFontPx();
  // On the wallboard the charts scale with the screen (its root font size follows the viewport).
  const height = large ? Math.round(rootPx * 21) : 170;
  const font = large ? Math.round(rootPx * 1.15) : 11;
  const said = summary(trend);
  const every = `per ${trend.bucketMinutes} min`;
  return (
    <div className={large ? 'board-trends board-trends-large' : 'board-trends'}>
      <figure className="trend" aria-label="First response time per interval">
        <figcaption>
          FRT <span className="muted">(mean and median, s, {every})</span>
        </figcaption>
        <p className="sr-only">{said.frt}</p>
        <div className="chart" aria-hidden="true">
          <FrtChart data={data} targetS={trend.frtTargetS} height={height} font={font} />
        </div>
      </figure>
      <figure className="trend" aria-label="Service level per interval">
        <figcaption>
          Service level <span className="muted">(%, {every})</span>
        </figcaption>
        <p className="sr-only">{said.sl}</p>
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={height}>
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
              <CartesianGrid stroke={CHART_GRID} strokeDasharray="3 3" />
              <XAxis dataKey="label" stroke={CHART_AXIS} fontSize={font} minTickGap={24} height={axisHeight(font)} />
              <YAxis stroke={CHART_AXIS} fontSize={font} domain={[0, 100]} width={axisWidth(font)} />
              <Tooltip contentStyle={chartTooltipStyle} />
              {trend.serviceLevelTargetPct !== null && (
                <ReferenceLine y={trend.serviceLevelTargetPct} stroke={CHART_TARGET} strokeDasharray="6 3" label={{ value: `target ${trend.serviceLevelTargetPct}%`, fill: CHART_TARGET, fontSize: font, position: 'insideBottomRight' }} />
              )}
              <Line type="monotone" dataKey="serviceLevelPct" name="service level" stroke="#5fb3ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="trend" aria-label="Calls offered and handled per interval">
        <figcaption>
          Calls <span className="muted">(offered and handled, {every})</span>
        </figcaption>
        <p className="sr-only">{said.volume}</p>
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={height}>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
              <CartesianGrid stroke={CHART_GRID} strokeDasharray="3 3" />
              <XAxis dataKey="label" stroke={CHART_AXIS} fontSize={font} minTickGap={24} height={axisHeight(font)} />
              <YAxis stroke={CHART_AXIS} fontSize={font} allowDecimals={false} width={axisWidth(font)} />
              <Tooltip contentStyle={chartTooltipStyle} cursor={{ fill: 'rgba(255,255,255,0.05)' }} />
              <Legend wrapperStyle={{ fontSize: font }} />
              <Bar dataKey="offered" name="offered" fill="#5fb3ff" isAnimationActive={false} />
              <Bar dataKey="handled" name="handled" fill="#7ee0a8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}

function subscribeResize(listener: () => void): () => void {
  window.addEventListener('resize', listener);
  return () => window.removeEventListener('resize', listener);
}

/** The root element's font size in px, kept current as the window changes. */
function useRootFontPx(): number {
  return useSyncExternalStore(subscribeResize, () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
}
