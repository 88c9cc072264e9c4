import { useEffect, useRef } from 'react';
import type { BoardState } from '../../../../shared/contract/schemas/board';
import { formatCell } from '../board-model';
import { QueueTiles } from '../supervisor-board';
import { useQueueCapacity } from './use-queue-capacity';

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

/**
 * The centre's headline numbers, then as many queue tiles as fit the screen: a TV cannot scroll,
 * so more queues than fit are shown page by page (`page` of the count reported by onPages).
 */
export function WallboardQueues({ board, page, onPages }: { board: BoardState; page: number; onPages: (pages: number) => void }) {
  const c = board.centre;
  const area = useRef<HTMLDivElement>(null);
  const capacity = useQueueCapacity(area);
  const pages = Math.max(1, Math.ceil(board.queues.length / capacity));
  useEffect(() => onPages(pages), [pages, onPages]);
  const shown = page % pages;
  const queues = board.queues.slice(shown * capacity, (shown + 1) * capacity);
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
      {pages > 1 && (
        <p className="wb-page" data-testid="wallboard-queue-page" data-page={shown + 1} data-pages={pages}>
          Queues {shown * capacity + 1}–{shown * capacity + queues.length} of {board.queues.length} · page {shown + 1} of {pages}
        </p>
      )}
      <div className="wb-queue-area" ref={area}>
        <QueueTiles queues={queues} waitLimits={board.thresholds.waiting} />
      </div>
    </section>
  );
}
