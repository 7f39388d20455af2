import { createHash } from 'node:crypto';
import { roleSchema } from '../../shared/models.js';
import { demoSignInSchema, type HttpResults } from '../../shared/http.js';
import { HttpReply, publicRoute, route, type RouteDefinition } from '../infra/http-routes.js';
import type { TokenKeys } from './keys.js';
import { signToken } from './tokens.js';

/** Eight hours: a demo lasts a working session. */
const DEMO_TTL_SEC = 8 * 3600;

/**
 * Sign-in options and the demo sign-in.
 *
 * Demo sign-in, for trying the service on the embedded default: anyone may be anyone, so the
 * composition root registers these routes only when no real key is configured. The same name and
 * role always give the same user, so a demo can be picked up again after signing out.
 */
export function demoRoutes(keys: TokenKeys, defaultLocale: string): RouteDefinition[] {
  return [
    publicRoute('GET /api/demo', {}, async (): Promise<HttpResults['GET /api/demo']> => ({ roles: [...roleSchema.options] })),
    publicRoute('POST /api/demo/token', { body: demoSignInSchema }, async ({ body }) => {
      const slug = body.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
      // Names that leave no slug (all non-Latin letters) still map to one stable id.
      const sub = `demo-${body.role}-${slug || createHash('sha256').update(body.name).digest('hex').slice(0, 12)}`;
      const token = signToken(keys, { sub, role: body.role, name: body.name, locale: body.language ?? defaultLocale }, DEMO_TTL_SEC);
      const result: HttpResults['POST /api/demo/token'] = { token, user: { userId: sub, name: body.name, role: body.role }, expiresInSec: DEMO_TTL_SEC };
      return new HttpReply(201, result);
    }),
  ];
}

/** `GET /api/auth/config`: what the web app's sign-in page offers (public; no secrets); `GET /api/auth/me`: who a token makes its bearer. */
export function authConfigRoutes(config: HttpResults['GET /api/auth/config']): RouteDefinition[] {
  return [
    publicRoute('GET /api/auth/config', {}, async () => config),
    // The web app asks this after a provider sign-in: the server's role map decides, not the browser.
    route('GET /api/auth/me', {}, async (_input, { user }) => ({ user: { userId: user.userId, name: user.name, role: user.role, expiresAt: user.expiresAt } })),
  ];
}
