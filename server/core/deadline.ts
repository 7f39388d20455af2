import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One deadline per command: every store call made while handling it shares the time left, so a
 * command that reads twice from a hung store answers once its deadline passes, not after two timeouts.
 */
const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline `ms` from now (for everything it awaits). */
export function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return deadlines.run(Date.now() + ms, work);
}

/** Runs background work started by a command (a tick, a dispatch) free of that command's deadline. */
export function outsideDeadline<T>(work: () => T): T {
  return deadlines.exit(work);
}

/** The time left before the current command's deadline, capped at `fallbackMs` (which applies outside a command). */
export function timeLeft(fallbackMs: number): number {
  const deadline = deadlines.getStore();
  return deadline === undefined ? fallbackMs : Math.min(fallbackMs, deadline - Date.now());
}
