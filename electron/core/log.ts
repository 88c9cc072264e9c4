import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays free for a host's own messages, such as the URL it serves). */
export function createLogger(name: string, level = process.env.FRONTLINE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level }, pino.destination(2));
}
