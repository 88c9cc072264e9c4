import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { TrendsPanel } from '../supervisor-board';
import { useRenderProbe } from '../board-model';
import { useCycle } from './use-cycle';
import type { WallboardApp } from './wallboard';
import { WallboardAgents } from './WallboardAgents';
import { WallboardAlerts } from './WallboardAlerts';
import { WallboardHeader } from './WallboardHeader';
import { WallboardQueues } from './WallboardQueues';
import { WALLBOARD_VIEWS, type WallboardView } from './wallboard-route';

/** A read-only, full-screen board for a TV: large type, no interaction, cycling through its views. */
export function Wallboard({ app }: { app: WallboardApp }) {
  const { t } = useTranslation();
  const { phase, label, error } = useStore(app.session);
  const board = useStore(app.board.store, (s) => s.board);
  const status = useStore(app.board.store, (s) => s.status);
  const updatedAt = useStore(app.board.store, (s) => s.updatedAt);
  const lastDelta = useStore(app.board.store, (s) => s.lastDelta);
  useRenderProbe(lastDelta, app.board.renderLatency);
  useFluidRoot();
  // Each page of queue tiles is a step of the cycle, then agents, then trends.
  const [queuePages, setQueuePages] = useState(1);
  const steps = wallboardSteps(queuePages);
  const pinned = app.route.view === null ? null : steps.findIndex((s) => s.view === app.route.view);
  const step = steps[useCycle(steps.length, app.route.cycleS, pinned)] ?? { view: 'queues', page: 0 };
  const view = step.view;

  if (phase === 'invalid') {
    return (
      <main className="wallboard wb-invalid" data-testid="wallboard-error">
        <h1>{t('wallboard.invalidTitle')}</h1>
        <p role="alert">{error}</p>
        <p className="muted">{t('wallboard.invalidHelp')}</p>
      </main>
    );
  }
  return (
    <main className="wallboard" data-view={view} data-phase={phase} aria-label={t('wallboard.name')}>
      <WallboardHeader label={label} view={view} status={phase === 'ready' ? status : 'idle'} updatedAt={updatedAt} />
      {board === null ? (
        <p className="wb-waiting">{error ?? t('wallboard.connecting')}</p>
      ) : (
        <div className="wb-body">
          {view === 'queues' && <WallboardQueues board={board} page={step.page} onPages={setQueuePages} />}
          {view === 'agents' && <WallboardAgents board={board} />}
          {view === 'trends' && (
            <section className="wb-trends" aria-label={t('wallboard.trendsToday')}>
              <TrendsPanel trend={board.trend} large />
            </section>
          )}
        </div>
      )}
      {board !== null && <WallboardAlerts alerts={board.alerts} />}
    </main>
  );
}

/** The steps the screen cycles through: one per page of queues, then the agents, then the trends. */
export function wallboardSteps(queuePages: number): { view: WallboardView; page: number }[] {
  const queues = Array.from({ length: Math.max(1, queuePages) }, (_, page) => ({ view: 'queues' as const, page }));
  return [...queues, ...WALLBOARD_VIEWS.filter((v) => v !== 'queues').map((view) => ({ view, page: 0 }))];
}

/** While the wallboard is on screen, the root font size follows the screen, so every rem in it scales with the TV. */
function useFluidRoot(): void {
  useEffect(() => {
    document.documentElement.classList.add('wallboard-root');
    return () => document.documentElement.classList.remove('wallboard-root');
  }, []);
}
