import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { errorForLog } from './infra/safe-error.js';

/** Entry point: read the configuration, start, and shut down gracefully on SIGTERM/SIGINT. */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const app = await createApp(config);
  // A library's stray rejection must fail one operation, never end the process.
  process.on('unhandledRejection', (reason) => app.log.error({ error: errorForLog(reason) }, 'unhandled rejection'));
  const address = await app.listen();
  app.log.info({ port: address.port, host: address.address, store: app.store.kind, nodes: config.redisUrl ? 'redis' : 'single' }, 'listening');
  if (app.store.kind === 'memory') {
    app.log.warn('embedded default: in-memory store on a single node; all history is lost when this process stops');
    process.stderr.write(embeddedBanner(address.port));
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownGraceMs * 2 + 5000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ error: errorForLog(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function embeddedBanner(port: number) {
  return `
  ================================================================================
   EMBEDDED DEFAULT: in-memory store, single node.
   History lives in this process's memory and is LOST when it stops.
   For production set MONGODB_URI (history) and REDIS_URL (several nodes).

   Listening on port ${port}. Get a demo token in another terminal:
     npm run token -- --role mentee --sub alice --name Alice
     npm run token -- --role specialist --sub sam --name Sam
     npm run token -- --role admin --sub ada --name Ada
  ================================================================================

`;
}

main().catch((err) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
