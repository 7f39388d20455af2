import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

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
