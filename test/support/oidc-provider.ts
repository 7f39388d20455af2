import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { errors } from 'oidc-provider';
import type { Server } from 'node:http';
import { freePort } from './processes.js';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateJwk: JWK;
  privateKey: CryptoKey;
}

export async function newSigningKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateJwk, privateKey };
}

/**
 * A real OpenID provider (oidc-provider, the certified implementation) on a free loopback port,
 * serving discovery and its JWKS; `rotate()` restarts it on the same port with other keys, as a
 * provider rotating its signing keys would. Counts JWKS fetches.
 */
/**
 * What the provider knows of the people who sign in on its dev login page (any login name passes):
 * the claims its access tokens carry for them.
 */
export type Accounts = (login: string) => { name: string; role: string | string[] };

/**
 * An API (resource server) the provider issues JWT access tokens for, as an organisation's provider
 * does once the app is registered: every authorization is for it (no `resource` parameter needed),
 * its scopes are `scope`, `aud` is `audience`, signed RS256, with the account's `role` and `name`.
 */
export interface Api {
  audience: string;
  scope: string;
  /** Seconds (the provider's default: an hour). */
  accessTokenTtlSec?: number;
}

export async function startOidcProvider(options: { keys: SigningKey[]; clients?: unknown[]; interactive?: boolean; api?: Api; accounts?: Accounts; port?: number }): Promise<{
  issuer: string;
  jwksFetches: () => number;
  /** A token as the provider would sign it, with these claims. */
  sign(claims: Record<string, unknown>, key?: SigningKey, over?: { issuer?: string; audience?: string | string[]; expiresIn?: string }): Promise<string>;
  rotate(keys: SigningKey[]): Promise<void>;
  close(): Promise<void>;
}> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  let fetches = 0;
  let keys = options.keys;
  let server: Server;
  const start = async () => {
    const { api, accounts } = options;
    const resource = 'urn:peer-support:api';
    const provider = new Provider(issuer, {
      jwks: { keys: keys.map((k) => k.privateJwk) as never },
      clients: (options.clients ?? []) as never,
      ...(accounts
        ? {
            findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: accounts(sub).name }) }),
            // JWT access tokens carry the role and the name as top-level claims, as a provider's role mapper would.
            extraTokenClaims: (_ctx, token) => ('accountId' in token && token.accountId ? { ...accounts(token.accountId) } : undefined),
            claims: { openid: ['sub'], profile: ['name'] },
          }
        : {}),
      // A refresh token to every client allowed the grant, bound to the sign-in session (as Keycloak does):
      // oidc-provider keeps `offline_access` only with prompt=consent, as OpenID Connect Core says.
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      // Chosen here rather than left to defaults the provider would warn about on every sign-in.
      ttl: { AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, RefreshToken: 86_400 },
      clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
      features: {
        // The sign-in pages are only needed where a browser signs in (options.interactive).
        devInteractions: { enabled: options.interactive ?? false },
        ...(api
          ? {
              resourceIndicators: {
                enabled: true,
                defaultResource: () => resource,
                useGrantedResource: () => true,
                getResourceServerInfo: (_ctx, indicator) => {
                  if (indicator !== resource) throw new errors.InvalidTarget();
                  return {
                    scope: api.scope,
                    audience: api.audience,
                    accessTokenFormat: 'jwt',
                    jwt: { sign: { alg: 'RS256' } },
                    ...(api.accessTokenTtlSec ? { accessTokenTTL: api.accessTokenTtlSec } : {}),
                  };
                },
              },
            }
          : {}),
      },
    });
    provider.use(async (ctx, next) => {
      if (ctx.path === '/jwks') fetches++;
      await next();
    });
    server = provider.listen(port);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  };
  await start();
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    issuer,
    jwksFetches: () => fetches,
    async sign(claims, key = keys[0]!, over = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(over.issuer ?? issuer)
        .setAudience(over.audience ?? 'peer-support-test')
        .setIssuedAt()
        .setExpirationTime(over.expiresIn ?? '10m')
        .sign(key.privateKey);
    },
    async rotate(next) {
      keys = next;
      server.closeAllConnections?.();
      await close();
      await start();
    },
    close,
  };
}
