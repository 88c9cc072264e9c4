import { createStore } from 'zustand/vanilla';
import type { BoardDelta, BoardSnapshot, BoardState } from '../../../../shared/contract/schemas/board';
import type { ContractError } from '../../../../shared/contract/result';
import type { ApiClient } from '../../platform/api-client';
import type { ConnectionState } from '../../platform/transport';
import { applyChanges } from './board-apply';
import { createLatencyRing, type LatencyRing } from './latency-ring';

/** idle: not wanted (signed out); syncing: asking for a snapshot or the missed deltas; live: in step with the core. */
export type BoardStatus = 'idle' | 'syncing' | 'live' | 'offline' | 'error';

export interface BoardStoreState {
  board: BoardState | null;
  /** Sequence number of the last delta applied (or of the snapshot). */
  seq: number;
  status: BoardStatus;
  connection: ConnectionState;
  error: ContractError | null;
  /** When the board last changed here (wall clock). */
  updatedAt: number | null;
  /** The newest delta applied: its number and when the core sent it (for render latency). */
  lastDelta: { seq: number; at: number } | null;
  /** Subscribe the first time, afterwards catch up from `seq`. Call after each (re)authentication of the connection. */
  sync(): Promise<void>;
  /** Forget the board (signed out). */
  reset(): void;
}

/** A delta buffer bigger than this is dropped: a resync brings what it held. */
const MAX_BUFFERED = 5000;
/** Catch-up rounds in a row before giving up until the next sync (a gap should close in one). */
const MAX_ROUNDS = 5;

/**
 * The live board: one snapshot, then `board.delta` events applied in sequence. A gap in the
 * numbers, or a new connection, is repaired with `board.resync` (the missed deltas, or a fresh
 * snapshot when the core no longer has them).
 */
export function createBoardStore(api: ApiClient, latency: LatencyRing = createLatencyRing()) {
  const store = createStore<BoardStoreState>()(() => ({
    board: null,
    seq: 0,
    status: 'idle',
    connection: 'connecting',
    error: null,
    updatedAt: null,
    lastDelta: null,
    sync,
    reset,
  }));
  /** Deltas that arrived while a sync was running, or beyond a gap. */
  let buffer: BoardDelta[] = [];
  let running: Promise<void> | null = null;
  let runningGen = -1;
  let again = false;
  /** Bumped by reset(): answers to older requests are dropped. */
  let generation = 0;

  /** Apply deltas in order from the current seq; returns true when some are left beyond a gap. */
  function applyInOrder(deltas: readonly BoardDelta[]): boolean {
    const { board, seq } = store.getState();
    if (board === null) return deltas.length > 0;
    let next = board;
    let at = seq;
    let last: BoardDelta | null = null;
    const now = Date.now();
    for (const delta of [...deltas].sort((a, b) => a.seq - b.seq)) {
      if (delta.seq <= at) continue;
      if (delta.prev !== at) break;
      next = applyChanges(next, delta.changes);
      at = delta.seq;
      last = delta;
      latency.push(now - delta.at);
    }
    if (last !== null) store.setState({ board: next, seq: at, updatedAt: now, lastDelta: { seq: at, at: last.at } });
    return deltas.some((d) => d.seq > at);
  }

  function replace(snapshot: BoardSnapshot): void {
    store.setState({ board: snapshot.state, seq: snapshot.seq, updatedAt: Date.now() });
  }

  /** One round: snapshot or catch-up, then whatever arrived meanwhile. Returns true if another round is needed. */
  async function round(gen: number): Promise<boolean> {
    if (gen !== generation) return false;
    const { board, seq } = store.getState();
    store.setState({ status: 'syncing' });
    const r = board === null ? await api.call('board.subscribe', {}) : await api.call('board.resync', { since: seq });
    if (gen !== generation) return false;
    if (!r.ok) {
      const lost = r.error.code === 'TRANSPORT_CLOSED' || r.error.code === 'TIMEOUT';
      store.setState({ status: lost ? 'offline' : 'error', error: r.error });
      return false;
    }
    const value = r.value;
    if ('state' in value) replace(value);
    else if (value.kind === 'snapshot') replace(value.snapshot);
    else applyInOrder(value.deltas);
    const pending = buffer;
    buffer = [];
    const gap = applyInOrder(pending);
    if (gap) buffer = pending.filter((d) => d.seq > store.getState().seq);
    store.setState({ status: 'live', error: null });
    return gap;
  }

  /** Rounds until in step (or given up, or reset). */
  async function catchUp(gen: number): Promise<void> {
    let rounds = 0;
    do {
      again = false;
      if (await round(gen)) again = true;
    } while (again && gen === generation && ++rounds < MAX_ROUNDS);
  }

  function sync(): Promise<void> {
    // One catch-up at a time: a request during one makes it go round again.
    if (running !== null && runningGen === generation) {
      again = true;
      return running;
    }
    // After a reset, the new board starts once the old one's request has come back (and been dropped).
    const gen = generation;
    const current: Promise<void> = (running ?? Promise.resolve()).then(() => catchUp(gen)).finally(() => {
      if (running === current) running = null;
    });
    running = current;
    runningGen = gen;
    return current;
  }

  function reset(): void {
    generation++;
    buffer = [];
    again = false;
    store.setState({ board: null, seq: 0, status: 'idle', error: null, updatedAt: null, lastDelta: null });
  }

  api.on('board.delta', (delta) => {
    const { status, board, seq } = store.getState();
    if (status === 'idle') return;
    if (running !== null || board === null) {
      if (buffer.length < MAX_BUFFERED) buffer.push(delta);
      return;
    }
    if (delta.seq <= seq) return;
    // Deltas are numbered by log position, so the next one names this one as its `prev` (its seq is not seq + 1).
    if (delta.prev === seq) {
      applyInOrder([delta]);
      return;
    }
    // A delta went missing: keep this one and ask for what lies between.
    buffer.push(delta);
    void sync();
  });

  api.transport.onConnectionState((connection) => {
    const { status } = store.getState();
    store.setState({ connection, ...(connection !== 'open' && status !== 'idle' ? { status: 'offline' as const } : {}) });
  });

  return store;
}

export type BoardStore = ReturnType<typeof createBoardStore>;
