import { memo } from 'react';
import type { QueueTile } from '../../../../shared/contract/schemas/board';
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
  const titleId = `queue-${tile.queueId}-title`;
  return (
    <article className="queue-tile" aria-labelledby={titleId} data-queue-id={tile.queueId}>
      <h3 id={titleId}>{tile.name}</h3>
      <div className="queue-main">
        <div className="queue-waiting">
          <span className="big-number" data-metric="waiting" data-value={tile.waiting}>
            {tile.waiting}
          </span>
          <span className="muted">waiting</span>
          <span className="queue-longest">
            <span className="muted">longest </span>
            {tile.longestWaitSince === null ? (
              '—'
            ) : (
              <Elapsed since={tile.longestWaitSince} state="waiting" thresholds={{ waiting: waitLimits }} />
            )}
          </span>
        </div>
        <div className="queue-gauge">
          <ServiceLevelGauge cell={tile.serviceLevel} label={`${tile.name} service level`} />
          <span className="gauge-value">
            <MetricCell metric="service_level_pct" cell={tile.serviceLevel} title={`Service level today: ${tile.name}`} />
          </span>
        </div>
      </div>
      <dl className="queue-facts">
        <div>
          <dt>ASA</dt>
          <dd>
            <MetricCell metric="asa_s" cell={tile.asa} title={`Average speed of answer today: ${tile.name}`} />
          </dd>
        </div>
        <div>
          <dt>Abandoned</dt>
          <dd>
            <MetricCell metric="abandon_pct" cell={tile.abandon} title={`Abandoned calls today: ${tile.name}`} />
          </dd>
        </div>
        <div>
          <dt>Offered</dt>
          <dd data-metric="offered" data-value={tile.offered}>
            {tile.offered}
          </dd>
        </div>
        <div>
          <dt>Handled</dt>
          <dd data-metric="handled" data-value={tile.handled}>
            {tile.handled}
          </dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd data-metric="agents-available" data-value={tile.agentsAvailable}>
            {tile.agentsAvailable}
          </dd>
        </div>
        <div>
          <dt>Needed</dt>
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
