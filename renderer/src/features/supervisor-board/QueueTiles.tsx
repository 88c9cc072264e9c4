import { useTranslation } from 'react-i18next';
import { memo } from 'react';
import type { QueueTile } from '../../../../shared/contract/schemas/board';
import { formatCount } from '../../ui/format';
import type { CellPlace } from './drill-context';
import { Elapsed } from './Elapsed';
import { MetricCell } from './MetricCell';
import { ServiceLevelGauge } from './ServiceLevelGauge';
import { StaffingNeeded } from './StaffingFigure';

export interface WaitLimits {
  warnS: number;
  criticalS: number;
}

/** The core's defaults (settings.board.longestWait…), until the settings are known. */
export const DEFAULT_WAIT_LIMITS: WaitLimits = { warnS: 60, criticalS: 120 };

const QueueCard = memo(function QueueCard({ tile, waitLimits }: { tile: QueueTile; waitLimits: WaitLimits }) {
  const { t } = useTranslation();
  const titleId = `queue-${tile.queueId}-title`;
  const place: CellPlace = { scope: 'queue', id: tile.queueId };
  const drill = (key: 'serviceLevel' | 'asa' | 'abandoned') => t('board.drillOf', { meaning: t(`board.meaning.${key}`), name: tile.name });
  return (
    <article className="queue-tile" aria-labelledby={titleId} data-queue-id={tile.queueId}>
      <h3 id={titleId} translate="no">
        {tile.name}
      </h3>
      <div className="queue-main">
        <div className="queue-waiting">
          <span className="big-number" data-metric="waiting" data-value={tile.waiting}>
            {tile.waiting}
          </span>
          <span className="muted">{t('board.waitingWord')}</span>
          <span className="queue-longest">
            <span className="muted">{t('board.longest')} </span>
            {tile.longestWaitSince === null ? (
              '—'
            ) : (
              <Elapsed since={tile.longestWaitSince} state="waiting" thresholds={{ waiting: waitLimits }} />
            )}
          </span>
        </div>
        <div className="queue-gauge">
          <ServiceLevelGauge cell={tile.serviceLevel} label={t('board.gaugeOf', { name: tile.name })} />
          <span className="gauge-value">
            <MetricCell metric="service_level_pct" cell={tile.serviceLevel} title={drill('serviceLevel')} place={place} />
          </span>
        </div>
      </div>
      <dl className="queue-facts">
        <div>
          <dt>{t('board.figure.asa')}</dt>
          <dd>
            <MetricCell metric="asa_s" cell={tile.asa} title={drill('asa')} place={place} />
          </dd>
        </div>
        <div>
          <dt>{t('board.figure.abandoned')}</dt>
          <dd>
            <MetricCell metric="abandon_pct" cell={tile.abandon} title={drill('abandoned')} place={place} />
          </dd>
        </div>
        <div>
          <dt>{t('board.figure.offered')}</dt>
          <dd data-metric="offered" data-value={tile.offered}>
            {formatCount(tile.offered)}
          </dd>
        </div>
        <div>
          <dt>{t('board.figure.handled')}</dt>
          <dd data-metric="handled" data-value={tile.handled}>
            {formatCount(tile.handled)}
          </dd>
        </div>
        <div>
          <dt>{t('board.figure.available')}</dt>
          <dd data-metric="agents-available" data-value={tile.agentsAvailable}>
            {tile.agentsAvailable}
          </dd>
        </div>
        <div>
          <dt>{t('board.figure.needed')}</dt>
          <dd>
            <StaffingNeeded staffing={tile.staffing} />
          </dd>
        </div>
      </dl>
    </article>
  );
});

/** One tile per queue: who is waiting and for how long, service level, ASA, abandons, staffing. */
export const QueueTiles = memo(function QueueTiles({ queues, waitLimits = DEFAULT_WAIT_LIMITS }: { queues: readonly QueueTile[]; waitLimits?: WaitLimits }) {
  return (
    <div className="queue-tiles">
      {queues.map((q) => (
        <QueueCard key={q.queueId} tile={q} waitLimits={waitLimits} />
      ))}
    </div>
  );
});
