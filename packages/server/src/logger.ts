import { pino } from 'pino';

/** The logger every part of the server receives (pino's interface). */
export type Logger = pino.Logger;

/** A pino logger writing JSON lines to stdout at `level` (`silent` for tests). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'faultline' } });
}
