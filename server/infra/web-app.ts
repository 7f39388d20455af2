import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths that belong to the server itself, never to the web app's client-side routes. */
const SERVER_PATHS = /^\/(?:api|socket\.io|metrics|healthz|readyz)(?:\/|$)/;

/**
 * Serves the built web app (client/web/dist): hashed assets cached for a year, everything else
 * (index.html, the service worker) revalidated on every load so a new build shows at once. Any
 * other GET that is not the server's own answers index.html, for the app's client-side routes.
 * Returns undefined when there is no build.
 */
export function webAppRouter(dir: string): Router | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use(
    express.static(dir, {
      index: 'index.html',
      setHeaders(res, path) {
        res.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
