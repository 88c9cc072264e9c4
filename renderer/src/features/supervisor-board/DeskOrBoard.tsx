import { useTranslation } from 'react-i18next';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../session';
import { useShortcuts } from '../../ui/use-shortcuts';

// Agents never see the board: it loads only for supervisors.
const SupervisorBoard = lazy(() => import('./SupervisorBoard').then((m) => ({ default: m.SupervisorBoard })));

const NO_SHORTCUTS = {};

/** Supervisors switch between their own desk and the floor board (Alt+V); agents just have the desk. */
export function DeskOrBoard({ desk }: { desk: ReactNode }) {
  const { t } = useTranslation();
  const supervisor = useSession((s) => s.agent?.role === 'supervisor');
  const [view, setView] = useState<'desk' | 'board'>('board');
  const shortcuts = useMemo(() => ({ 'Alt+V': () => setView((v) => (v === 'desk' ? 'board' : 'desk')) }), []);
  useShortcuts(supervisor ? shortcuts : NO_SHORTCUTS);
  if (!supervisor) return desk;
  return (
    <>
      <nav className="view-switch" aria-label={t('board.view')}>
        <button type="button" aria-pressed={view === 'desk'} onClick={() => setView('desk')} aria-keyshortcuts="Alt+V">
          {t('board.desk')}
        </button>
        <button type="button" aria-pressed={view === 'board'} onClick={() => setView('board')} aria-keyshortcuts="Alt+V">
          {t('board.board')}
        </button>
        <span className="hint">
          <kbd translate="no">Alt</kbd>+<kbd translate="no">V</kbd> {t('board.switches')}
        </span>
      </nav>
      {view === 'board' ? (
        <Suspense fallback={<p className="muted board-loading">{t('board.loading')}</p>}>
          <SupervisorBoard />
        </Suspense>
      ) : (
        desk
      )}
    </>
  );
}
