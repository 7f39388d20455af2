import { EVENT_TIMEOUT_MS, POLL_INTERVAL_MS } from './timeouts.js';

/** Polls until `check` holds, for states no event announces (a dependency back, a count reached). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = EVENT_TIMEOUT_MS, everyMs = POLL_INTERVAL_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
