import { WebSocket } from 'ws';
import type { Result } from '../../shared/contract/result';
import type { ServerFrame } from '../../shared/contract/wire';

/** Thrown for a request whose answer never came: the connection closed first (the server was killed). */
export class Unanswered extends Error {
  constructor(method: string) {
    super(`${method}: connection closed before the answer`);
  }
}

export interface ContractClient {
  /** One request; resolves with the contract envelope, rejects with Unanswered if the socket closes first. */
  call<T>(method: string, params: unknown): Promise<Result<T>>;
  close(): void;
}

/** A bare contract client over the server's WebSocket API (the frame format of shared/contract/wire.ts); pushed events go to `onEvent`. */
export function connectClient(apiUrl: string, onEvent?: (event: string, payload: unknown) => void): Promise<ContractClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(apiUrl);
    const waiting = new Map<number, { method: string; resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }>();
    let nextId = 0;
    let closed = false;
    const failAll = (): void => {
      closed = true;
      for (const w of waiting.values()) w.reject(new Unanswered(w.method));
      waiting.clear();
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if ('event' in frame) {
        onEvent?.(frame.event, frame.payload);
        return;
      }
      if (typeof frame.id !== 'number') return;
      const w = waiting.get(frame.id);
      if (w === undefined) return;
      waiting.delete(frame.id);
      w.resolve(frame.result);
    });
    ws.on('close', failAll);
    ws.on('error', () => {
      // 'close' follows and fails whatever was waiting.
    });
    ws.once('open', () =>
      resolve({
        call<T>(method: string, params: unknown): Promise<Result<T>> {
          if (closed) return Promise.reject(new Unanswered(method));
          const id = ++nextId;
          return new Promise<Result<T>>((res, rej) => {
            waiting.set(id, { method, resolve: res as (r: Result<unknown>) => void, reject: rej });
            ws.send(JSON.stringify({ id, method, params }));
          });
        },
        close: () => ws.terminate(),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('close', () => reject(new Error(`could not connect to ${apiUrl}`)));
  });
}
