/** The only IPC channels between preload and main. Every contract method goes through CALL. */
export const IPC_CALL = 'frontline:call';
export const IPC_SUBSCRIBE = 'frontline:subscribe';
export const IPC_EVENT = 'frontline:event';
/** A desktop on a team server (ADR 0031): the main process's connection state, pushed on change… */
export const IPC_CONNECTION = 'frontline:connection';
/** …and asked for once when the page starts listening. */
export const IPC_CONNECTION_STATE = 'frontline:connection-state';
/** Main → page: a dial link (tel:, sip:, frontline://dial) the OS opened Frontline with. */
export const IPC_DIAL_LINK = 'frontline:dial-link';
/** Page → main: the dial links that arrived before the page listened (taken once). */
export const IPC_DIAL_LINKS_TAKE = 'frontline:dial-links-take';
/** Preload → main, once at page start (synchronous): the desk's session token kept sealed from before a restart (ADR 0038), or null. */
export const IPC_STORED_SESSION = 'frontline:stored-session';
/** The page's sessionStorage key for its session token (the renderer's session store and the preload share it). */
export const SESSION_TOKEN_KEY = 'frontline.session';
/** Page → main (desktop only): is this the first run, with no choice of core saved yet (ADR 0038)? */
export const IPC_FIRST_RUN = 'frontline:first-run';
/** Page → main: save the first-run choice (this computer, or a team server's URL); a team server restarts the app. */
export const IPC_CHOOSE_CORE = 'frontline:choose-core';
/** What the preload exposes the first-run screen as (apart from the contract bridge; the web build has none). */
export const DESKTOP_SETUP_KEY = 'frontlineDesktop';
/** Page → main: show the desktop notification for the call ringing now (one at a time, ADR 0034). */
export const IPC_RINGING_SHOW = 'frontline:ringing-show';
/** Page → main: that call stopped ringing (or the desk has the focus again): close its notification. */
export const IPC_RINGING_CLOSE = 'frontline:ringing-close';
/** Main → page: the agent pressed Answer or Decline on the notification, or clicked it. */
export const IPC_RINGING_ACTION = 'frontline:ringing-action';
/** Page → main (desktop only): the SIP password typed into the phone settings, kept sealed by the OS keychain (ADR 0038). */
export const IPC_PHONE_PASSWORD_LOAD = 'frontline:phone-password-load';
/** Page → main: keep this SIP password (a string), or forget it (null). */
export const IPC_PHONE_PASSWORD_SAVE = 'frontline:phone-password-save';
