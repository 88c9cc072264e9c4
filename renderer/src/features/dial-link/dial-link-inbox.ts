import { createStore } from 'zustand/vanilla';
import { MAX_DIAL_LINK } from '../../../../shared/domain/dial-link';

/** Where dial links reach the page: the desktop app's bridge, or (browser mode) the #/dial?uri=… address. */
export interface DialLinkWindow {
  frontline?: { onDialLink?: (listener: (link: string) => void) => () => void };
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
}

export interface DialLinkInboxState {
  /** The link waiting for the agent's decision (the latest one wins: one question at a time). */
  link: string | null;
  offer(link: string): void;
  dismiss(): void;
}

const DIAL_HASH = /^#\/dial\?(.*)$/;

/** The link in a #/dial?uri=… address (what a browser's protocol handler opens), or null. */
export function dialLinkInHash(hash: string): string | null {
  const m = DIAL_HASH.exec(hash);
  if (m === null) return null;
  const uri = new URLSearchParams(m[1] ?? '').get('uri');
  return uri === null || uri.length > MAX_DIAL_LINK ? null : uri;
}

/**
 * The dial links handed to this window, kept until the agent confirms or dismisses them; a link
 * arriving before sign-in waits for it. Nothing is dialled here: DialLinkConfirm asks first.
 */
export function createDialLinkInbox(win: DialLinkWindow | null) {
  const store = createStore<DialLinkInboxState>()((set) => ({
    link: null,
    offer: (link) => set({ link }),
    dismiss: () => set({ link: null }),
  }));
  if (win === null) return store;
  win.frontline?.onDialLink?.((link) => store.getState().offer(link));
  const fromHash = (): void => {
    const link = dialLinkInHash(win.location.hash);
    if (link === null) return;
    store.getState().offer(link);
    // Off the address bar: a reload must not ask again.
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
  };
  fromHash();
  win.addEventListener('hashchange', fromHash);
  return store;
}

export type DialLinkInbox = ReturnType<typeof createDialLinkInbox>;
