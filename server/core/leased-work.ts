import type { Logger } from 'pino';
import { errorForLog } from '../infra/safe-error.js';

/**
 * Claims and carries out leased work until none is due (at most `max` items a pass). A store that
 * cannot be reached ends the pass; an item that fails is logged and left for its lease to lapse,
 * when this or another node tries it again.
 */
export async function drainLeased<T extends { id: string }>(options: {
  claim: () => Promise<T | undefined>;
  handle: (item: T) => Promise<void>;
  log: Logger;
  /** Names the work in log lines. */
  what: string;
  max?: number;
}): Promise<void> {
  const { claim, handle, log, what } = options;
  for (let i = 0; i < (options.max ?? 50); i++) {
    let item: T | undefined;
    try {
      item = await claim();
    } catch (err) {
      log.warn({ error: errorForLog(err) }, `${what}: store unavailable`);
      return;
    }
    if (!item) return;
    try {
      await handle(item);
    } catch (err) {
      log.error({ error: errorForLog(err), id: item.id }, `${what} failed`);
    }
  }
}
