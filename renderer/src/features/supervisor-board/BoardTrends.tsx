import { useTranslation } from 'react-i18next';
import { useSyncExternalStore } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BoardState } from '../../../../shared/contract/schemas/board';
import { i18nNow } from '../../i18n';
import { formatCount, formatDecimal, formatPercent, formatTime } from '../../ui/format';
import { axisHeight, axisWidth, CHART_AXIS, CHART_GRID, CHART_TARGET, chartTooltipStyle, FrtChart } from '../../ui/FrtChart';

type Trend = BoardState['trend'];

function summary(trend: Trend): { frt: string; sl: string; volume: string } {
  const t = i18nNow().t;
  const frt = trend.points.filter((p) => p.frtMeanS !== null).at(-1)?.frtMeanS;
  const sl = trend.points.filter((p) => p.serviceLevelPct !== null).at(-1)?.serviceLevelPct;
  const offered = trend.points.reduce((n, p) => n + p.offered, 0);
  const handled = trend.points.reduce((n, p) => n + p.handled, 0);
  return {
    frt:
      frt === undefined || frt === null
        ? t('trends.frtNone')
        : trend.frtTargetS === null
          ? t('trends.frtLatest', { value: formatDecimal(frt) })
          : t('trends.frtLatestTarget', { value: formatDecimal(frt), target: formatCount(trend.frtTargetS) }),
    sl:
      sl === undefined || sl === null
        ? t('trends.slNone')
        : trend.serviceLevelTargetPct === null
          ? t('trends.slLatest', { value: formatPercent(sl) })
          : t('trends.slLatestTarget', { value: formatPercent(sl), target: formatPercent(trend.serviceLevelTargetPct, 0) }),
    volume: t('trends.volume', { offered: formatCount(offered), handled: formatCount(handled) }),
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
  const data = shownPoints(trend).map((p) => ({ ...p, label: formatTime(p.start) }));
  const { t } = useTranslation();
  const rootPx = useRootFontPx();
  // On the wallboard the charts scale with the screen (its root font size follows the viewport).
  const height = large ? Math.round(rootPx * 21) : 170;
  const font = large ? Math.round(rootPx * 1.15) : 11;
  const said = summary(trend);
  const every = t('trends.every', { minutes: trend.bucketMinutes });
  return (
    <div className={large ? 'board-trends board-trends-large' : 'board-trends'}>
      <figure className="trend" aria-label={t('trends.frtFigure')}>
        <figcaption>
          {t('trends.frtCaption')} <span className="muted">{t('trends.frtUnit', { every })}</span>
        </figcaption>
        <p className="sr-only">{said.frt}</p>
        <div className="chart" aria-hidden="true">
          <FrtChart data={data} targetS={trend.frtTargetS} height={height} font={font} />
        </div>
      </figure>
      <figure className="trend" aria-label={t('trends.slFigure')}>
        <figcaption>
          {t('trends.slCaption')} <span className="muted">{t('trends.slUnit', { every })}</span>
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
                <ReferenceLine y={trend.serviceLevelTargetPct} stroke={CHART_TARGET} strokeDasharray="6 3" label={{ value: t('trends.targetLine', { value: formatPercent(trend.serviceLevelTargetPct, 0) }), fill: CHART_TARGET, fontSize: font, position: 'insideBottomRight' }} />
              )}
              <Line type="monotone" dataKey="serviceLevelPct" name={t('trends.serviceLevel')} stroke="#5fb3ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="trend" aria-label={t('trends.callsFigure')}>
        <figcaption>
          {t('trends.callsCaption')} <span className="muted">{t('trends.callsUnit', { every })}</span>
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
              <Bar dataKey="offered" name={t('trends.offered')} fill="#5fb3ff" isAnimationActive={false} />
              <Bar dataKey="handled" name={t('trends.handled')} fill="#7ee0a8" isAnimationActive={false} />
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
