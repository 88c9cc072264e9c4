import { useTranslation } from 'react-i18next';
import type { BoardCell } from '../../../../shared/contract/schemas/board';
import { formatCount } from '../../ui/format';
import type { CellPlace } from './drill-context';
import { MetricCell } from './MetricCell';

/** Today's AHT, FRT, FCR and handled count as table cells, for an agent's row or a team's. */
export function HandlingCells({ name, place, aht, frt, fcr, handled }: { name: string; place: CellPlace; aht: BoardCell; frt: BoardCell; fcr: BoardCell; handled: number }) {
  const { t } = useTranslation();
  const title = (meaning: 'aht' | 'frt' | 'fcr') => t('board.drillOf', { meaning: t(`board.meaning.${meaning}`), name });
  return (
    <>
      <td className="num">
        <MetricCell metric="aht_s" cell={aht} title={title('aht')} place={place} />
      </td>
      <td className="num">
        <MetricCell metric="agent_frt_s" cell={frt} title={title('frt')} place={place} />
      </td>
      <td className="num">
        <MetricCell metric="fcr_pct" cell={fcr} title={title('fcr')} place={place} />
      </td>
      <td className="num" data-metric="handled" data-value={handled}>
        {formatCount(handled)}
      </td>
    </>
  );
}
