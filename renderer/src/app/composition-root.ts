import { createLiveBoard, type LiveBoard } from '../features/board-model';
import { createCallReporter } from '../features/call-log';
import { createDialLinkInbox, type DialLinkInbox } from '../features/dial-link';
import { createFirstRunStore, type FirstRunStore } from '../features/first-run';
import { desktopSetupOf } from '../platform/desktop-setup';
import { createCustomerStore, type CustomerStore } from '../features/customer-search';
import { createSessionStore, type SessionStore } from '../features/session';
import { createSoftphoneStore, type SoftphoneStore } from '../features/softphone';
import { createWrapUpStore, type WrapUpStore } from '../features/wrap-up';
import { i18nNow } from '../i18n';
import type { ApiClient } from '../platform/api-client';

export interface AppStores {
  api: ApiClient;
  session: SessionStore;
  customers: CustomerStore;
  softphone: SoftphoneStore;
  wrapUp: WrapUpStore;
  /** Supervisors' live board (empty and idle for agents). */
  board: LiveBoard;
  /** Dial links from other applications, waiting for the agent to confirm. */
  dialLinks: DialLinkInbox;
  /** The desktop's first-run choice of core (always done in a browser). */
  firstRun: FirstRunStore;
}

/** The composition root: every store made once, and the few subscriptions that tie them together. */
export function createAppStores(api: ApiClient): AppStores {
  const session = createSessionStore(api);
  const softphone = createSoftphoneStore(api);
  const wrapUp = createWrapUpStore(api, (status) => session.setState({ status }));
  createCallReporter(api, softphone, {
    storage: typeof localStorage === 'undefined' ? null : localStorage,
    onNeedsWrapUp: (callId) => void wrapUp.getState().add(callId),
    onRejected: (message) => softphone.setState({ lastError: i18nNow().t('errors.callEventNotRecorded', { reason: message }) }),
  });
  // Signed in (again): wrap-ups left unfinished by a reload or a crash come back with their drafts.
  session.subscribe((s, previous) => {
    if (s.agent !== null && previous.agent === null) void wrapUp.getState().loadPending();
  });
  const board = createLiveBoard(api);
  // A supervisor signed in (again, on a new socket): subscribe, or catch up from where the board was.
  session.subscribe((s, previous) => {
    if (s.agent === previous.agent) return;
    if (s.agent?.role === 'supervisor') void board.store.getState().sync();
    else board.store.getState().reset();
  });
  const customers = createCustomerStore(api);
  rememberCallers(softphone, customers);
  const dialLinks = createDialLinkInbox(typeof window === 'undefined' ? null : window);
  const firstRun = createFirstRunStore(desktopSetupOf());
  return { api, session, customers, softphone, wrapUp, board, dialLinks, firstRun };
}

/** How long the recent callers wait for a pop that is not painted (a second call ringing behind the one in front). */
const RECENT_CALLERS_POP_WAIT_MS = 1_000;

/**
 * Every caller whose record the pop showed joins the recent callers, so wrap-up and later calls can
 * bring it back: once the pop is painted (ADR 0055), so the list's render is neither in the frame
 * that paints the pop nor in a task queued before the one that sees it painted.
 */
function rememberCallers(softphone: SoftphoneStore, customers: CustomerStore): void {
  const seen = new Set<string>();
  softphone.subscribe((s) => {
    for (const [callId, pop] of Object.entries(s.pops)) {
      const customer = pop.lookup?.customers.find((c) => c.id === pop.chosenCustomerId);
      if (customer === undefined) continue;
      const key = `${callId}:${customer.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = Date.now();
      void softphone
        .getState()
        .whenPopPainted(callId, RECENT_CALLERS_POP_WAIT_MS)
        .then(() => customers.getState().remember(customer, at));
    }
  });
}
