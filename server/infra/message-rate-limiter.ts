import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode } from '../../shared/errors.js';
import { unlimited, type RateLimiter } from '../core/rate-limiter.js';
import { consumeOrRefuse } from './limits.js';

export interface MessageRateConfig {
  messageRatePerSec: number;
  messageBurst: number;
}

/**
 * Up to `burst` messages at once and `rate` per second on average: a window of burst/rate seconds
 * holding `burst` points. Windows are at least a second long (then holding `rate` points).
 * Either value at 0 turns the limit off.
 */
export function windowFor(config: MessageRateConfig): { points: number; duration: number } | undefined {
  const { messageRatePerSec: rate, messageBurst: burst } = config;
  if (rate === 0 || burst === 0) return undefined;
  if (burst / rate >= 1) return { points: burst, duration: burst / rate };
  return { points: rate, duration: 1 };
}

// rate-limiter-flexible's own script rounds windows down to whole seconds; this one keeps milliseconds.
const INCR_PX = `
local window = math.floor(tonumber(ARGV[4]) * 1000)
redis.call('set', KEYS[1], 0, 'PX', window, 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('pexpire', KEYS[1], window)
  ttl = window
end
return {consumed, ttl}`;

/**
 * The per-user message allowance. With Redis the counters are shared by every node, so connecting
 * to several nodes does not multiply it; while Redis is down each node counts for itself.
 */
export function createMessageRateLimiter(config: MessageRateConfig, redis?: Redis): RateLimiter {
  const window = windowFor(config);
  if (!window) return unlimited;
  const local = new RateLimiterMemory({ keyPrefix: 'msg', ...window });
  const counters: RateLimiterAbstract = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: 'ratelimit:msg',
        ...window,
        insuranceLimiter: local,
        rejectIfRedisNotReady: true,
        customIncrTtlLuaScript: INCR_PX,
      })
    : local;
  return { consume: (key) => consumeOrRefuse(counters, key, { code: ErrorCode.RATE_LIMITED, message: 'You are sending messages too quickly; please wait a moment' }) };
}
