import type { EventName, EventPayload } from '../../../shared/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods';
import type { Result } from '../../../shared/contract/result';
import type { Transport } from './transport';

/** Typed contract calls and events over whichever transport was picked. */
export function createApiClient(transport: Transport) {
  return {
    transport,
    call<M extends MethodName>(method: M, params: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      return transport.request(method, params) as Promise<Result<MethodOutput<M>>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>, seq: number) => void): () => void {
      return transport.onEvent((frame) => {
        if (frame.event === event) listener(frame.payload as EventPayload<E>, frame.seq);
      });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
