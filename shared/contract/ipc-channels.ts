/** The only IPC channels between preload and main. Every contract method goes through CALL. */
export const IPC_CALL = 'frontline:call';
export const IPC_SUBSCRIBE = 'frontline:subscribe';
export const IPC_EVENT = 'frontline:event';
