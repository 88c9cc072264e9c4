/** The only IPC channels between preload and main. Every contract method goes through CALL. */
export const IPC_CALL = 'frontline:call';
export const IPC_SUBSCRIBE = 'frontline:subscribe';
export const IPC_EVENT = 'frontline:event';
/** A desktop on a team server (ADR 0031): the main process's connection state, pushed on change… */
export const IPC_CONNECTION = 'frontline:connection';
/** …and asked for once when the page starts listening. */
export const IPC_CONNECTION_STATE = 'frontline:connection-state';
