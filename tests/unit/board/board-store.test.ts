import { describe, expect, it } from 'vitest';
import type { BoardDelta, BoardState } from '../../../shared/contract/schemas/board';
import type { EventFrame } from '../../../shared/contract/wire';
import { createApiClient } from '../../../renderer/src/platform/api-client';
import { listenerSet, type Transport } from '../../../renderer/src/platform/transport';
import { createBoardStore } from '../../../renderer/src/features/board-model/board-store';

/** A core that answers board.subscribe with a board at log position 40 and records what it was asked. */
function fakeCore() {
  const asked: string[] = [];
  const events = listenerSet<EventFrame>();
  let frames = 0;
  const transport: Transport = {
    kind: 'memory',
    async request(method) {
      asked.push(method);
      if (method === 'board.subscribe') return { ok: true, value: { seq: 40, state: { agents: [] } as unknown as BoardState } };
      return { ok: true, value: { kind: 'deltas', deltas: [] } };
    },
    onEvent: events.add,
    onConnectionState: () => () => undefined,
    close: () => undefined,
  };
  const send = (delta: BoardDelta) => events.emit({ event: 'board.delta', seq: ++frames, payload: delta });
  return { asked, send, store: createBoardStore(createApiClient(transport)) };
}

describe('board store', () => {
  it('applies a delta numbered by log position when its prev is the board it holds, without asking the core again', async () => {
    const { asked, send, store } = fakeCore();
    await store.getState().sync();
    send({ seq: 57, prev: 40, at: 1, changes: [] });
    send({ seq: 63, prev: 57, at: 2, changes: [] });
    expect(store.getState().seq).toBe(63);
    expect(asked).toEqual(['board.subscribe']);
  });

  it('asks for what it missed when a delta’s prev is not the board it holds', async () => {
    const { asked, send, store } = fakeCore();
    await store.getState().sync();
    send({ seq: 63, prev: 57, at: 2, changes: [] });
    await expect.poll(() => asked).toEqual(['board.subscribe', 'board.resync']);
    expect(store.getState().seq).toBe(40);
  });
});
