import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { errorForLog } from './safe-error.js';

/** The three connections a node keeps: commands, and the adapter's publisher and subscriber. */
export interface RedisConnections {
  commands: Redis;
  pub: Redis;
  sub: Redis;
  isReady(): boolean;
  close(): Promise<void>;
}

/**
 * Connects to Redis. Every client has an error handler (an unhandled one would crash the process)
 * and reconnects forever. Commands and publishes fail at once while Redis is down, rather than
 * queueing: the node goes on serving its own clients and MongoDB stays the source of truth.
 * Subscriptions do queue, and are renewed on reconnect.
 */
export async function connectRedis(url: string, log: Logger): Promise<RedisConnections> {
  const base: RedisOptions = {
    retryStrategy: (times) => Math.min(200 * times, 2000),
    connectTimeout: 5000,
    lazyConnect: true,
  };
  const failFast: RedisOptions = { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  const commands = new Redis(url, { ...failFast, connectionName: 'chat-commands' });
  const pub = new Redis(url, { ...failFast, connectionName: 'chat-pub' });
  const sub = new Redis(url, { ...base, maxRetriesPerRequest: null, autoResubscribe: true, connectionName: 'chat-sub' });
  const clients = { commands, pub, sub };

  for (const [name, client] of Object.entries(clients)) {
    let down = false;
    client.on('error', (err) => {
      // ioredis repeats the error on every reconnect attempt: say it once per outage.
      if (!down) log.warn({ client: name, error: errorForLog(err) }, 'redis unavailable');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info({ client: name }, 'redis reconnected');
      down = false;
    });
  }

  // Waits as long as it takes: the retry strategy keeps reconnecting, and the error handler says why.
  await Promise.all(
    Object.values(clients).map(
      (client) =>
        new Promise<void>((resolve) => {
          client.once('ready', () => resolve());
          client.connect().catch(() => {});
        }),
    ),
  );
  log.info('redis connected');

  return {
    ...clients,
    isReady: () => Object.values(clients).every((c) => c.status === 'ready'),
    async close() {
      await Promise.allSettled(Object.values(clients).map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
