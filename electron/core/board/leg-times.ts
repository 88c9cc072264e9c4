import type { CallLeg } from '../../../shared/domain/metrics/types';
import { IntList } from '../metrics/int-list';

const MINUTE = 60_000;

/** The three times the board's running figures look legs up by. */
export type LegTime = 'start' | 'answered' | 'wrapped';

export function legTime(leg: CallLeg, kind: LegTime): number | null {
  if (kind === 'start') return leg.queuedAt ?? leg.offeredAt;
  return kind === 'answered' ? leg.answeredAt : leg.wrapUpEndedAt;
}

const KINDS: readonly LegTime[] = ['start', 'answered', 'wrapped'];

/**
 * Today's legs by the minute of their start (queued, else offered), answer and wrap-up end: the
 * staffing window (the last 30 minutes) and a trend bucket read only the legs of their minutes,
 * not the whole day. 8 bytes a leg and time (ids in typed lists).
 */
export class LegTimes {
  private readonly byKind = new Map<LegTime, Map<number, IntList>>(KINDS.map((kind) => [kind, new Map()]));

  add(leg: CallLeg): void {
    for (const kind of KINDS) {
      const at = legTime(leg, kind);
      if (at === null) continue;
      const minutes = this.byKind.get(kind) as Map<number, IntList>;
      const minute = Math.floor(at / MINUTE);
      let list = minutes.get(minute);
      if (list === undefined) minutes.set(minute, (list = new IntList(true)));
      list.push(leg.id);
    }
  }

  /** A leg replaced by a newer version of itself: moved where a time changed. */
  move(old: CallLeg | undefined, leg: CallLeg): void {
    for (const kind of KINDS) {
      const was = old === undefined ? null : legTime(old, kind);
      const is = legTime(leg, kind);
      if (was === is) continue;
      const minutes = this.byKind.get(kind) as Map<number, IntList>;
      if (was !== null) {
        const minute = Math.floor(was / MINUTE);
        const list = minutes.get(minute);
        list?.remove(leg.id);
        if (list?.size === 0) minutes.delete(minute);
      }
      if (is !== null) {
        const minute = Math.floor(is / MINUTE);
        let list = minutes.get(minute);
        if (list === undefined) minutes.set(minute, (list = new IntList(true)));
        list.push(leg.id);
      }
    }
  }

  /** Ids of the legs whose `kind` time may fall in [from, to) (whole minutes: the caller checks the time). */
  idsIn(kind: LegTime, from: number, to: number, visit: (id: number) => void): void {
    if (!(to > from)) return;
    const minutes = this.byKind.get(kind) as Map<number, IntList>;
    const last = Math.floor((to - 1) / MINUTE);
    for (let minute = Math.floor(from / MINUTE); minute <= last; minute++) minutes.get(minute)?.forEach(visit);
  }
}
