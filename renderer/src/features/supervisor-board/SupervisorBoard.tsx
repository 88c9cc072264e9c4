import { useTranslation } from 'react-i18next';
import { useCallback, useMemo, useState } from 'react';
import type { AgentRow, BoardCellRef } from '../../../../shared/contract/schemas/board';
import { useAppStores } from '../../app/stores-context';
import { useBoard } from '../board-model';
import { AgentStateDialog } from './AgentStateDialog';
import { AgentsDialog } from './AgentsDialog';
import { AgentTable } from './AgentTable';
import { AlertsBar } from './AlertsBar';
import { BoardStatusLine } from './BoardStatusLine';
import { CentreSummaryStrip } from './CentreSummaryStrip';
import { DrillContext } from './drill-context';
import { DrillDownDialog } from './DrillDownDialog';
import { DEFAULT_WAIT_LIMITS, QueueTiles } from './QueueTiles';
import { TeamTable } from './TeamTable';
import { TrendsPanel } from './TrendsPanel';
import { useRenderProbe } from '../board-model';
import { SlaTargetsDialog } from './SlaTargetsDialog';
import { RoutingDialog } from './RoutingDialog';
import { SupervisorsOnFloor } from './SupervisorsOnFloor';
import { WallboardLinkDialog } from './WallboardLinkDialog';

/** The supervisor's live board: alerts, the centre, queues, every agent, teams and today's trends. */
export function SupervisorBoard() {
  const { board: live } = useAppStores();
  const { t } = useTranslation();
  const board = useBoard((s) => s.board);
  const status = useBoard((s) => s.status);
  const error = useBoard((s) => s.error);
  const seq = useBoard((s) => s.seq);
  const updatedAt = useBoard((s) => s.updatedAt);
  const lastDelta = useBoard((s) => s.lastDelta);
  useRenderProbe(lastDelta, live.renderLatency);
  const [drill, setDrill] = useState<{ title: string; cell: BoardCellRef } | null>(null);
  const [stateFor, setStateFor] = useState<number | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [targetsOpen, setTargetsOpen] = useState(false);
  const [routingOpen, setRoutingOpen] = useState(false);
  const [agentsOpen, setAgentsOpen] = useState(false);
  const openDrill = useCallback((title: string, cell: BoardCellRef) => setDrill({ title, cell }), []);
  const openStateDialog = useCallback((row: AgentRow) => setStateFor(row.agentId), []);
  const stateRow = stateFor === null ? undefined : board?.agents.find((a) => a.agentId === stateFor);
  const waitLimits = board?.thresholds.waiting ?? DEFAULT_WAIT_LIMITS;
  // Split once per change of the rows: a delta with only tiles or figures leaves the agent table as it was.
  const agents = board?.agents;
  const { takingCalls, supervisors } = useMemo(() => splitByTakingCalls(agents ?? []), [agents]);

  return (
    <main className="board" aria-labelledby="board-title" data-board-seq={seq} data-board-status={status}>
      <header className="board-toolbar">
        <h1 id="board-title">{t('board.title')}</h1>
        <BoardStatusLine status={status} updatedAt={updatedAt} error={error} />
        <button type="button" onClick={() => setAgentsOpen(true)}>
          {t('board.agentsButton')}
        </button>
        <button type="button" onClick={() => setTargetsOpen(true)}>
          {t('board.targetsButton')}
        </button>
        <button type="button" onClick={() => setRoutingOpen(true)}>
          {t('board.routingButton')}
        </button>
        <button type="button" onClick={() => setLinkOpen(true)}>
          {t('board.wallboardButton')}
        </button>
      </header>
      {board === null ? (
        <p className="muted board-loading">{status === 'error' ? t('board.loadFailed') : t('board.loading')}</p>
      ) : (
        <DrillContext.Provider value={openDrill}>
          <AlertsBar alerts={board.alerts} />
          <CentreSummaryStrip centre={board.centre} />
          <section className="board-panel" aria-labelledby="queues-title">
            <h2 id="queues-title">{t('board.queues')}</h2>
            <QueueTiles queues={board.queues} waitLimits={waitLimits} />
          </section>
          <AgentTable agents={takingCalls} queues={board.queues} thresholds={board.thresholds} onChangeState={openStateDialog} />
          <SupervisorsOnFloor rows={supervisors} />
          <div className="board-lower">
            <TeamTable teams={board.teams} />
            <section className="board-panel" aria-labelledby="trends-title">
              <h2 id="trends-title">{t('board.today')}</h2>
              <TrendsPanel trend={board.trend} />
            </section>
          </div>
        </DrillContext.Provider>
      )}
      {drill !== null && <DrillDownDialog title={drill.title} cell={drill.cell} onClose={() => setDrill(null)} />}
      {stateRow !== undefined && <AgentStateDialog agent={stateRow} onClose={() => setStateFor(null)} />}
      {linkOpen && <WallboardLinkDialog onClose={() => setLinkOpen(false)} />}
      {targetsOpen && <SlaTargetsDialog onClose={() => setTargetsOpen(false)} />}
      {routingOpen && <RoutingDialog onClose={() => setRoutingOpen(false)} />}
      {agentsOpen && <AgentsDialog onClose={() => setAgentsOpen(false)} />}
    </main>
  );
}

function splitByTakingCalls(rows: readonly AgentRow[]): { takingCalls: AgentRow[]; supervisors: AgentRow[] } {
  const takingCalls: AgentRow[] = [];
  const supervisors: AgentRow[] = [];
  for (const row of rows) (row.takesCalls ? takingCalls : supervisors).push(row);
  return { takingCalls, supervisors };
}
