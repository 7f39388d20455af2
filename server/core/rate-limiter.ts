/** A per-key allowance; `consume` throws AppError RATE_LIMITED (with retryAfterMs) when it is used up. */
export interface RateLimiter {
  consume(key: string): Promise<void>;
}

export const unlimited: RateLimiter = { consume: async () => {} };
