import { Router, type Request } from 'express';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { HttpResults, HttpRoute } from '../../shared/http.js';
import type { Identity } from '../auth/identity.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { parseOrThrow } from '../core/validation.js';

/** The parts of a request a route reads, each parsed by its schema before the handler runs. */
export interface RouteParts {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}
type Parsed<P extends RouteParts> = { [K in keyof P]: P[K] extends z.ZodType ? z.output<P[K]> : never };

export interface RequestContext {
  /** The client's address, through the proxies TRUST_PROXY names. */
  ip: string;
}
export interface AuthedContext extends RequestContext {
  user: Identity;
}

/** A result with a status other than 200, or a body that is not JSON (then `body` is sent as it is). */
export class HttpReply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly contentType?: string,
  ) {}
}

type Result<R extends HttpRoute> = HttpResults[R] | HttpReply<HttpResults[R]>;

export interface RouteDefinition {
  name: HttpRoute;
  parts: RouteParts;
  authenticated: boolean;
  handle(input: Record<string, unknown>, ctx: RequestContext & { user?: Identity }): Promise<unknown> | unknown;
}

/**
 * A route for signed-in users: `Authorization: Bearer <token>` is verified first, then the parts
 * are parsed, then the handler (a service call) runs. Role checks belong to the services.
 */
export function route<R extends HttpRoute, P extends RouteParts>(
  name: R,
  parts: P,
  handle: (input: Parsed<P>, ctx: AuthedContext) => Promise<Result<R>> | Result<R>,
): RouteDefinition {
  return { name, parts, authenticated: true, handle: handle as RouteDefinition['handle'] };
}

/** A route anyone may call (guest access): no token read. */
export function publicRoute<R extends HttpRoute, P extends RouteParts>(
  name: R,
  parts: P,
  handle: (input: Parsed<P>, ctx: RequestContext) => Promise<Result<R>> | Result<R>,
): RouteDefinition {
  return { name, parts, authenticated: false, handle: handle as RouteDefinition['handle'] };
}

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined;
}

/**
 * The HTTP twin of bindCommands: every route goes through the same steps, and its errors through
 * the app's one error handler (same codes as socket acknowledgements, mapped to statuses).
 */
export function httpRouter(routes: readonly RouteDefinition[], verifier: TokenVerifier): Router {
  const router = Router();
  for (const definition of routes) {
    const [method, path] = definition.name.split(' ') as [string, string];
    const register = router[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'].bind(router);
    register(path, async (req, res) => {
      // The API answers with personal data and tokens: nothing of it belongs in a cache.
      res.set('Cache-Control', 'no-store');
      if (definition.parts.body && hasBody(req) && !req.is('application/json')) {
        throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json');
      }
      const ctx: RequestContext & { user?: Identity } = { ip: req.ip ?? 'unknown' };
      if (definition.authenticated) ctx.user = await verifier.verify(bearerToken(req));
      const { body, query, params } = definition.parts;
      const input: Record<string, unknown> = {};
      if (body) input.body = parseOrThrow(body, req.body ?? {});
      if (query) input.query = parseOrThrow(query, req.query);
      if (params) input.params = parseOrThrow(params, req.params);
      const result = await definition.handle(input, ctx);
      if (!(result instanceof HttpReply)) res.json(result);
      else if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
      else res.status(result.status).json(result.body);
    });
  }
  return router;
}
