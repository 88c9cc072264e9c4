import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_SETUP_KEY } from '../../shared/contract/ipc-channels';
import { BRIDGE_KEY, createBridge, createDesktopSetupBridge, seedStoredSession, type TokenStorageLike } from './bridge';

// Sandboxed preload: exposes contract calls and events only, never ipcRenderer itself.
contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
contextBridge.exposeInMainWorld(DESKTOP_SETUP_KEY, createDesktopSetupBridge(ipcRenderer));
// The page's own sessionStorage (the preload shares its DOM storage; this tsconfig has no DOM types).
seedStoredSession(ipcRenderer, (globalThis as unknown as { sessionStorage: TokenStorageLike }).sessionStorage);
