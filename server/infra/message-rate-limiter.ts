import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { unlimited, type RateLimiter } from '../core/rate-limiter.js';

export interface MessageRateConfig {
  messageRatePerSec: number;
  messageBurst: number;
}

/**
 * Up to `burst` messages at once and `rate` per second on average: a window of burst/rate
 * seconds holding `burst` points. Either value at 0 turns the limit off.
 */
export function windowFor(config: MessageRateConfig): { points: number; duration: number } | undefined {
  if (config.messageRatePerSec === 0 || config.messageBurst === 0) return undefined;
  return { points: config.messageBurst, duration: config.messageBurst / config.messageRatePerSec };
}

export function createMessageRateLimiter(config: MessageRateConfig, limiter?: RateLimiterAbstract): RateLimiter {
  const window = windowFor(config);
  if (!window) return unlimited;
  const counters = limiter ?? new RateLimiterMemory({ keyPrefix: 'msg', ...window });
  return {
    async consume(key) {
      try {
        await counters.consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) {
          const retryAfterMs = Math.max(1, Math.ceil(res.msBeforeNext));
          throw new AppError(ErrorCode.RATE_LIMITED, 'You are sending messages too quickly; please wait a moment', {
            retryAfterMs,
          });
        }
        throw res;
      }
    },
  };
}
