import { randomBytes, randomInt } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { ENGAGEMENTS } from '../../shared/models.js';
import type { TokenKeys } from '../auth/keys.js';
import { signToken } from '../auth/tokens.js';
import { parseOrThrow } from '../core/validation.js';
import { userOf } from '../infra/http-app.js';
import type { MatchingService } from './matching.service.js';

const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(s), 'no control characters');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Expected an IANA time zone such as Europe/Amsterdam');

export const profileSchema = z.strictObject({
  displayName: text(80),
  bio: text(2000),
  specialties: z.array(text(40).transform((s) => s.toLowerCase())).min(1).max(20),
  languages: z.array(z.string().regex(/^[a-z]{2}$/, 'Expected two-letter language codes such as nl or en')).min(1).max(10),
  certified: z.boolean(),
  engagement: z.enum(ENGAGEMENTS),
  maxActiveMentees: z.int().min(1).max(100),
  officeHours: z
    .strictObject({
      timezone,
      slots: z.array(z.strictObject({ day: z.int().min(1).max(7), from: hhmm, to: hhmm }).refine((s) => s.from < s.to, 'from must be before to')).min(1).max(50),
    })
    .optional(),
});

const guestSchema = z.strictObject({
  displayName: text(40).optional(),
  language: z.string().regex(/^[a-z]{2}$/).optional(),
});

const ANIMALS = ['Otter', 'Heron', 'Fox', 'Badger', 'Wren', 'Hare', 'Seal', 'Lynx', 'Robin', 'Owl'];
const COLOURS = ['Blue', 'Green', 'Amber', 'Silver', 'Coral', 'Olive', 'Teal', 'Ivory'];

export interface GuestOptions {
  keys: TokenKeys;
  ttlSec: number;
  /** Counts guest tokens per client address (shared by the nodes when Redis is there). */
  limiter: RateLimiterAbstract;
  defaultLocale: string;
}

/** Profiles (`PUT /api/specialists/me`, `GET /api/specialists`) and guest access (`POST /api/guest`). */
export function matchingRoutes(matching: MatchingService, auth: RequestHandler, guest: GuestOptions): Router {
  const router = Router();

  router.put('/api/specialists/me', auth, async (req, res) => {
    const input = parseOrThrow(profileSchema, req.body);
    res.json({ profile: await matching.putProfile(userOf(res), input) });
  });
  router.get('/api/specialists', auth, async (_req, res) => {
    res.json({ specialists: await matching.listProfiles(userOf(res)) });
  });

  // People not (yet) in a program: a short-lived pseudonymous mentee token. No e-mail or phone asked.
  router.post('/api/guest', async (req, res) => {
    const input = parseOrThrow(guestSchema, req.body ?? {});
    try {
      // req.ip: the client's address, through the proxies TRUST_PROXY names.
      await guest.limiter.consume(req.ip ?? 'unknown');
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AppError(ErrorCode.RATE_LIMITED, 'Too many guest sessions from this address; please try again later', { retryAfterMs: Math.ceil(err.msBeforeNext) });
      }
      throw err;
    }
    if (!guest.keys.signKey) throw new AppError(ErrorCode.UNAVAILABLE, 'Guest access needs an HS256 secret (JWT_SECRET); this server only verifies RS256 tokens');
    const name = input.displayName ?? `${COLOURS[randomInt(COLOURS.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${randomInt(10, 100)}`;
    const sub = `guest-${randomBytes(9).toString('base64url')}`;
    const locale = input.language === 'en' ? 'en' : input.language === 'nl' ? 'nl' : guest.defaultLocale;
    const token = signToken(guest.keys, { sub, role: 'mentee', name, locale }, guest.ttlSec);
    res.status(201).json({ token, user: { userId: sub, name, role: 'mentee' }, expiresInSec: guest.ttlSec });
  });
  return router;
}
