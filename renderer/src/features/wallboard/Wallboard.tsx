import { useStore } from 'zustand';
import { TrendsPanel } from '../supervisor-board';
import { useRenderProbe } from '../board-model';
import { useCycle } from './use-cycle';
import type { WallboardApp } from './wallboard';
import { WallboardAgents } from './WallboardAgents';
import { WallboardAlerts } from './WallboardAlerts';
import { WallboardHeader } from './WallboardHeader';
import { WallboardQueues } from './WallboardQueues';
import { WALLBOARD_VIEWS } from './wallboard-route';

/** A read-only, full-screen board for a TV: large type, no interaction, cycling through its views. */
export function Wallboard({ app }: { app: WallboardApp }) {
  const { phase, label, error } = useStore(app.session);
  const board = useStore(app.board.store, (s) => s.board);
  const status = useStore(app.board.store, (s) => s.status);
  const updatedAt = useStore(app.board.store, (s) => s.updatedAt);
  const lastDelta = useStore(app.board.store, (s) => s.lastDelta);
  useRenderProbe(lastDelta, app.board.renderLatency);
  const pinned = app.route.view === null ? null : WALLBOARD_VIEWS.indexOf(app.route.view);
  const view = WALLBOARD_VIEWS[useCycle(WALLBOARD_VIEWS.length, app.route.cycleS, pinned)] ?? 'queues';

  if (phase === 'invalid') {
    return (
      <main className="wallboard wb-invalid" data-testid="wallboard-error">
        <h1>This wallboard link is not valid</h1>
        <p role="alert">{error}</p>
        <p className="muted">Ask a supervisor for a new link: on their board, “Wallboard link…”.</p>
      </main>
    );
  }
  return (
    <main className="wallboard" data-view={view} data-phase={phase} aria-label="Wallboard">
      <WallboardHeader label={label} view={view} status={phase === 'ready' ? status : 'idle'} updatedAt={updatedAt} />
      {board === null ? (
        <p className="wb-waiting">{error ?? 'Connecting to Frontline…'}</p>
      ) : (
        <div className="wb-body">
          {view === 'queues' && <WallboardQueues board={board} />}
          {view === 'agents' && <WallboardAgents board={board} />}
          {view === 'trends' && (
            <section className="wb-trends" aria-label="Trends today">
              <TrendsPanel trend={board.trend} large />
            </section>
          )}
        </div>
      )}
      {board !== null && <WallboardAlerts alerts={board.alerts} />}
    </main>
  );
}
