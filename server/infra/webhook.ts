import type { Logger } from 'pino';
import { errorForLog } from './safe-error.js';
import { resolvesSafely, type WebhookRules, type WebhookSender } from '../escalation/webhook-target.js';

/**
 * POSTs JSON; answers the HTTP status, or 0 when it could not be delivered within the timeout or its
 * host now resolves into the local network (refused unless allowed).
 */
export function createWebhookSender(log: Logger, rules: WebhookRules, timeoutMs = 4000): WebhookSender {
  return async (url, payload) => {
    try {
      if (!(await resolvesSafely(url, rules))) {
        log.warn('webhook not called: its host resolves to a local or private address');
        return 0;
      }
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'peer-support-chat' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return res.status;
    } catch (err) {
      log.warn({ error: errorForLog(err) }, 'webhook not delivered');
      return 0;
    }
  };
}
