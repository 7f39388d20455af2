import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { idSchema, userIdSchema } from '../../shared/ids.js';
import { roleSchema, type Role } from '../../shared/models.js';
import { lineSchema } from '../../shared/text.js';
import type { Identity } from './identity.js';
import type { TokenKeys } from './keys.js';
import type { OidcVerifier } from './oidc.js';

const claimsSchema = z.object({
  sub: userIdSchema,
  role: roleSchema,
  name: lineSchema(100),
  programId: idSchema.optional(),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).optional(),
  exp: z.number(),
  iat: z.number().optional(),
});

/** A token issued more than this far in the future is refused (clocks drift a little, not an hour). */
const MAX_CLOCK_SKEW_SEC = 60;

export interface TokenVerifier {
  /** Returns the identity or rejects with AppError AUTH_REQUIRED, AUTH_INVALID or AUTH_EXPIRED. */
  verify(token: unknown): Promise<Identity>;
}

export interface VerifierOptions {
  maxTtlSec?: number;
  /** The organisation's provider (OIDC_ISSUER): tokens it issued are checked against its keys. */
  oidc?: OidcVerifier;
  /** The server's own key signs guest tokens only (production with a provider). */
  ownKeyForGuestsOnly?: boolean;
}

/**
 * Checks signature (algorithm pinned), issuer, audience, expiry and the claims' shape. Tokens whose
 * `iss` is the server's own are checked against its key (guests, and without a provider everyone);
 * with a provider configured, every other token is the provider's to vouch for.
 */
export function createTokenVerifier(keys: TokenKeys, now: () => number = Date.now, options: VerifierOptions = {}): TokenVerifier {
  const own = ownKeyVerifier(keys, now, options.maxTtlSec ?? 86_400);
  const { oidc, ownKeyForGuestsOnly } = options;
  return {
    async verify(token) {
      if (typeof token !== 'string' || token.trim() === '') {
        throw new AppError(ErrorCode.AUTH_REQUIRED, 'A token is required');
      }
      if (oidc && issuerOf(token) !== keys.issuer) return oidc.verify(token, now());
      const identity = own(token);
      if (ownKeyForGuestsOnly && !(identity.role === 'mentee' && identity.userId.startsWith('guest-'))) {
        throw new AppError(ErrorCode.AUTH_INVALID, "This server's own key signs guest tokens only: sign in through the organisation's identity provider");
      }
      return identity;
    },
  };
}

/** The `iss` a token claims, unverified: only to pick which key must verify it. */
function issuerOf(token: string): unknown {
  const payload = jwt.decode(token, { json: true });
  return payload?.iss;
}

function ownKeyVerifier(keys: TokenKeys, now: () => number, maxTtlSec: number): (token: string) => Identity {
  // Built once: turning a PEM or a secret into a key object on every handshake cost measurable CPU.
  const verifyKey: KeyObject = keys.algorithm === 'RS256' ? createPublicKey(keys.verifyKey) : createSecretKey(Buffer.from(keys.verifyKey, 'utf8'));
  return (token) => {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, verifyKey, {
        algorithms: [keys.algorithm],
        issuer: keys.issuer,
        audience: keys.audience,
        clockTimestamp: Math.floor(now() / 1000),
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AppError(ErrorCode.AUTH_EXPIRED, 'The token has expired');
      throw new AppError(ErrorCode.AUTH_INVALID, 'The token is not valid');
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) {
      const fields = [...new Set(claims.error.issues.map((i) => String(i.path[0] ?? '')))].join(', ');
      throw new AppError(ErrorCode.AUTH_INVALID, `The token's claims are missing or wrong: ${fields}`);
    }
    const c = claims.data;
    const nowSec = now() / 1000;
    if (c.iat !== undefined && c.iat > nowSec + MAX_CLOCK_SKEW_SEC) throw new AppError(ErrorCode.AUTH_INVALID, 'The token claims to be issued in the future');
    if (c.exp - (c.iat ?? nowSec) > maxTtlSec) throw new AppError(ErrorCode.AUTH_INVALID, `The token lives longer than the ${maxTtlSec} seconds this server accepts`);
    const identity: Identity = { userId: c.sub, role: c.role, name: c.name, expiresAt: c.exp * 1000 };
    if (c.programId !== undefined) identity.programId = c.programId;
    if (c.locale !== undefined) identity.locale = c.locale;
    return identity;
  };
}

export interface TokenClaims {
  sub: string;
  role: Role;
  name: string;
  programId?: string;
  locale?: string;
}

/** Mints a token the server accepts (the token script and the tests use this). */
export function signToken(keys: TokenKeys, claims: TokenClaims, expiresInSec = 3600): string {
  if (!keys.signKey) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Tokens cannot be minted here: only the public key (RS256) is configured');
  }
  return jwt.sign({ ...claims }, keys.signKey, {
    algorithm: keys.algorithm,
    issuer: keys.issuer,
    audience: keys.audience,
    expiresIn: expiresInSec,
  });
}
