import type { BoardState } from '../../../../shared/contract/schemas/board';
import { formatCell } from '../board-model';
import { QueueTiles } from '../supervisor-board';

function Big({ label, value, rag = 'none', metric }: { label: string; value: string; rag?: string; metric: string }) {
  return (
    <div className={`wb-big rag-border-${rag}`}>
      <dt>{label}</dt>
      <dd className={`rag-text-${rag}`} data-metric={metric}>
        {value}
      </dd>
    </div>
  );
}

/** The centre's headline numbers, then a tile per queue. */
export function WallboardQueues({ board }: { board: BoardState }) {
  const c = board.centre;
  return (
    <section className="wb-queues" aria-labelledby="wb-centre-title">
      <h2 id="wb-centre-title" className="wb-section-title">
        Centre today
      </h2>
      <dl className="wb-centre">
        <Big label="Service level" value={formatCell('service_level_pct', c.serviceLevel)} rag={c.serviceLevel.rag} metric="service_level_pct" />
        <Big label="Waiting" value={String(c.waiting)} rag={c.waiting > 0 ? 'amber' : 'none'} metric="waiting" />
        <Big label="ASA" value={formatCell('asa_s', c.asa)} rag={c.asa.rag} metric="asa_s" />
        <Big label="Abandoned" value={formatCell('abandon_pct', c.abandon)} rag={c.abandon.rag} metric="abandon_pct" />
        <Big label="Offered" value={String(c.offered)} metric="offered" />
        <Big label="Handled" value={String(c.handled)} metric="handled" />
        <Big label="AHT" value={formatCell('aht_s', c.aht)} rag={c.aht.rag} metric="aht_s" />
        <Big label="FCR" value={formatCell('fcr_pct', c.fcr)} rag={c.fcr.rag} metric="fcr_pct" />
      </dl>
      <QueueTiles queues={board.queues} waitLimits={board.thresholds.waiting} />
    </section>
  );
}
