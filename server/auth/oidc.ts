import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { idSchema, userIdSchema } from '../../shared/ids.js';
import type { Role } from '../../shared/models.js';
import { lineSchema } from '../../shared/text.js';
import type { Identity } from './identity.js';

export interface OidcConfig {
  issuer: string;
  /** `aud` must contain this (JWT_AUDIENCE). */
  audience: string;
  /** A dotted path to a string or an array (OIDC_ROLE_CLAIM, default `role`). */
  roleClaim: string;
  /** Provider value → role (OIDC_ROLE_MAP). */
  roleMap: Record<string, Role>;
  /** OIDC_NAME_CLAIM; then `name`, then `preferred_username`. */
  nameClaim: string;
  programClaim?: string;
  /** For the web app's sign-in (OIDC_CLIENT_ID) and how the button names the provider. */
  clientId?: string;
  /** OIDC_SCOPE: what the web app asks the provider for (the web app's default when unset). */
  scope?: string;
  providerName: string;
}

/** When one token maps to several roles, the most privileged wins. */
const PRIVILEGE: readonly Role[] = ['mentee', 'specialist', 'clinician', 'admin'];
/** A token naming a kid we do not know refreshes the provider's keys at most this often. */
const JWKS_COOLDOWN_MS = 60_000;

/** Reads `a.b.c` from the claims. */
function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

export interface OidcVerifier {
  verify(token: string, now: number): Promise<Identity>;
}

/**
 * Verifies the organisation's provider's tokens: discovery once at start, the JWKS through jose
 * (cached; a token with an unknown `kid` refreshes it, at most once a minute, so a stream of bad
 * tokens cannot make the server hammer the provider; a rotated key needs no restart), RS256 or
 * ES256 only, `iss` exactly the issuer, `aud` containing ours. Claims become an identity through
 * the configured role map; a token with no mapped role is refused, naming the claim it read.
 */
export async function createOidcVerifier(config: OidcConfig, options: { jwksCooldownMs?: number } = {}): Promise<OidcVerifier> {
  const discoveryUrl = `${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(discoveryUrl, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`OpenID discovery at ${discoveryUrl} answered ${res.status}`);
  const discovery = (await res.json()) as { issuer?: string; jwks_uri?: string };
  if (discovery.issuer !== config.issuer) throw new Error(`OpenID discovery names issuer ${String(discovery.issuer)}, not ${config.issuer}`);
  if (!discovery.jwks_uri) throw new Error('OpenID discovery names no jwks_uri');
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: options.jwksCooldownMs ?? JWKS_COOLDOWN_MS, timeoutDuration: 5000 });

  return {
    async verify(token, now) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ['RS256', 'ES256'],
          currentDate: new Date(now),
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw new AppError(ErrorCode.AUTH_EXPIRED, 'The token has expired');
        throw new AppError(ErrorCode.AUTH_INVALID, 'The token is not valid');
      }
      return toIdentity(payload, config);
    },
  };
}

export function toIdentity(payload: JWTPayload, config: OidcConfig): Identity {
  const raw = claimAt(payload, config.roleClaim);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const roles = values.map((v) => config.roleMap[v]).filter((r): r is Role => r !== undefined);
  if (roles.length === 0) throw new AppError(ErrorCode.AUTH_INVALID, `The token carries no role this server knows in its "${config.roleClaim}" claim`);
  const role = roles.reduce((a, b) => (PRIVILEGE.indexOf(b) > PRIVILEGE.indexOf(a) ? b : a));
  const sub = userIdSchema.safeParse(payload.sub);
  if (!sub.success) throw new AppError(ErrorCode.AUTH_INVALID, 'The token\'s "sub" claim is not a user id this server accepts');
  const nameValue = [config.nameClaim, 'name', 'preferred_username'].map((c) => claimAt(payload, c)).find((v) => typeof v === 'string' && v.trim() !== '');
  const name = lineSchema(100).safeParse(nameValue ?? sub.data);
  const identity: Identity = { userId: sub.data, role, name: name.success ? name.data : sub.data, expiresAt: payload.exp! * 1000 };
  if (config.programClaim) {
    const program = idSchema.safeParse(claimAt(payload, config.programClaim));
    if (program.success) identity.programId = program.data;
  }
  return identity;
}

/** `ggz-clinician=clinician,peer=specialist` → a map; roles checked. */
export function parseRoleMap(text: string | undefined): Record<string, Role> {
  const map: Record<string, Role> = { mentee: 'mentee', specialist: 'specialist', clinician: 'clinician', admin: 'admin' };
  if (!text) return map;
  const parsed: Record<string, Role> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [value, role] = pair.split('=').map((s) => s.trim());
    if (!value || !role || !PRIVILEGE.includes(role as Role)) throw new Error(`OIDC_ROLE_MAP: "${pair}" is not providerValue=role (role one of ${PRIVILEGE.join(', ')})`);
    parsed[value] = role as Role;
  }
  return parsed;
}
