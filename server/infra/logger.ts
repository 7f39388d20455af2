import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/**
 * Structured JSON logs. Message bodies, tokens and secrets must never be logged;
 * the redaction list is a second line of defence behind not passing them at all.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'peer-support-chat' },
    redact: {
      paths: ['body', '*.body', 'token', '*.token', 'auth', '*.auth', 'authorization', '*.authorization', 'headers.authorization', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  });
}
