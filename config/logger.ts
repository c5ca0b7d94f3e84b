import { pino } from 'pino';
import type { Logger } from '../domain/logger.ts';
import type { Config } from './schema.ts';

/** The process logger: JSON lines on stderr, so stdout stays free for command output. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { app: 'vigie' } }, pino.destination(2));
}
