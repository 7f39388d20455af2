import cors from 'cors';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, ErrorCode, type ErrorPayload } from '../../shared/errors.js';
import { errorForLog, toErrorPayload } from './safe-error.js';
import { webAppRouter } from './web-app.js';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AUTH_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  MUTED: 403,
  SLOW_MODE: 429,
  GROUP_FULL: 409,
  CONTACT_DETAILS: 422,
  ALREADY_CLAIMED: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

export interface ReadinessCheck {
  name: string;
  /** false: a failing check degrades the node but does not take it out of the rotation. Default true. */
  critical?: boolean;
  check(): Promise<boolean>;
}

export interface HttpAppOptions {
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For to believe, so req.ip is the client's address. */
  trustProxy: false | number | string;
  log: Logger;
  readiness: ReadinessCheck[];
  /** The JSON API (httpRouter). */
  api: Router;
  /** GET /metrics: with a token, for bearers of it; without, for loopback clients only. */
  metrics: { registry: Registry; token?: string };
  /** The built web app's folder (served at /), when there is a build. */
  webDir?: string;
  /** Origins besides our own the web app may call (the organisation's OpenID provider). */
  connectSrc?: string[];
}

/** Express: health probes, the JSON API, and errors in the same shape as socket acknowledgements. */
export function createHttpApp(options: HttpAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  // nosniff, frame and referrer policies and the rest of the usual headers; connect-src adds the provider, if any.
  app.use(helmet({ contentSecurityPolicy: { directives: { connectSrc: ["'self'", ...(options.connectSrc ?? [])] } } }));
  app.set('trust proxy', options.trustProxy);
  app.use(cors({ origin: options.corsOrigins.length > 0 ? options.corsOrigins : false }));
  app.use(express.json({ limit: '32kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      options.readiness.map(async (r) => ({ name: r.name, critical: r.critical ?? true, ok: await r.check().catch(() => false) })),
    );
    const ready = results.every((r) => r.ok || !r.critical);
    const degraded = results.some((r) => !r.ok);
    res.status(ready ? 200 : 503).json({
      status: !ready ? 'unavailable' : degraded ? 'degraded' : 'ready',
      checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'failing'])),
    });
  });

  app.get('/metrics', async (req, res) => {
    const { registry, token } = options.metrics;
    const allowed = token ? timingSafeEqualText(req.headers.authorization ?? '', `Bearer ${token}`) : isLoopback(req.socket.remoteAddress);
    if (!allowed) {
      res.status(token ? 401 : 403).json({ error: { code: token ? ErrorCode.AUTH_REQUIRED : ErrorCode.FORBIDDEN, message: token ? 'A metrics token is required' : 'Metrics are served to loopback clients only (set METRICS_TOKEN)' } });
      return;
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });

  app.use(options.api);
  const web = options.webDir ? webAppRouter(options.webDir) : undefined;
  if (web) app.use(web);

  app.use((_req, _res, next) => next(new AppError(ErrorCode.NOT_FOUND, 'No such endpoint')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const error = httpError(err);
    if (error.code === ErrorCode.INTERNAL) options.log.error({ error: errorForLog(err) }, 'request failed');
    if (error.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    res.status(STATUS[error.code]).json({ error });
  });
  return app;
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function httpError(err: unknown): ErrorPayload {
  // body-parser's own errors: malformed JSON, too large, wrong charset.
  const status = (err as { status?: unknown; type?: unknown })?.status;
  if (!(err instanceof AppError) && typeof status === 'number' && status >= 400 && status < 500) {
    return { code: ErrorCode.VALIDATION_FAILED, message: 'The request body is not valid JSON or is too large', details: { issues: [] } };
  }
  return toErrorPayload(err);
}
