import { lowerBound } from '../../../shared/domain/sorted-search';

/**
 * The smallest `cap` ids of a set that only its count is kept of: what a figure's drill-down list
 * shows (the calls behind it, ascending, cut to what a board cell carries) without holding every id
 * of the day. Adding an id costs nothing once the list is full and the id is larger than its last
 * (ids grow through the day); removing one from a full list leaves the next one unknown: the list is
 * then `stale` and its owner builds it again from the day.
 */
export class IdHead {
  private ids: number[] = [];
  private total = 0;
  private unknown = false;

  constructor(readonly cap: number) {}

  /** A head of these ids (distinct), sorted once: a build over the whole day. */
  static of(ids: number[], cap: number): IdHead {
    const head = new IdHead(cap);
    ids.sort((a, b) => a - b);
    head.ids = ids.length > cap ? ids.slice(0, cap) : ids;
    head.total = ids.length;
    return head;
  }

  get count(): number {
    return this.total;
  }

  get stale(): boolean {
    return this.unknown;
  }

  /** The smallest ids, ascending (a copy: the list goes on changing). */
  list(): number[] {
    return this.ids.slice();
  }

  /** The list as it is, for merging several (not to be changed). */
  view(): readonly number[] {
    return this.ids;
  }

  add(id: number): void {
    this.total += 1;
    if (this.unknown) return;
    const full = this.ids.length >= this.cap;
    if (full && id > (this.ids[this.ids.length - 1] as number)) return;
    this.ids.splice(lowerBound(this.ids, id), 0, id);
    if (this.ids.length > this.cap) this.ids.pop();
  }

  remove(id: number): void {
    this.total -= 1;
    if (this.unknown) return;
    const i = lowerBound(this.ids, id);
    if (this.ids[i] === id) {
      this.ids.splice(i, 1);
      // Ids beyond the list remain: which one comes next is not known here.
      if (this.total >= this.cap) this.unknown = true;
    } else if (this.ids.length < this.cap) {
      // The list held every id, and not this one: the counts no longer say what the list holds.
      this.unknown = true;
    }
  }
}


/** The smallest `cap` ids over several ascending lists of distinct ids, no id in two lists (a team's agents). */
export function smallestOf(lists: readonly (readonly number[])[], cap: number): number[] {
  const live = lists.filter((list) => list.length > 0);
  if (live.length === 0) return [];
  if (live.length === 1) return (live[0] as readonly number[]).slice(0, cap);
  // A binary heap of cursors, keyed by each list's next id.
  const heap = live.map((list) => ({ list, at: 0 }));
  const key = (i: number) => {
    const c = heap[i] as { list: readonly number[]; at: number };
    return c.list[c.at] as number;
  };
  const swap = (i: number, j: number) => {
    const t = heap[i] as (typeof heap)[number];
    heap[i] = heap[j] as (typeof heap)[number];
    heap[j] = t;
  };
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && key(l) < key(m)) m = l;
      if (r < heap.length && key(r) < key(m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const out: number[] = [];
  while (out.length < cap && heap.length > 0) {
    const top = heap[0] as (typeof heap)[number];
    out.push(top.list[top.at] as number);
    top.at += 1;
    if (top.at >= top.list.length) {
      heap[0] = heap[heap.length - 1] as (typeof heap)[number];
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
  return out;
}
