import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, type ErrorCode } from '../../shared/errors.js';

/**
 * Takes `points` from the key's allowance. A refusal becomes an AppError with the given code and
 * message and `retryAfterMs`; any other failure (the store behind the limiter) is thrown as it is.
 */
export async function consumeOrRefuse(
  limiter: RateLimiterAbstract,
  key: string,
  refusal: { code: ErrorCode; message: string },
  points = 1,
): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    throw new AppError(refusal.code, refusal.message, { retryAfterMs: Math.max(1, Math.ceil(res.msBeforeNext)) });
  }
}
