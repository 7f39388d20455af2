import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { createMessageRateLimiter, windowFor } from '../../server/infra/message-rate-limiter.js';

describe('message rate limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('maps rate and burst to a window of burst/rate seconds', () => {
    expect(windowFor({ messageRatePerSec: 5, messageBurst: 10 })).toEqual({ points: 10, duration: 2 });
    expect(windowFor({ messageRatePerSec: 0, messageBurst: 10 })).toBeUndefined();
    expect(windowFor({ messageRatePerSec: 5, messageBurst: 0 })).toBeUndefined();
    expect(windowFor({ messageRatePerSec: 3, messageBurst: 10 })).toEqual({ points: 10, duration: 10 / 3 });
    expect(windowFor({ messageRatePerSec: 20, messageBurst: 5 })).toEqual({ points: 20, duration: 1 });
  });

  it('allows the burst, then refuses with retryAfterMs until the window has passed', async () => {
    const limiter = createMessageRateLimiter({ messageRatePerSec: 5, messageBurst: 10 });
    for (let i = 0; i < 10; i++) await limiter.consume('alice');
    const err = await limiter.consume('alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RATE_LIMITED');
    expect((err as AppError).retryAfterMs).toBeGreaterThan(1900);
    await limiter.consume('bob');
    vi.advanceTimersByTime(2001);
    await limiter.consume('alice');
  });

  it('averages the configured rate over a long run', async () => {
    const limiter = createMessageRateLimiter({ messageRatePerSec: 5, messageBurst: 10 });
    let accepted = 0;
    // One attempt every 50 ms for 60 s: 20 a second offered, 5 a second allowed.
    for (let t = 0; t < 60_000; t += 50) {
      await limiter.consume('alice').then(() => accepted++, () => {});
      vi.advanceTimersByTime(50);
    }
    expect(accepted).toBe(300);
  });
});
