import { useTranslation } from 'react-i18next';
import { formatCount } from './format';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export const CHART_GRID = '#2a3a4a';
export const CHART_AXIS = '#9fb3c8';
export const CHART_TARGET = '#e0a030';
export const chartTooltipStyle = { background: '#13202d', border: `1px solid ${CHART_GRID}` };

/** Axis room for tick labels of this size (recharts' defaults, 30 × 60 px, suit only small type). */
export function axisHeight(font: number): number {
  return Math.max(30, Math.round(font * 1.9));
}
export function axisWidth(font: number): number {
  return Math.max(60, Math.round(font * 3.4));
}

export interface FrtPoint {
  label: string;
  frtMeanS: number | null;
  frtMedianS: number | null;
}

/** FRT mean and median per interval against the target line: the agent's panel and the board draw the same chart. */
export function FrtChart({ data, targetS, height, font }: { data: readonly FrtPoint[]; targetS: number | null; height: number; font: number }) {
  const { t } = useTranslation();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart accessibilityLayer={false} data={[...data]} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
        <CartesianGrid stroke={CHART_GRID} strokeDasharray="3 3" />
        <XAxis dataKey="label" stroke={CHART_AXIS} fontSize={font} minTickGap={24} height={axisHeight(font)} />
        <YAxis stroke={CHART_AXIS} fontSize={font} allowDecimals={false} width={axisWidth(font)} />
        <Tooltip contentStyle={chartTooltipStyle} />
        <Legend wrapperStyle={{ fontSize: font }} />
        {targetS !== null && (
          <ReferenceLine y={targetS} ifOverflow="extendDomain" stroke={CHART_TARGET} strokeDasharray="6 3" label={{ value: t('trends.targetLine', { value: `${formatCount(targetS)} s` }), fill: CHART_TARGET, fontSize: font, position: 'insideTopRight' }} />
        )}
        <Line type="monotone" dataKey="frtMeanS" name={t('trends.mean')} stroke="#5fb3ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        <Line type="monotone" dataKey="frtMedianS" name={t('trends.median')} stroke="#7ee0a8" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
