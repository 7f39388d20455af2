import type { Logger } from 'pino';
import type { WebhookSender } from '../escalation/escalation.steps.js';
import { errorForLog } from './safe-error.js';

/** POSTs JSON; answers the HTTP status, or 0 when it could not be delivered within the timeout. */
export function createWebhookSender(log: Logger, timeoutMs = 4000): WebhookSender {
  return async (url, payload) => {
    try {
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
