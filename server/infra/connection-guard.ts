import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import proxyAddr from 'proxy-addr';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Slow or numerous connections must not starve the rest: requests get deadlines for their headers
 * and their whole body, and one address may hold at most `maxPerAddress` connections at once
 * (0: no cap; behind a proxy every connection comes from the proxy, which should cap instead).
 */
export function guardConnections(server: HttpServer, options: { maxPerAddress: number; headersTimeoutMs?: number; requestTimeoutMs?: number }): void {
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  if (options.maxPerAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > options.maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/** Which proxies' X-Forwarded-For to believe: none, a hop count, or addresses and subnets. */
export type TrustProxy = false | number | string;

/** The client's address as Express's `req.ip` would give it under the same trust setting. */
export function clientAddress(trust: TrustProxy): (req: IncomingMessage) => string {
  if (trust === false) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trusted = typeof trust === 'number' ? (_addr: string, hop: number) => hop < trust : proxyAddr.compile(trust.split(',').map((s) => s.trim()));
  return (req) => proxyAddr(req, trusted);
}

/**
 * Socket.IO handshakes per client address and minute (this node's count; 0: no limit). A
 * reconnect storm from one address is refused early, before any token is verified, while a
 * clinic behind one NAT address still fits: the default allows a few per user and minute.
 */
export function handshakeLimit(options: { perMinute: number; trustProxy: TrustProxy }): (req: IncomingMessage) => Promise<boolean> {
  if (options.perMinute <= 0) return async () => true;
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  const addressOf = clientAddress(options.trustProxy);
  return (req) =>
    limiter.consume(addressOf(req)).then(
      () => true,
      () => false,
    );
}
