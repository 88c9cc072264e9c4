import { useTranslation } from 'react-i18next';
import { memo, useEffect, useMemo, useRef, type RefObject } from 'react';
import { AgentStats } from '../features/agent-stats';
import { CallbackOffer } from '../features/callbacks';
import { DialLinkConfirm } from '../features/dial-link';
import { FirstRun, useFirstRun } from '../features/first-run';
import { CustomerSearch, RecentCallers, useCustomers } from '../features/customer-search';
import { DeviceSettings } from '../features/devices';
import { IncomingCallAlerts } from '../features/notifications';
import { CustomerCard, RoutedPreview, ScreenPop } from '../features/screen-pop';
import { PresenceBar, SignIn, useSession } from '../features/session';
import { CallBar, callInFront, useLeaveGuard, usePhoneConnection, useRingtone, useSoftphone } from '../features/softphone';
import { DeskOrBoard } from '../features/supervisor-board';
import { useWrapUp, WrapUpPanel } from '../features/wrap-up';
import { useShortcuts } from '../ui/use-shortcuts';
import { useAppStores } from './stores-context';


export function App() {
  const { t } = useTranslation();
  const agent = useSession((s) => s.agent);
  const connection = useSession((s) => s.connection);
  const { dialLinks } = useAppStores();
  const firstRun = useFirstRun((s) => s.phase);
  usePhoneConnection(agent);
  if (firstRun === 'checking') return null;
  if (firstRun !== 'done') return <FirstRun />;
  if (agent === null) return <SignIn />;
  return (
    <div className="app">
      <CallEffects />
      <PresenceBar />
      <CallBar />
      <IncomingCallAlerts />
      <DialLinkConfirm inbox={dialLinks} />
      {connection !== 'open' && (
        <div className="banner banner-warn" role="status">
          {connection === 'reconnecting' ? t('app.reconnecting') : t('app.connecting')}
        </div>
      )}
      <DeskOrBoard desk={<Desk />} />
    </div>
  );
}

/**
 * The ringtone and the leave guard follow the calls. They live in a leaf of their own: used in App,
 * every ringing call re-rendered the whole desk (presence bar, search, recent callers, stats) in the
 * frame that must paint the call and its pop.
 */
function CallEffects() {
  useRingtone();
  useLeaveGuard();
  return null;
}

function Desk() {
  const { t } = useTranslation();
  const searchRef = useRef<HTMLInputElement>(null);
  const selected = useCustomers((s) => s.selected);
  const select = useCustomers((s) => s.select);
  const wrapping = useWrapUp((s) => s.items.length > 0);
  // Wrap-up is when the agent writes about the customer: their record comes (back) on screen with the form.
  const wrapUpCustomerId = useWrapUp((s) => s.items[0]?.customerId ?? null);
  useEffect(() => {
    if (wrapUpCustomerId !== null) void select(wrapUpCustomerId);
  }, [wrapUpCustomerId, select]);
  // The call in front: a ringing one first (its pop must beat the answer), else the one in progress.
  const call = useSoftphone((s) => callInFront(s.calls));
  const routedPending = useSoftphone((s) => Object.keys(s.routed).length > 0);
  const setPresence = useSession((s) => s.setPresence);
  const breakReasons = useSession((s) => s.settings?.breakReasons);
  const shortcuts = useMemo(
    () => ({
      '/': () => searchRef.current?.focus(),
      'Alt+A': () => void setPresence('available'),
      'Alt+B': () => void setPresence('break', breakReasons?.[0]),
      'Alt+O': () => void setPresence('offline'),
    }),
    [setPresence, breakReasons],
  );
  useShortcuts(shortcuts);
  return (
    <main className="desk" aria-labelledby="desk-title">
      {/* The page's top-level heading for assistive technology (axe: page-has-heading-one); the desk's layout has no title bar. */}
      <h1 id="desk-title" className="sr-only">
        {t('desk.title')}
      </h1>
      <DeskTools searchRef={searchRef} />
      <section className="desk-right" aria-label={t('desk.recordRegion')}>
        {call !== undefined && <ScreenPop call={call} />}
        {call === undefined && <RoutedPreview />}
        {call === undefined && <CallbackOffer />}
        <WrapUpPanel />
        {call === undefined &&
          !routedPending &&
          (selected === null ? (
            !wrapping && 
            <div className="empty">{t('desk.emptyRecord')}</div>
          ) : (
            <CustomerCard customer={selected} />
          ))}
      </section>
    </main>
  );
}

/** Search, recent callers, keys, my numbers and devices: nothing here changes when a call rings or its pop arrives. */
const DeskTools = memo(function DeskTools({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  return (
    <section className="desk-left" aria-label={t('desk.searchRegion')}>
      <CustomerSearch inputRef={searchRef} />
      <RecentCallers />
      <p className="hint">
        {t('app.keys')} <kbd translate="no">/</kbd> {t('app.keySearch')} · <kbd translate="no">Alt</kbd>+<kbd translate="no">A</kbd> {t('app.keyAvailable')} · <kbd translate="no">Alt</kbd>+<kbd translate="no">B</kbd> {t('app.keyBreak')} ·{' '}
        <kbd translate="no">Alt</kbd>+<kbd translate="no">O</kbd> {t('app.keyOffline')}
      </p>
      <AgentStats />
      <DeviceSettings />
    </section>
  );
});
