import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardCell, CentreSummary } from '../../../../shared/contract/schemas/board';
import { formatCount } from '../../ui/format';
import type { CellMetric } from '../board-model';
import type { CellPlace } from './drill-context';
import { MetricCell } from './MetricCell';
import { StaffingFigure } from './StaffingFigure';

const CENTRE: CellPlace = { scope: 'centre' };

type Scored = 'serviceLevel' | 'asa' | 'abandoned' | 'aht' | 'frt' | 'fcr';

/** The centre's scored figures: catalogue key (board.figure.* and board.meaning.*), metric, its cell. */
function cells(c: CentreSummary): [Scored, CellMetric, BoardCell][] {
  return [
    ['serviceLevel', 'service_level_pct', c.serviceLevel],
    ['asa', 'asa_s', c.asa],
    ['abandoned', 'abandon_pct', c.abandon],
    ['aht', 'aht_s', c.aht],
    ['frt', 'agent_frt_s', c.frt],
    ['fcr', 'fcr_pct', c.fcr],
  ];
}

/** The centre's plain counts: catalogue key and data name, value. */
function counts(c: CentreSummary): ['offered' | 'handled' | 'waiting', number][] {
  return [
    ['offered', c.offered],
    ['handled', c.handled],
    ['waiting', c.waiting],
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
  const { t } = useTranslation();
  return (
    <section className="board-panel centre-panel" aria-labelledby="centre-title" data-testid="centre-summary">
      <h2 id="centre-title" className="sr-only">
        {t('wallboard.centreToday')}
      </h2>
      <dl className="centre-strip">
        {cells(centre).map(([key, metric, cell]) => (
          <Figure key={metric} label={t(`board.figure.${key}`)}>
            <MetricCell metric={metric} cell={cell} title={t('board.drillCentre', { meaning: t(`board.meaning.${key}`) })} place={CENTRE} />
          </Figure>
        ))}
        {counts(centre).map(([name, value]) => (
          <Figure key={name} label={t(`board.figure.${name}`)}>
            <span data-metric={name} data-value={value}>
              {formatCount(value)}
            </span>
          </Figure>
        ))}
        <Figure label={t('board.figure.neededAvailable')}>
          <StaffingFigure staffing={centre.staffing} />
        </Figure>
      </dl>
    </section>
  );
});
