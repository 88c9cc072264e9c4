import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../ui/format';
import type { BoardCell } from '../../../../shared/contract/schemas/board';

const R = 40;
const CX = 50;
const CY = 48;

/** The point on the half circle at a fraction (0 = left end, 1 = right end) of the way round. */
function point(fraction: number, radius = R): { x: number; y: number } {
  const angle = Math.PI * (1 - fraction);
  return { x: CX + radius * Math.cos(angle), y: CY - radius * Math.sin(angle) };
}

function arc(fraction: number): string {
  const end = point(Math.min(Math.max(fraction, 0), 1));
  return `M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${end.x.toFixed(2)} ${end.y.toFixed(2)}`;
}

/** Service level as a half-circle gauge, coloured red/amber/green, with a tick at the target. */
export function ServiceLevelGauge({ cell, label }: { cell: BoardCell; label: string }) {
  const { t } = useTranslation();
  const value = cell.value;
  const target = cell.target;
  const tickIn = target === null ? null : point(target / 100, R - 9);
  const tickOut = target === null ? null : point(target / 100, R + 9);
  const shown = value === null ? t('board.noCallsYet') : formatPercent(value);
  const description = target === null ? t('board.gauge', { label, value: shown }) : t('board.gaugeTarget', { label, value: shown, target: formatPercent(target, 0) });
  return (
    <svg className={`gauge gauge-${cell.rag}`} viewBox="0 0 100 56" role="img" aria-label={description}>
      <path d={arc(1)} className="gauge-track" />
      {value !== null && value > 0 && <path d={arc(value / 100)} className="gauge-fill" />}
      {tickIn !== null && tickOut !== null && <line x1={tickIn.x} y1={tickIn.y} x2={tickOut.x} y2={tickOut.y} className="gauge-target" />}
    </svg>
  );
}
