import { useTranslation } from 'react-i18next';
import { useId, type ReactNode } from 'react';
import type { QueueTile } from '../../../../shared/contract/schemas/board';
import { useDrill } from './drill-context';

type Staffing = QueueTile['staffing'];

function Needed({ staffing }: { staffing: Staffing }) {
  const short = staffing.needed !== null && staffing.needed > staffing.available;
  return (
    <span className={short ? 'rag-text-red' : undefined} data-metric="staffing-needed" data-value={staffing.needed ?? ''}>
      {staffing.needed ?? '—'}
    </span>
  );
}

/** The figure, with how it was worked out on hover or focus (plain text on the read-only wallboard). */
function WithBasis({ staffing, children }: { staffing: Staffing; children: ReactNode }) {
  const tipId = useId();
  if (useDrill() === null) return <span className="staffing">{children}</span>;
  return (
    <span className="staffing board-cell">
      <span className="cell-static" tabIndex={0} aria-describedby={tipId}>
        {children}
      </span>
      <span role="tooltip" id={tipId} className="cell-formula" translate="no">
        {staffing.basis}
      </span>
    </span>
  );
}

/** Erlang C staffing: agents needed now against agents available ("3 / 5"). */
export function StaffingFigure({ staffing }: { staffing: Staffing }) {
  const { t } = useTranslation();
  return (
    <WithBasis staffing={staffing}>
      <Needed staffing={staffing} />
      <span className="sr-only"> {t('board.staffingNeeded')}</span>
      <span className="muted"> / </span>
      <span data-metric="staffing-available" data-value={staffing.available}>
        {staffing.available}
      </span>
      <span className="sr-only"> {t('board.staffingAvailable')}</span>
    </WithBasis>
  );
}

/** Erlang C: agents needed now (where the available count is shown beside it). */
export function StaffingNeeded({ staffing }: { staffing: Staffing }) {
  return (
    <WithBasis staffing={staffing}>
      <Needed staffing={staffing} />
    </WithBasis>
  );
}
