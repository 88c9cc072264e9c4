/** The wallboard's address: the same build as the desk, at `#/wallboard?token=…&cycle=15` (a hash route works on any static host). */
const PREFIX = '#/wallboard';

export type WallboardView = 'queues' | 'agents' | 'trends';
export const WALLBOARD_VIEWS: readonly WallboardView[] = ['queues', 'agents', 'trends'];

export interface WallboardRoute {
  token: string;
  /** Seconds each view stays on screen. */
  cycleS: number;
  /** Only this view, no cycling. */
  view: WallboardView | null;
}

export function isWallboardHash(hash: string): boolean {
  return hash === PREFIX || hash.startsWith(`${PREFIX}?`) || hash.startsWith(`${PREFIX}/`);
}

/** The route from location.hash, or null when this is not the wallboard. */
export function parseWallboardHash(hash: string): WallboardRoute | null {
  if (!isWallboardHash(hash)) return null;
  const query = new URLSearchParams(hash.slice(hash.indexOf('?') + 1 || hash.length));
  const cycle = Number(query.get('cycle'));
  const view = query.get('view');
  return {
    token: query.get('token') ?? '',
    cycleS: Number.isFinite(cycle) && cycle >= 3 && cycle <= 3600 ? cycle : 15,
    view: WALLBOARD_VIEWS.includes(view as WallboardView) ? (view as WallboardView) : null,
  };
}

/** The link for a token, on the address this page was served from. */
export function wallboardUrl(pageHref: string, token: string): string {
  const url = new URL(pageHref);
  url.hash = `/wallboard?token=${encodeURIComponent(token)}`;
  return url.toString();
}
