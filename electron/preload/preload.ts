import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, createBridge } from './bridge';

// Sandboxed preload: exposes contract calls and events only, never ipcRenderer itself.
contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
