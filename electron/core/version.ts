/** Reported by system.ping; bump with package.json. */
export const APP_VERSION = '0.1.0';
