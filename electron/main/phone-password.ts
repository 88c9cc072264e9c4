import { IPC_PHONE_PASSWORD_LOAD, IPC_PHONE_PASSWORD_SAVE } from '../../shared/contract/ipc-channels';
import type { IpcEventLike } from './ipc-binding';
import type { SealedValue } from './sealed-file';

/** The part of Electron's ipcMain this uses. */
export interface IpcMainHandleLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
}

/** Longer than any SIP password a PBX issues; a bigger value is not a password. */
export const MAX_PHONE_PASSWORD = 256;

/**
 * The SIP password an agent types into the phone settings for a PBX that Frontline does not
 * provision (issue 11 item 6, ADR 0038): sealed with the OS keychain (`safeStorage`) in the data
 * folder, so it survives a restart; without a keychain it is kept in this process's memory only
 * (a reload of the page keeps it, a restart asks again). Never written in plain text, never sent
 * to any frame but the app's own.
 */
export function bindPhonePassword(ipcMain: IpcMainHandleLike, sealed: SealedValue, trusted: (event: IpcEventLike) => boolean): void {
  let inMemory: string | null = null;
  let loaded = false;
  ipcMain.handle(IPC_PHONE_PASSWORD_LOAD, (event) => {
    if (!trusted(event)) return null;
    if (!loaded) {
      inMemory = sealed.load();
      loaded = true;
    }
    return inMemory;
  });
  ipcMain.handle(IPC_PHONE_PASSWORD_SAVE, (event, value: unknown) => {
    if (!trusted(event)) return false;
    if (value !== null && (typeof value !== 'string' || value === '' || value.length > MAX_PHONE_PASSWORD)) return false;
    inMemory = value;
    loaded = true;
    sealed.save(value);
    return true;
  });
}
