import { principalOf, newCallContext, type Core } from '../core';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { err } from '../../shared/contract/result';
import { requestFrame, type EventFrame, type ResponseFrame } from '../../shared/contract/wire';
import { boundedSend, createRequestPump, DEFAULT_LIMITS, type ConnectionLimits } from './connection-guard';

/**
 * Largest frame a client may send; a bigger one closes that connection with 1009 (the server
 * carries on). Sized to the largest real request with room to spare: a 4,096-character caller
 * name or 4,000-character wrap-up notes, every character JSON-escaped, stay under 50 KB.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

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
export function bindWebSocketServer(wss: WebSocketServer, core: Core, limits: ConnectionLimits = DEFAULT_LIMITS): void {
  wss.on('connection', (socket: WebSocket, req?: IncomingMessage) => {
    const ctx = newCallContext(req?.socket.remoteAddress ?? null);
    let seq = 0;
    const send = (frame: ResponseFrame | EventFrame): void =>
      boundedSend(socket, limits, JSON.stringify(frame), () => {
        core.logger.warn({ address: ctx.address }, 'closing a WebSocket client that does not read');
        void core.audit.record({ kind: 'connection.slowReader', principal: principalOf(ctx), address: ctx.address ?? null });
      });
    const unsubscribe = core.subscribe(ctx, (event, payload) => send({ event, seq: ++seq, payload }));

    const pump = createRequestPump<{ data: RawData; isBinary: boolean }>(socket, limits, ({ data, isBinary }) => handle(data, isBinary));
    // When the peer was last heard from: a desk whose network died was lost then, not when the heartbeat noticed (ADR 0057).
    ctx.heardAt = Date.now();
    const heard = (): void => {
      ctx.heardAt = Date.now();
    };
    socket.on('pong', heard);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      heard();
      pump.push({ data, isBinary });
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

    socket.on('close', (code: number) => {
      // A close frame (a tab closing, a sign-out) is heard now; 1006 (none: terminated, network gone) keeps the last frame's time.
      if (code !== 1006) heard();
      pump.close();
      unsubscribe();
      core.connectionClosed(ctx);
    });
    socket.on('error', (error) => core.logger.warn({ err: error }, 'websocket client error'));
  });
}
