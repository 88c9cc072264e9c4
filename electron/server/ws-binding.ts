import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { err } from '../../shared/contract/result';
import { requestFrame, type EventFrame, type ResponseFrame } from '../../shared/contract/wire';
import { newCallContext } from '../core/dispatch/call-context';
import type { Core } from '../core/create-core';

/** Largest frame a client may send; a bigger one closes that connection with 1009 (the server carries on). */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

function readId(value: unknown): string | number | null {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if ((typeof id === 'string' && id.length <= 64) || (typeof id === 'number' && Number.isInteger(id))) return id;
  }
  return null;
}

/**
 * Carries the contract over WebSocket: each connection gets its own session, its
 * requests are dispatched to the core, and every event the core lets it receive is pushed with a sequence number.
 */
export function bindWebSocketServer(wss: WebSocketServer, core: Core): void {
  wss.on('connection', (socket: WebSocket) => {
    const ctx = newCallContext();
    let seq = 0;
    const send = (frame: ResponseFrame | EventFrame): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    const unsubscribe = core.subscribe(ctx, (event, payload) => send({ event, seq: ++seq, payload }));

    socket.on('message', (data: RawData, isBinary: boolean) => {
      void handle(data, isBinary);
    });

    async function handle(data: RawData, isBinary: boolean): Promise<void> {
      if (isBinary) {
        send({ id: null, result: err('BAD_FRAME', 'binary frames are not part of the protocol; send JSON text') });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        send({ id: null, result: err('BAD_FRAME', 'frame is not valid JSON') });
        return;
      }
      const frame = requestFrame.safeParse(parsed);
      if (!frame.success) {
        send({ id: readId(parsed), result: err('BAD_FRAME', 'expected {"id", "method", "params"}') });
        return;
      }
      const result = await core.dispatch(frame.data.method, frame.data.params, ctx);
      send({ id: frame.data.id, result });
    }

    socket.on('close', unsubscribe);
    socket.on('error', (error) => core.logger.warn({ err: error }, 'websocket client error'));
  });
}
