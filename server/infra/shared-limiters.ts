import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode } from '../../shared/errors.js';
import type { SlowModeGate } from '../core/slow-mode.js';
import { consumeOrRefuse } from './limits.js';

/** A counter of `points` per `duration` seconds, in Redis when there is one (falling back to memory while it is down). */
export function sharedLimiter(options: { keyPrefix: string; points: number; duration: number }, redis?: Redis): RateLimiterAbstract {
  const local = new RateLimiterMemory(options);
  return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: local, rejectIfRedisNotReady: true }) : local;
}

/** Slow mode counters, in Redis when there is one (so every node enforces the same window). */
export function createSlowModeGate(redis?: Redis): SlowModeGate {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (windowSec: number) => {
    let limiter = limiters.get(windowSec);
    if (!limiter) {
      limiter = sharedLimiter({ keyPrefix: `slowmode:${windowSec}`, points: 1, duration: windowSec }, redis);
      limiters.set(windowSec, limiter);
    }
    return limiter;
  };
  return {
    pass: (conversationId, userId, windowSec) =>
      consumeOrRefuse(limiterFor(windowSec), `${conversationId}:${userId}`, { code: ErrorCode.SLOW_MODE, message: `Slow mode is on: one message every ${windowSec} seconds` }),
  };
}
