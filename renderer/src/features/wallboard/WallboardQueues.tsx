import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
        {t('wallboard.centreToday')}
      </h2>
      <dl className="wb-centre">
        <Big label={t('wallboard.metric.serviceLevel')} value={formatCell('service_level_pct', c.serviceLevel)} rag={c.serviceLevel.rag} metric="service_level_pct" />
        <Big label={t('wallboard.metric.waiting')} value={String(c.waiting)} rag={c.waiting > 0 ? 'amber' : 'none'} metric="waiting" />
        <Big label={t('wallboard.metric.asa')} value={formatCell('asa_s', c.asa)} rag={c.asa.rag} metric="asa_s" />
        <Big label={t('wallboard.metric.abandoned')} value={formatCell('abandon_pct', c.abandon)} rag={c.abandon.rag} metric="abandon_pct" />
        <Big label={t('wallboard.metric.offered')} value={String(c.offered)} metric="offered" />
        <Big label={t('wallboard.metric.handled')} value={String(c.handled)} metric="handled" />
        <Big label={t('wallboard.metric.aht')} value={formatCell('aht_s', c.aht)} rag={c.aht.rag} metric="aht_s" />
        <Big label={t('wallboard.metric.fcr')} value={formatCell('fcr_pct', c.fcr)} rag={c.fcr.rag} metric="fcr_pct" />
      </dl>
      {pages > 1 && (
        <p className="wb-page" data-testid="wallboard-queue-page" data-page={shown + 1} data-pages={pages}>
          {t('wallboard.queuePage', { first: shown * capacity + 1, last: shown * capacity + queues.length, total: board.queues.length, page: shown + 1, pages })}
        </p>
      )}
      <div className="wb-queue-area" ref={area}>
        <QueueTiles queues={queues} waitLimits={board.thresholds.waiting} />
      </div>
    </section>
  );
}
