import { randomBytes, randomInt } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { GuestInput, HttpResults } from '../../shared/http.js';
import { consumeOrRefuse } from '../infra/limits.js';
import type { TokenKeys } from './keys.js';
import { signToken } from './tokens.js';

export interface GuestAccessDeps {
  keys: TokenKeys;
  ttlSec: number;
  /** Counts guest tokens per client address (shared by the nodes when Redis is there). */
  limiter: RateLimiterAbstract;
  defaultLocale: string;
}

const ANIMALS = ['Otter', 'Heron', 'Fox', 'Badger', 'Wren', 'Hare', 'Seal', 'Lynx', 'Robin', 'Owl'];
const COLOURS = ['Blue', 'Green', 'Amber', 'Silver', 'Coral', 'Olive', 'Teal', 'Ivory'];

/** People not (yet) in a program: a short-lived pseudonymous mentee token. No e-mail or phone asked. */
export class GuestAccess {
  constructor(private readonly deps: GuestAccessDeps) {}

  /** `address`: the client's, through the proxies TRUST_PROXY names. */
  async mint(address: string, input: GuestInput): Promise<HttpResults['POST /api/guest']> {
    const { keys, ttlSec, limiter, defaultLocale } = this.deps;
    await consumeOrRefuse(limiter, address, { code: ErrorCode.RATE_LIMITED, message: 'Too many guest sessions from this address; please try again later' });
    if (!keys.signKey) throw new AppError(ErrorCode.UNAVAILABLE, 'Guest access needs an HS256 secret (JWT_SECRET); this server only verifies RS256 tokens');
    const name = input.displayName ?? `${COLOURS[randomInt(COLOURS.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${randomInt(10, 100)}`;
    const sub = `guest-${randomBytes(9).toString('base64url')}`;
    const locale = input.language === 'en' || input.language === 'nl' ? input.language : defaultLocale;
    const token = signToken(keys, { sub, role: 'mentee', name, locale }, ttlSec);
    return { token, user: { userId: sub, name, role: 'mentee' }, expiresInSec: ttlSec };
  }
}
