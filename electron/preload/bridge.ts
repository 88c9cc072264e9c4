import type { Result } from '../../shared/contract/result';
import type { EventFrame } from '../../shared/contract/wire';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE } from '../../shared/contract/ipc-channels';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What the page sees as window.frontline: contract calls and events, nothing else of Electron. */
export interface FrontlineBridge {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

export const BRIDGE_KEY = 'frontline';

export function createBridge(ipc: IpcRendererLike): FrontlineBridge {
  return {
    call: (method, params) => ipc.invoke(IPC_CALL, method, params) as Promise<Result<unknown>>,
    onEvent(listener) {
      const wrapped = (_event: unknown, frame: unknown): void => listener(frame as EventFrame);
      ipc.on(IPC_EVENT, wrapped);
      void ipc.invoke(IPC_SUBSCRIBE);
      return () => {
        ipc.removeListener(IPC_EVENT, wrapped);
      };
    },
  };
}
